"""Every reader survives any file: thousands of seeded random mutations of a valid file each
(raw bytes, zip members, JSON values), read through the service that imports them. Each file
is either accepted or refused with the reader's own error (a French sentence); nothing else
escapes, and a refused file leaves the database exactly as it was.

The seed is fixed, so a failure is reproduced by running the test again; the failures list
names the mutation's number and kind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import random
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ent_coach import paths
from ent_coach.content import progress_bundle
from ent_coach.content.practice_exchange import ExchangeFileError
from ent_coach.content.practices import load_practices
from ent_coach.content.profile_archive import ArchiveError
from ent_coach.content.progress_bundle import write_bundle
from ent_coach.content.seance_plan_file import PlanFileError, write_plan
from ent_coach.domain.coaching import PlanItem, SeancePlan
from ent_coach.domain.pathways import ChecklistItem, InstalledContent, StepKind
from ent_coach.domain.practices import PracticeSource
from ent_coach.domain.profiles import ProfileError
from ent_coach.domain.taxonomy import Role
from ent_coach.services.coaching import UNREADABLE_FILE, CoachingService, ImportOutcome
from ent_coach.services.mydata import MyDataService
from ent_coach.services.pathways import PathwayService
from ent_coach.services.practices import PracticeDraft, PracticeService
from ent_coach.services.profiles import ProfileService
from ent_coach.store.database import Store
from ent_coach.store.models import Base
from tests.unit import fuzzing
from tests.unit.test_mydata import fill_profile
from tests.unit.test_xapi_validation import PSEUDONYM, builder_statements

SEED = 20_261_208
MUTATIONS = 2_000
# Progress files and profile archives go through a database import each (and an accepted one
# is undone): fewer of them keep the four tests well under a minute together.
IMPORT_MUTATIONS = 1_500
WHEN = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def table_digest(store: Store) -> str:
    """Every row of every table."""
    digest = hashlib.sha256()
    with store.reader() as connection:
        for table in sorted(Base.metadata.tables):
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY 1"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


def commits(store: Store) -> int:
    """A number that changes whenever another connection commits a change to the database
    (SQLite's ``data_version``, seen from the read connection; the services write through
    their own): a refused file must leave it as it was."""
    with store.reader() as connection:
        return connection.execute("PRAGMA data_version").fetchone()[0]


def fuzz(
    source: bytes,
    target: Path,
    mutate: Callable[[bytes, random.Random], tuple[str, bytes]],
    attempt: Callable[[Path], bool],
    store: Store,
    *,
    count: int = MUTATIONS,
) -> tuple[list[str], int]:
    """Write ``count`` mutations of ``source`` to ``target`` one after the other and run
    ``attempt`` on each (True: accepted, False: refused as documented; anything it raises is
    a failure). Returns the failures and the number of refused files."""
    rng = random.Random(SEED)
    failures: list[str] = []
    refused = 0
    for number in range(count):
        kind, data = mutate(source, rng)
        target.write_bytes(data)
        before = commits(store)
        try:
            accepted = attempt(target)
        except Exception as error:  # what the test is looking for
            failures.append(f"n° {number} ({kind}) : {type(error).__name__}: {error}"[:300])
            continue
        if not accepted:
            refused += 1
            if commits(store) != before:
                failures.append(f"n° {number} ({kind}) : refusé, mais la base a changé")
    return failures, refused


def _zip_or_bytes(
    forge: Callable[[bytes, random.Random], bytes] | None = None,
) -> Callable[[bytes, random.Random], tuple[str, bytes]]:
    def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
        roll = rng.random()
        if forge is not None and roll < 0.2:
            return "forged", forge(data, rng)
        if roll < 0.55:
            return fuzzing.mutate_zip(data, rng, mutate_json=fuzzing.mutate_json_bytes)
        return fuzzing.mutate_bytes(data, rng)

    return mutate


def _json_or_bytes(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    if rng.random() < 0.7:
        return "json", fuzzing.mutate_json_bytes(data, rng)
    return fuzzing.mutate_bytes(data, rng)


# --- progress files -------------------------------------------------------------------------


def _forge_bundle(data: bytes, rng: random.Random) -> bytes:
    """One statement changed (or the list itself), the checksum and count recomputed: a file
    that passes the archive's checks and reaches the statements' own."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    statements = json.loads(members["statements.json"])
    if rng.random() < 0.8:
        index = rng.randrange(len(statements))
        statements[index] = fuzzing.mutate_document(statements[index], rng)
    else:
        statements = fuzzing.mutate_document(statements, rng)
    payload = json.dumps(statements, ensure_ascii=False).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["statements_sha256"] = hashlib.sha256(payload).hexdigest()
    if isinstance(statements, list) and rng.random() < 0.9:
        manifest["counts"]["statements"] = len(statements)
    members["statements.json"] = payload
    members["manifest.json"] = json.dumps(manifest).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, member in members.items():
            archive.writestr(name, member)
    return out.getvalue()


def test_progress_files(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All the mutated files in one import, as a tutor drops a folder: the batch never stops,
    and during each refused file nothing is committed. After an accepted file the séance is
    emptied again, so that every file is imported into the same state."""
    # Small reading windows: the 17 statements span several batches, so a file refused late
    # has had statements written before its refusal (which must then be undone).
    monkeypatch.setattr(progress_bundle, "_WINDOW_BYTES", 8192)
    source = tmp_path / "source.zip"
    write_bundle(
        source, statements=builder_statements(), pseudonym=PSEUDONYM, display_name="Léa Martin",
        seance_code=None, app_version="0.1.0", content_version="2026.03", created_at=WHEN,
    )  # fmt: skip
    pathways = PathwayService(store, lambda: (), InstalledContent)
    service = CoachingService(
        store, app_version="t", content_version="t", installed=InstalledContent,
        question_titles=dict, pathways=pathways,
    )  # fmt: skip
    tutor = ProfileService(store).create(display_name="Formateur", role=Role.FORMATEUR)
    plan = service.create_seance(
        tutor, title="Séance", date=WHEN.date(), place="", tutor_note="",
        items=[PlanItem(id="", kind=StepKind.QUIZ_ASSESSMENT, title="Évaluation", minutes=20)],
    )  # fmt: skip
    folder = tmp_path / "fichiers"
    folder.mkdir()
    rng = random.Random(SEED)
    mutate = _zip_or_bytes(_forge_bundle)
    kinds = []
    for number in range(IMPORT_MUTATIONS):
        kind, data = mutate(source.read_bytes(), rng)
        (folder / f"{number:05d}.zip").write_bytes(data)
        kinds.append(kind)
    changed: list[bool] = []  # per file: was anything committed while it was imported?
    version = [commits(store)]

    def after_file(done: int, _total: int) -> None:
        if done:
            changed.append(commits(store) != version[0])
            with store.reader() as connection:
                imported = connection.execute("SELECT count(*) FROM seance_participants")
            if imported.fetchone()[0]:
                service.remove_participant(tutor, plan.code, PSEUDONYM)
                version[0] = commits(store)

    results = service.import_bundles(tutor, plan.code, [folder], progress=after_file)
    assert len(results) == len(changed) == IMPORT_MUTATIONS
    failures = [
        f"n° {number} ({kinds[number]}) : {result.outcome.label}, {result.message}"[:300]
        for number, result in enumerate(results)
        if UNREADABLE_FILE in result.message
        or f"« {result.path.name} »" not in result.message
        or (result.outcome is ImportOutcome.REJECTED and changed[number])
    ]
    assert failures == []
    refused = sum(r.outcome is ImportOutcome.REJECTED for r in results)
    assert refused > IMPORT_MUTATIONS * 0.7
    assert any(r.outcome is ImportOutcome.IMPORTED for r in results)


# --- séance plans ---------------------------------------------------------------------------

PLAN = SeancePlan(
    code="K7P4QX",
    title="Demi-journée ENT — droit à l'image",
    date=dt.date(2026, 3, 10),
    place="INSPE, salle 204",
    tutor_note="Apportez vos identifiants.",
    items=(
        PlanItem("i1", StepKind.TUTORIAL, "Lire : le blog", 15, reference="blog-de-classe"),
        PlanItem("i2", StepKind.QUIZ_THEME, "S'entraîner", 20, reference="droit-image",
                 pass_mark=0.8),
        PlanItem("i3", StepKind.QUIZ_ASSESSMENT, "Évaluation", 25, pass_mark=0.7, seed=123),
        PlanItem("i6", StepKind.ACTIVITY, "Publier", 20, instructions="Dans votre ENT.",
                 checklist=(ChecklistItem("publie", "Un billet est publié"),)),
    ),
)  # fmt: skip


def test_seance_plans(store: Store, tmp_path: Path) -> None:
    source = tmp_path / "source.json"
    write_plan(source, PLAN, app_version="0.1.0", exported_at=WHEN)
    pathways = PathwayService(store, lambda: (), InstalledContent)
    service = CoachingService(
        store, app_version="t", content_version="t", installed=InstalledContent,
        question_titles=dict, pathways=pathways,
    )  # fmt: skip
    trainee = ProfileService(store).create(display_name="Léa", role=Role.STAGIAIRE_2D)

    def attempt(path: Path) -> bool:
        try:
            service.import_plan(trainee, path)
        except PlanFileError:
            return False
        return True

    failures, refused = fuzz(
        source.read_bytes(), tmp_path / "plan.json", _json_or_bytes, attempt, store
    )
    assert failures == []
    assert refused > MUTATIONS * 0.5


# --- practice files -------------------------------------------------------------------------


def test_practice_files(store: Store, tmp_path: Path) -> None:
    shipped = tuple(load_practices(paths.resources_dir() / "practices").practices)
    service = PracticeService(store, lambda: shipped)
    lea = ProfileService(store).create(display_name="Léa", role=Role.STAGIAIRE_2D)
    practice = service.create(lea, PracticeDraft(
        title="Un herbier partagé sur le mur collaboratif",
        summary="Les élèves de CE1 déposent chaque semaine une photo de feuille et sa légende.",
        levels=("cycle-2",), disciplines=("sciences",), services=("mur-collaboratif",),
        duration="Une période", description="Chaque lundi, un binôme photographie une feuille "
        "ramassée dans la cour et rédige sa légende avec la classe avant de la publier.",
        steps=("Créer le mur", "Publier chaque lundi"), benefits=("Observer.",),
        vigilance=("Aucune photo d'élève.",),
        sources=(PracticeSource("Éduscol", "Les ENT", "https://eduscol.education.fr/ent"),),
    ))  # fmt: skip
    source = tmp_path / "source.json"
    service.export(lea, [practice.id], source)
    service.delete(lea, practice.id)

    def attempt(path: Path) -> bool:
        try:
            preview = service.preview_import(lea, path)
        except ExchangeFileError:
            return False
        assert preview.items
        return True

    failures, refused = fuzz(
        source.read_bytes(), tmp_path / "pratiques.json", _json_or_bytes, attempt, store
    )
    assert failures == []
    assert refused > MUTATIONS * 0.5


# --- profile archives -----------------------------------------------------------------------


def test_profile_archives(store: Store, tmp_path: Path) -> None:
    profiles = ProfileService(store)
    lea = profiles.create(display_name="Léa", role=Role.STAGIAIRE_2D)
    fill_profile(store, lea, "LEA1")
    service = MyDataService(store, data_dir=tmp_path)
    source = tmp_path / "source.zip"
    service.export(lea.id, source)
    profiles.delete(lea.id)

    remover = sqlite3.connect(store.path)
    remover.execute("PRAGMA foreign_keys = ON")  # every row of a profile goes with it
    before = table_digest(store)

    def attempt(path: Path) -> bool:
        try:
            imported = service.import_file(path)
        except (ArchiveError, ProfileError):
            return False
        with remover:
            remover.execute("DELETE FROM profiles WHERE id = ?", (imported.id,))
        return True

    failures, refused = fuzz(
        source.read_bytes(), tmp_path / "donnees.zip", _zip_or_bytes(), attempt, store,
        count=IMPORT_MUTATIONS,
    )  # fmt: skip
    remover.close()
    assert failures == []
    assert refused > IMPORT_MUTATIONS * 0.5
    assert table_digest(store) == before


def test_the_mutations_are_reproducible() -> None:
    first = [fuzzing.mutate_bytes(b"0123456789" * 10, random.Random(SEED)) for _ in range(3)]
    again = [fuzzing.mutate_bytes(b"0123456789" * 10, random.Random(SEED)) for _ in range(3)]
    assert first == again
