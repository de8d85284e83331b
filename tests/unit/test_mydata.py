"""« Mes données »: counts, export → import round trip, erase for good, hostile archives."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ent_coach.content import profile_archive as archive_format
from ent_coach.content.profile_archive import DATA_MEMBER, README_MEMBER, ArchiveError
from ent_coach.domain import statements as xapi
from ent_coach.domain.profiles import Profile
from ent_coach.domain.taxonomy import Role
from ent_coach.services.mydata import MyDataService, file_slug
from ent_coach.services.profiles import ProfileService
from ent_coach.store import mydata as queries
from ent_coach.store import profiles as profile_queries
from ent_coach.store.database import Store, open_store
from ent_coach.store.models import (
    AssessmentRatingRow,
    AssessmentRow,
    Base,
    OwnPracticeRow,
    PathwayEnrolmentRow,
    PathwayNoteRow,
    PathwayStepRecordRow,
    PathwayTickRow,
    PracticeFavouriteRow,
    QuizAnswerRow,
    QuizAttemptRow,
    QuizReviewRow,
    SandboxWorkspaceRow,
)
from ent_coach.store.progress import record_activity, save_note
from tests.unit import fuzzing

NOW = dt.datetime(2026, 3, 14, 9, 30, 5)


# --- helpers --------------------------------------------------------------------------------


def _statement(profile: Profile, verb: xapi.Verb, tutorial_id: str, minutes: int) -> dict[str, Any]:
    return xapi.tutorial_statement(
        verb=verb,
        actor_=xapi.actor(install_id="abc123", pseudonym=profile.pseudonym),
        tutorial_id=tutorial_id,
        title=f"Tutoriel {tutorial_id}",
        content_version=2,
        timestamp=NOW + dt.timedelta(minutes=minutes),
    )


def fill_profile(store: Store, profile: Profile, tag: str) -> None:
    """At least one row of every kind for ``profile``; ``tag`` makes its texts unique."""
    with store.session() as session:
        for minutes, (verb, tutorial) in enumerate(
            [(xapi.EXPERIENCED, "ent-1"), (xapi.EXPERIENCED, "ent-2"), (xapi.COMPLETED, "ent-1")]
        ):
            record_activity(
                session, profile_id=profile.id, activity_id=xapi.tutorial_iri(tutorial),
                kind="tutorial", now=NOW, completed=verb is xapi.COMPLETED, extra_seconds=12.5,
                statement=_statement(profile, verb, tutorial, minutes),
            )  # fmt: skip
        save_note(session, profile_id=profile.id, tutorial_id="ent-1", now=NOW,
                  text=f"Note secrète {tag} : penser au blog de la 4e B.")  # fmt: skip
        attempt = f"{tag[:4]:0>4}aaaa-0000-4000-8000-000000000001"
        session.add(QuizAttemptRow(
            id=attempt, profile_id=profile.id, mode="entrainement", theme="droit-image", seed=7,
            item_ids='["q1","q2"]', cbm=True, status="termine", started_at=NOW, finished_at=NOW,
            score_raw=1, score_max=2, cbm_total=3,
        ))  # fmt: skip
        session.flush()
        for position, correct in ((0, True), (1, False)):
            session.add(QuizAnswerRow(
                attempt_id=attempt, position=position, try_number=1, item_id=f"q{position + 1}",
                response='["a"]', correct=correct, certainty=2, answered_at=NOW,
            ))  # fmt: skip
        session.add(QuizReviewRow(profile_id=profile.id, item_id="q2", box=1, due=NOW.date()))
        for mode, ref in (("scenario", "blog-de-la-4b"), ("libre", "college")):
            session.add(SandboxWorkspaceRow(
                profile_id=profile.id, mode=mode, ref_id=ref, steps='[{"op":"x"}]', hints_shown=1,
                solution_seen=False, attempt=2, passed=mode == "scenario", updated_at=NOW,
            ))  # fmt: skip
        assessment = f"{tag[:4]:0>4}bbbb-0000-4000-8000-000000000002"
        session.add(AssessmentRow(id=assessment, profile_id=profile.id, framework_id="crcn",
                                  created_at=NOW))  # fmt: skip
        session.flush()
        session.add(AssessmentRatingRow(assessment_id=assessment, competence_id="1.1", level=3,
                                        evidence=f"Preuve {tag}"))  # fmt: skip
        session.add(PracticeFavouriteRow(profile_id=profile.id, practice_id="blog-sortie",
                                         added_at=NOW))  # fmt: skip
        session.add(OwnPracticeRow(profile_id=profile.id, id=f"pratique-{tag.lower()}",
                                   data=json.dumps({"title": f"Pratique {tag}"}),
                                   created_at=NOW, updated_at=NOW))  # fmt: skip
        # Stopped: screens that record pathway progress on showing add no statement here.
        pathway = "premiers-pas-dans-l-ent"
        session.add(PathwayEnrolmentRow(
            profile_id=profile.id, pathway_id=pathway, started_at=NOW, stopped_at=NOW,
            completed_at=None, registration=f"{tag[:4]:0>4}cccc-0000-4000-8000-000000000003",
        ))  # fmt: skip
        session.add(PathwayTickRow(profile_id=profile.id, pathway_id=pathway,
                                   step_id="premiere-semaine", item_id="mot-de-passe",
                                   ticked_at=NOW))  # fmt: skip
        session.add(PathwayNoteRow(profile_id=profile.id, pathway_id=pathway,
                                   step_id="premiere-semaine", text=f"Note de parcours {tag}",
                                   updated_at=NOW))  # fmt: skip
        session.add(PathwayStepRecordRow(profile_id=profile.id, pathway_id=pathway,
                                         step_id="decouvrir-l-ent", recorded_at=NOW))  # fmt: skip


def linked_by_walking(metadata=Base.metadata) -> dict[str, str | None]:
    """Written independently of the code under test: table → parent table (None = profiles)."""
    linked: dict[str, str | None] = {}
    changed = True
    while changed:
        changed = False
        for table in metadata.tables.values():
            if table.name == "profiles" or table.name in linked:
                continue
            for fk in table.foreign_keys:
                target = fk.column.table.name
                if target == "profiles" or target in linked:
                    linked[table.name] = None if target == "profiles" else target
                    changed = True
                    break
    return linked


def rows_per_table(store: Store, profile_id: int) -> dict[str, int]:
    with store.session() as session:
        return {
            link.name: session.scalar(
                select(func.count()).select_from(link.table).where(queries._owned_by(link, profile_id))
            )
            for link in queries.linked_tables()
        }


def dump_of(store: Store, profile_id: int) -> dict[str, Any]:
    with store.session() as session:
        return queries.dump(session, profile_id=profile_id)


def db_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def table_digest(store: Store) -> str:
    """Every row of every table, to show a refused import changed nothing."""
    digest = hashlib.sha256()
    with store.reader() as connection:
        for table in sorted(Base.metadata.tables):
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY 1"):
                digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def service(store: Store, tmp_path: Path) -> MyDataService:
    return MyDataService(store, data_dir=tmp_path)


@pytest.fixture
def lea(store: Store) -> Profile:
    profile = ProfileService(store).create(display_name="Léa", role=Role.STAGIAIRE_2D, pin="2468")
    fill_profile(store, profile, "LEA1")
    return profile


@pytest.fixture
def other(store: Store) -> Profile:
    profile = ProfileService(store).create(display_name="Noé", role=Role.ENSEIGNANT)
    fill_profile(store, profile, "NOE2")
    return profile


@pytest.fixture
def fresh_store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path / "autre-ordinateur" / "ent-coach.sqlite3")
    yield opened
    opened.close()


# --- schema coverage ----------------------------------------------------------------------


# A tutor's séances hold other people's records (trainees' imported progress): erased with the
# tutor's profile, never carried by « Mes données ».
SEANCE_TABLES = {"seances", "seance_participants", "seance_statements"}


def test_every_table_linked_to_profiles_is_exported_and_erased() -> None:
    expected = linked_by_walking()
    assert {"statements", "quiz_answers", "assessment_ratings", "own_practices"} <= set(expected)
    assert set(expected) >= SEANCE_TABLES
    exported = {link.name for link in queries.linked_tables()}
    assert exported == set(expected) - SEANCE_TABLES, "table liée aux profils absente de l'export"
    erased_directly = {model.__table__.name for model in profile_queries.PROFILE_TABLES}
    direct = {name for name, parent in expected.items() if parent is None}
    assert direct <= erased_directly, f"non effacées : {sorted(direct - erased_directly)}"


def test_fill_profile_covers_every_linked_table(store: Store, lea: Profile) -> None:
    empty = [name for name, count in rows_per_table(store, lea.id).items() if count == 0]
    assert not empty, f"fill_profile ne remplit pas : {empty} (complétez le test)"


# --- counts -------------------------------------------------------------------------------


def test_counts_per_category(service: MyDataService, lea: Profile, other: Profile) -> None:
    counts = service.counts(lea.id)
    assert counts.get(f"verb:{xapi.EXPERIENCED.id}") == 2
    assert counts.get(f"verb:{xapi.COMPLETED.id}") == 1
    assert counts.total_events == 3
    assert [line.label for line in counts.events] == ["a consulté", "a terminé"]
    assert counts.get("notes") == 1
    assert counts.get("own_practices") == 1
    assert counts.get("practice_favourites") == 1
    assert counts.get("sandbox_workspaces:scenario") == 1
    assert counts.get("sandbox_workspaces:libre") == 1
    assert counts.get("quiz_attempts") == 1
    assert counts.get("quiz_review") == 1
    assert counts.get("assessments") == 1
    empty = ProfileService(service._store).create(display_name="Vide", role=Role.FORMATEUR)
    assert service.counts(empty.id).total == 0


def test_unknown_verb_is_labelled_from_the_statement(store: Store, service: MyDataService, lea: Profile) -> None:
    statement = _statement(lea, xapi.Verb("https://example.org/verbs/rated", "a évalué"), "x", 99)
    with store.session() as session:
        record_activity(session, profile_id=lea.id, activity_id="x", kind="autre", now=NOW,
                        statement=statement)  # fmt: skip
    labels = {line.label: line.count for line in service.counts(lea.id).events}
    assert labels["a évalué"] == 1


# --- export and import --------------------------------------------------------------------


def test_export_writes_a_readable_zip_without_the_pin(service: MyDataService, lea: Profile, tmp_path: Path) -> None:
    target = tmp_path / service.default_file_name(lea, dt.date(2026, 3, 14))
    assert target.name == "ent-coach-lea-2026-03-14.zip"
    service.export(lea.id, target)
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == [README_MEMBER, DATA_MEMBER]
        text = archive.read(DATA_MEMBER).decode("utf-8")
        readme = archive.read(README_MEMBER).decode("utf-8")
    document = json.loads(text)
    assert document["format"] == archive_format.FORMAT and document["version"] == 1
    assert document["app_version"]
    assert document["profile"]["display_name"] == "Léa"
    assert "pin" not in json.dumps(document["profile"]) and "scrypt" not in text
    assert '\n  "profile"' in text  # indented, readable
    assert document["tables"]["notes"][0]["updated_at"] == NOW.isoformat()
    assert "profile_id" not in document["tables"]["notes"][0]
    assert document["tables"]["statements"][0]["verb"]["id"] == xapi.EXPERIENCED.id
    assert "Importer un profil" in readme and "données personnelles" in readme
    assert "PIN n'est pas exporté" in readme
    assert not list(tmp_path.glob("*.tmp"))  # the temporary file was renamed


def test_round_trip_on_a_fresh_database_gives_identical_data(
    service: MyDataService, store: Store, lea: Profile, other: Profile, tmp_path: Path, fresh_store: Store
) -> None:
    target = tmp_path / "export.zip"
    service.export(lea.id, target)
    elsewhere = MyDataService(fresh_store, data_dir=tmp_path)
    preview = elsewhere.prepare_import(target)
    assert preview.existing_name is None and preview.suggested_name is None
    assert preview.archive.counts == service.counts(lea.id)
    imported = elsewhere.import_archive(preview.archive)
    assert imported.pseudonym == lea.pseudonym
    assert imported.display_name == "Léa" and imported.role is Role.STAGIAIRE_2D
    assert imported.created_at == lea.created_at
    assert not imported.has_pin
    original, copy = dump_of(store, lea.id), dump_of(fresh_store, imported.id)
    assert set(original) == set(copy)
    for table in original:
        assert copy[table] == original[table], table
    assert elsewhere.counts(imported.id) == service.counts(lea.id)
    # Statements are the same records: same ids, same payloads byte for byte.
    with store.reader() as a, fresh_store.reader() as b:
        query = "SELECT id, verb, activity_id, timestamp, payload FROM statements WHERE profile_id = ? ORDER BY id"
        assert a.execute(query, (lea.id,)).fetchall() == b.execute(query, (imported.id,)).fetchall()


def test_import_refuses_a_profile_already_here(service: MyDataService, store: Store, lea: Profile, tmp_path: Path) -> None:
    target = tmp_path / "export.zip"
    service.export(lea.id, target)
    assert service.prepare_import(target).existing_name == "Léa"
    before = table_digest(store)
    with pytest.raises(ArchiveError, match="Ce profil est déjà sur cet ordinateur"):
        service.import_file(target)
    assert table_digest(store) == before


def test_import_with_a_taken_name_asks_for_another(
    service: MyDataService, lea: Profile, tmp_path: Path, fresh_store: Store
) -> None:
    target = tmp_path / "export.zip"
    service.export(lea.id, target)
    elsewhere = MyDataService(fresh_store, data_dir=tmp_path)
    ProfileService(fresh_store).create(display_name="LÉA", role=Role.ENSEIGNANT)
    preview = elsewhere.prepare_import(target)
    assert preview.suggested_name == "Léa (2)"
    with pytest.raises(queries.NameTakenError) as caught:
        elsewhere.import_archive(preview.archive)
    assert caught.value.suggestion == "Léa (2)"
    imported = elsewhere.import_archive(preview.archive, display_name="Léa (2)")
    assert imported.display_name == "Léa (2)"
    assert elsewhere.counts(imported.id).total == service.counts(lea.id).total


def test_import_is_all_or_nothing(service: MyDataService, lea: Profile, tmp_path: Path, fresh_store: Store) -> None:
    """A statement id already on the target computer: nothing of the file is kept."""
    target = tmp_path / "export.zip"
    service.export(lea.id, target)
    elsewhere = MyDataService(fresh_store, data_dir=tmp_path)
    someone = ProfileService(fresh_store).create(display_name="Ilan", role=Role.ENSEIGNANT)
    clash = dump_of(service._store, lea.id)["statements"][-1]
    with fresh_store.session() as session:
        from ent_coach.store.progress import append_statement

        append_statement(session, profile_id=someone.id, statement=clash)
    before = table_digest(fresh_store)
    with pytest.raises(ArchiveError, match="existe déjà"):
        elsewhere.import_file(target)
    assert table_digest(fresh_store) == before


# --- erase --------------------------------------------------------------------------------


def test_erase_removes_every_row_and_leaves_others_identical(
    service: MyDataService, store: Store, lea: Profile, other: Profile
) -> None:
    others_before = dump_of(store, other.id)
    assert sum(rows_per_table(store, lea.id).values()) > 0
    service.erase(lea.id)
    assert rows_per_table(store, lea.id) == dict.fromkeys(rows_per_table(store, lea.id), 0)
    assert ProfileService(store).get(lea.id) is None
    assert dump_of(store, other.id) == others_before
    assert ProfileService(store).get(other.id) is not None
    # VACUUM and the WAL checkpoint: the name and the note are gone from the bytes on disk.
    raw = db_bytes(store.path)
    assert "Note secrète LEA1".encode() not in raw
    assert lea.pseudonym.encode() not in raw
    assert "Note secrète NOE2".encode() in raw


def test_erase_does_not_rely_on_foreign_key_cascades(store: Store, lea: Profile, other: Profile) -> None:
    """With the pragma off (a file opened by another tool), delete_profile still empties
    every linked table: each one is deleted explicitly."""
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        with Session(bind=connection) as session:
            profile_queries.delete_profile(session, lea.id)
            session.commit()
        connection.commit()  # the session joined the connection's transaction
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    with store.reader() as reader:
        for name, parent in linked_by_walking().items():
            if parent is None:
                left = reader.execute(f"SELECT count(*) FROM {name} WHERE profile_id = ?", (lea.id,))
                assert left.fetchone()[0] == 0, name
        orphans = reader.execute(
            "SELECT count(*) FROM quiz_answers WHERE attempt_id NOT IN (SELECT id FROM quiz_attempts)"
        ).fetchone()[0]
        orphans += reader.execute(
            "SELECT count(*) FROM assessment_ratings "
            "WHERE assessment_id NOT IN (SELECT id FROM assessments)"
        ).fetchone()[0]
    assert orphans == 0
    assert all(count > 0 for count in rows_per_table(store, other.id).values())


# --- hostile or broken archives -----------------------------------------------------------


def _valid_document(service: MyDataService, profile: Profile, tmp_path: Path) -> dict[str, Any]:
    target = tmp_path / "valide.zip"
    service.export(profile.id, target)
    with zipfile.ZipFile(target) as archive:
        return json.loads(archive.read(DATA_MEMBER))


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _j(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


def _with(document: dict[str, Any], change) -> bytes:
    copy = json.loads(json.dumps(document))
    change(copy)
    return json.dumps(copy).encode()


BAD_ARCHIVES = {
    "pas-un-zip": (lambda d: None, "n'est pas une archive ZIP"),
    "chemin-relatif": (lambda d: {DATA_MEMBER: _j(d), "../evil.txt": b"x"}, "chemin dangereux"),
    "chemin-absolu": (lambda d: {DATA_MEMBER: _j(d), "/etc/evil": b"x"}, "chemin dangereux"),
    "antislash": (lambda d: {DATA_MEMBER: _j(d), "..\\evil": b"x"}, "chemin dangereux"),
    "membre-en-trop": (lambda d: {DATA_MEMBER: _j(d), "autre.txt": b"x"}, "fichier inattendu"),
    "sans-donnees": (lambda d: {README_MEMBER: b"x"}, "ne contient pas le fichier"),
    "json-casse": (lambda d: {DATA_MEMBER: b"{pas du json"}, "n'est pas un JSON valide"),
    "pas-utf8": (lambda d: {DATA_MEMBER: b"\xff\xfe{}"}, "UTF-8"),
    "mauvais-format": (
        lambda d: {DATA_MEMBER: _with(d, lambda x: x.update(format="autre-chose"))},
        "n'est pas une archive de données ENT Coach",
    ),
    "version-99": (
        lambda d: {DATA_MEMBER: _with(d, lambda x: x.update(version=99))},
        "version plus récente d'ENT Coach",
    ),
    "champ-manquant": (
        lambda d: {DATA_MEMBER: _with(d, lambda x: x["profile"].pop("display_name"))},
        "champ manquant : « profile.display_name »",
    ),
    "script-dans-le-nom": (
        lambda d: {DATA_MEMBER: _with(d, lambda x: x["profile"].update(display_name="<script>alert(1)</script>"))},
        "balisage",
    ),
    "table-inconnue": (
        lambda d: {DATA_MEMBER: _with(d, lambda x: x["tables"].update(piratage=[{"a": 1}]))},
        "Catégorie de données inconnue",
    ),
    "colonne-inconnue": (
        lambda d: {DATA_MEMBER: _with(d, lambda x: x["tables"]["notes"][0].update(profile_id=1))},
        "Champ inconnu « notes[0].profile_id »",
    ),
    "texte-trop-long": (
        lambda d: {DATA_MEMBER: _with(d, lambda x: x["tables"]["quiz_review"][0].update(item_id="x" * 81))},
        "trop long",
    ),
    "mauvaise-date": (
        lambda d: {DATA_MEMBER: _with(d, lambda x: x["tables"]["notes"][0].update(updated_at="hier"))},
        "date ISO 8601",
    ),
    "evenement-incomplet": (
        lambda d: {DATA_MEMBER: _with(d, lambda x: x["tables"]["statements"][0].pop("verb"))},
        "« verb » manque",
    ),
    "evenement-d-un-autre": (
        lambda d: {DATA_MEMBER: _with(
            d, lambda x: x["tables"]["statements"][0]["actor"]["account"].update(name="autre"))},
        "concerne un autre profil",
    ),
    "reponse-orpheline": (
        lambda d: {DATA_MEMBER: _with(
            d, lambda x: x["tables"]["quiz_answers"][0].update(attempt_id="ffffffff-0000-4000-8000-000000000009"))},
        "élément absent du fichier",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ARCHIVES))
def test_bad_archives_are_refused_and_change_nothing(
    case: str, service: MyDataService, store: Store, lea: Profile, tmp_path: Path
) -> None:
    document = _valid_document(service, lea, tmp_path)
    service.erase(lea.id)  # so that a valid file would import
    build, message = BAD_ARCHIVES[case]
    target = tmp_path / f"{case}.zip"
    members = build(document)
    if members is None:
        target.write_bytes(b"ceci n'est pas un zip")
    else:
        _zip(target, members)
    before = table_digest(store)
    with pytest.raises(ArchiveError) as caught:
        service.import_file(target)
    assert message in str(caught.value)
    with pytest.raises(ArchiveError):
        service.prepare_import(target)
    assert table_digest(store) == before


def test_the_valid_document_used_by_the_bad_cases_imports(
    service: MyDataService, store: Store, lea: Profile, tmp_path: Path
) -> None:
    """Guards the parametrised test above: each refusal comes from its one change."""
    document = _valid_document(service, lea, tmp_path)
    service.erase(lea.id)
    target = _zip(tmp_path / "ok.zip", {DATA_MEMBER: json.dumps(document).encode()})
    assert service.import_file(target).display_name == "Léa"


def test_oversize_file_is_refused_before_reading(service: MyDataService, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(archive_format, "MAX_ARCHIVE_BYTES", 1000)
    target = tmp_path / "gros.zip"
    target.write_bytes(b"PK" + b"\0" * 2000)
    with pytest.raises(ArchiveError, match="trop volumineux"):
        service.import_file(target)


def test_zip_bomb_is_refused_without_inflating_it(service: MyDataService, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(archive_format, "MAX_DATA_BYTES", 1024 * 1024)
    target = _zip(tmp_path / "bombe.zip", {DATA_MEMBER: b" " * (20 * 1024 * 1024)})
    assert target.stat().st_size < 100_000
    with pytest.raises(ArchiveError, match="trop volumineux une fois décompressé"):
        service.import_file(target)


def test_symlink_member_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "lien.zip"
    with zipfile.ZipFile(target, "w") as archive:
        info = zipfile.ZipInfo(DATA_MEMBER)
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(ArchiveError, match="lien ou un dossier"):
        archive_format.read_archive(target)


def _damaged_copies(source: bytes) -> dict[str, bytes]:
    """What a failing USB key or a cut download makes of an archive."""
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        data_offset = archive.getinfo(DATA_MEMBER).header_offset
    flipped = bytearray(source)
    flipped[data_offset + 30 + len(DATA_MEMBER) + 40] ^= 0x55  # inside the deflate stream
    return {
        "deflate-endommage": bytes(flipped),
        "nom-illisible": fuzzing.undecodable_name(source, DATA_MEMBER, at=2),
        "nom-vide": _renamed(source, README_MEMBER, ""),
    }


def _renamed(source: bytes, member: str, name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            fresh = zipfile.ZipInfo(name if info.filename == member else info.filename)
            fresh.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(fresh, old.read(info))
    return out.getvalue()


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("deflate-endommage", "est endommagée ou incomplète"),
        ("nom-illisible", "le nom d'un des fichiers qu'elle contient est illisible"),
        ("nom-vide", "chemin dangereux"),
    ],
)
def test_a_damaged_archive_gets_a_french_message_and_nothing_is_written(
    case: str, words: str, service: MyDataService, store: Store, lea: Profile, tmp_path: Path
) -> None:
    """zlib.error, UnicodeDecodeError and IndexError escaped the reader: the screen showed
    « Une erreur inattendue s'est produite : Error -3 while decompressing data… »."""
    source = tmp_path / "export.zip"
    service.export(lea.id, source)
    service.erase(lea.id)  # so that an intact copy would import
    target = tmp_path / f"{case}.zip"
    target.write_bytes(_damaged_copies(source.read_bytes())[case])
    before = table_digest(store)
    with pytest.raises(ArchiveError) as caught:
        service.import_file(target)
    assert words in str(caught.value)
    assert not re.search(r"[Ee]rror|codec|index", str(caught.value))
    assert table_digest(store) == before


def test_a_symbolic_link_to_an_archive_is_refused(
    service: MyDataService, store: Store, lea: Profile, tmp_path: Path
) -> None:
    source = tmp_path / "export.zip"
    service.export(lea.id, source)
    service.erase(lea.id)
    link = tmp_path / "lien.zip"
    link.symlink_to(source)
    before = table_digest(store)
    with pytest.raises(ArchiveError) as caught:
        service.import_file(link)
    assert "« lien.zip » est refusé : c'est un lien symbolique" in str(caught.value)
    assert table_digest(store) == before
    assert service.import_file(source).display_name == "Léa"


def test_file_slug_is_safe() -> None:
    assert file_slug("Léa Martin-Édouard") == "lea-martin-edouard"
    assert file_slug("../../<>") == "profil"


def test_counts_of_archive_match_generic_insert(store: Store, lea: Profile) -> None:
    """The generic insert accepts rows with only the nullable columns missing."""
    with store.session() as session:
        table = QuizAttemptRow.__table__
        session.execute(insert(table), [{
            "id": "cccccccc-0000-4000-8000-000000000003", "profile_id": lea.id, "mode": "evaluation",
            "theme": None, "seed": 1, "item_ids": "[]", "cbm": False, "status": "en-cours",
            "started_at": NOW, "finished_at": None, "score_raw": None, "score_max": None,
            "cbm_total": None,
        }])  # fmt: skip
        tables = queries.dump(session, profile_id=lea.id)
    missing = next(row for row in tables["quiz_attempts"] if row["theme"] is None)
    missing.pop("theme")
    checked = queries.check_tables(tables)
    assert any(row["theme"] is None and row["mode"] == "evaluation" for row in checked["quiz_attempts"])
