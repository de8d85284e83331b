"""Coaching half-days (« séances »): the tutor plans a séance, hands the plan out as a file,
imports the trainees' progress bundles and reads the dashboard; a trainee imports the plan
(it becomes a pathway) and sends back their progress.

Importing is a union keyed by statement id, in one transaction per file: importing the same
files again, or in another order, gives the same séance, and a file is imported whole or not
at all. Imported participants are kept apart from the laptop's own profiles.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import io
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ent_coach.content.atomic_file import cannot_write, os_reason, write_bytes_atomically
from ent_coach.content.progress_bundle import BundleError, BundleManifest, read_bundle, write_bundle
from ent_coach.content.seance_plan_file import (
    PlanFileError,
    missing_content,
    plan_from_dict,
    plan_to_dict,
    read_plan,
    write_plan,
)
from ent_coach.domain import statements as xapi
from ent_coach.domain.coaching import (
    Dashboard,
    Participant,
    ParticipantStatements,
    PlanItem,
    SeancePlan,
    build_dashboard,
    display_code,
    is_valid_code,
    new_code,
    normalise_code,
)
from ent_coach.domain.coaching_dashboard import matrix_table
from ent_coach.domain.pathways import InstalledContent, StepKind
from ent_coach.domain.profiles import Profile
from ent_coach.domain.quiz.attempts import QuizMode
from ent_coach.domain.quiz.presentation import new_seed
from ent_coach.domain.text import plural
from ent_coach.domain.xapi_validation import canonical_bytes
from ent_coach.store.database import Store
from ent_coach.store.errors import StoreWriteError

if TYPE_CHECKING:
    from ent_coach.services.pathways import PathwayService
    from ent_coach.store.coaching import StoredSeance

CODE_ATTEMPTS = 50
CANCELLED_MESSAGE = "Non traité : l'import a été annulé avant ce fichier."
_ITEM_ID_PREFIX = "i"


class CoachingError(ValueError):
    """A séance request that cannot be honoured; the message is French and shown as is."""


class ImportOutcome(StrEnum):
    IMPORTED = "importe"
    ALREADY_KNOWN = "deja-connu"
    REJECTED = "refuse"

    @property
    def label(self) -> str:
        return {
            ImportOutcome.IMPORTED: "importé",
            ImportOutcome.ALREADY_KNOWN: "déjà connu",
            ImportOutcome.REJECTED: "refusé",
        }[self]


@dataclass(frozen=True)
class ImportResult:
    path: Path
    outcome: ImportOutcome
    message: str  # French sentence, shown as is
    participant: str | None  # display name, else a short pseudonymous label
    new_statements: int


@dataclass(frozen=True)
class SeanceSummary:
    code: str
    title: str
    date: dt.date
    place: str
    items: int
    participants: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class PlanImport:
    plan: SeancePlan
    missing: list[str]  # French lines: items whose content this app lacks
    replaced: bool  # a plan with the same code was already on this laptop


def _queries():
    """ORM queries, imported on first use (keeps SQLAlchemy off the start-up path)."""
    from ent_coach.store import coaching, profiles, progress

    return coaching, profiles, progress


def _now() -> dt.datetime:
    return dt.datetime.now()


def canonical_json(statement: Mapping[str, Any]) -> str:
    """The form a statement is stored and fingerprinted in (the same as
    ``xapi_validation.statement_fingerprint``): computed once per statement, used twice."""
    return canonical_bytes(dict(statement)).decode("utf-8")


def _participant_label(pseudonym: str, display_name: str | None) -> str:
    return display_name or f"identifiant {pseudonym[:8]}"


def _item_number(item_id: str) -> int | None:
    digits = item_id[len(_ITEM_ID_PREFIX) :]
    if item_id.startswith(_ITEM_ID_PREFIX) and digits.isdigit():
        return int(digits)
    return None


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders become the ``*.zip`` files inside them (recursively, sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.zip") if p.is_file()))
        else:
            out.append(path)
    return out


class CoachingService:
    def __init__(
        self,
        store: Store,
        *,
        app_version: str,
        content_version: str,
        installed: Callable[[], InstalledContent],
        question_titles: Callable[[], Mapping[str, str]],
        pathways: PathwayService,
    ) -> None:
        self._store = store
        self._app_version = app_version
        self._content_version = content_version
        self._installed = installed
        self._question_titles = question_titles
        self._pathways = pathways

    # --- the tutor's séances -----------------------------------------------------------

    def _require(self, session: Any, profile: Profile, code: str) -> StoredSeance:
        coaching, _, _ = _queries()
        wanted = normalise_code(code)
        seance = coaching.find_seance(session, code=wanted, profile_id=profile.id)
        if seance is None:
            raise CoachingError(
                f"Séance introuvable : « {display_code(wanted) or code} ». Elle a peut-être été "
                "supprimée, ou elle appartient à un autre profil."
            )
        return seance

    def owner(self, code: str) -> Profile | None:
        """The profile whose séance has ``code`` on this laptop (codes are unique), if any."""
        coaching, profiles, _ = _queries()
        with self._store.session() as session:
            seance = coaching.find_seance(session, code=normalise_code(code))
            return profiles.get_profile(session, seance.profile_id) if seance else None

    def seances(self, profile: Profile) -> list[SeanceSummary]:
        """The profile's séances, newest date first."""
        coaching, _, _ = _queries()
        with self._store.session() as session:
            stored = coaching.seances_of(session, profile_id=profile.id)
        summaries = [
            SeanceSummary(
                code=s.plan.code,
                title=s.plan.title,
                date=s.plan.date,
                place=s.plan.place,
                items=len(s.plan.items),
                participants=s.participants,
                updated_at=s.updated_at,
            )
            for s in stored
        ]
        return sorted(summaries, key=lambda s: (s.date, s.updated_at), reverse=True)

    @staticmethod
    def _validated(plan: SeancePlan) -> SeancePlan:
        # The plan file's rules, so the editor and a received file get the same messages.
        try:
            return plan_from_dict(plan_to_dict(plan))
        except PlanFileError as error:
            raise CoachingError(str(error)) from error

    @staticmethod
    def _numbered(items: Sequence[PlanItem], previous: SeancePlan | None) -> tuple[PlanItem, ...]:
        """Ids ``i1``, ``i2``… A kept item (same id, kind and reference as in ``previous``)
        keeps its id and seed; new ones continue the numbering, never reusing a removed id
        (statements already sent name the step by id)."""
        old = {item.id: item for item in previous.items} if previous else {}
        numbers = [n for n in (_item_number(i) for i in old) if n is not None]
        next_number = max(numbers, default=0) + 1
        out: list[PlanItem] = []
        used: set[str] = set()
        for item in items:
            kept = old.get(item.id)
            if (
                kept is not None
                and item.id not in used
                and kept.kind is item.kind
                and kept.reference == item.reference
            ):
                item_id, seed = kept.id, kept.seed if kept.seed is not None else item.seed
            elif previous is None:
                item_id, seed = f"{_ITEM_ID_PREFIX}{len(out) + 1}", item.seed
            else:
                item_id, seed = f"{_ITEM_ID_PREFIX}{next_number}", item.seed
                next_number += 1
            used.add(item_id)
            if item.kind is StepKind.QUIZ_ASSESSMENT and seed is None:
                seed = new_seed()
            if item.kind is not StepKind.QUIZ_ASSESSMENT:
                seed = None
            out.append(replace(item, id=item_id, seed=seed))
        return tuple(out)

    def create_seance(
        self,
        profile: Profile,
        *,
        title: str,
        date: dt.date,
        place: str,
        tutor_note: str,
        items: Sequence[PlanItem],
    ) -> SeancePlan:
        coaching, _, _ = _queries()
        with self._store.session() as session:
            code = self._free_code(session)
            plan = self._validated(
                SeancePlan(
                    code=code,
                    title=title.strip(),
                    date=date,
                    place=place.strip(),
                    items=self._numbered(items, None),
                    tutor_note=tutor_note.strip(),
                )
            )
            coaching.insert_seance(
                session, seance_id=str(uuid.uuid4()), profile_id=profile.id, plan=plan, now=_now()
            )
        return plan

    @staticmethod
    def _free_code(session: Any) -> str:
        coaching, _, _ = _queries()
        for _ in range(CODE_ATTEMPTS):
            code = new_code()
            if not coaching.code_taken(session, code):
                return code
        raise CoachingError(  # 25^6 codes: only a broken random source gets here
            "Impossible de trouver un code de séance libre : réessayez."
        )

    def update_seance(
        self,
        profile: Profile,
        code: str,
        *,
        title: str,
        date: dt.date,
        place: str,
        tutor_note: str,
        items: Sequence[PlanItem],
    ) -> SeancePlan:
        coaching, _, _ = _queries()
        with self._store.session() as session:
            stored = self._require(session, profile, code)
            plan = self._validated(
                SeancePlan(
                    code=stored.plan.code,
                    title=title.strip(),
                    date=date,
                    place=place.strip(),
                    items=self._numbered(items, stored.plan),
                    tutor_note=tutor_note.strip(),
                )
            )
            coaching.update_seance(session, seance_id=stored.id, plan=plan, now=_now())
        return plan

    def delete_seance(self, profile: Profile, code: str) -> None:
        coaching, _, _ = _queries()
        with self._store.session() as session:
            stored = self._require(session, profile, code)
            coaching.delete_seance(session, seance_id=stored.id)

    def plan(self, profile: Profile, code: str) -> SeancePlan:
        with self._store.session() as session:
            return self._require(session, profile, code).plan

    def export_plan(self, profile: Profile, code: str, path: Path) -> None:
        write_plan(
            path,
            self.plan(profile, code),
            app_version=self._app_version,
            exported_at=dt.datetime.now().astimezone(),
        )

    # --- importing progress bundles ----------------------------------------------------

    def import_bundles(
        self,
        profile: Profile,
        code: str,
        paths: Sequence[Path],
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[ImportResult]:
        """One result per file, in the order given (folders expanded). After a cancel, each
        remaining file gets a REJECTED line « non traité » so the tutor sees which files are
        still to import (importing them later is harmless: the union is idempotent)."""
        with self._store.session() as session:
            seance = self._require(session, profile, code)
        files: list[Path] = []
        results: list[ImportResult] = []
        for path in paths:
            if path.is_dir():
                found = expand_paths([path])
                if not found:
                    message = (
                        f"Le dossier « {path.name} » ne contient aucun fichier de progression "
                        "(.zip)."
                    )
                    results.append(ImportResult(path, ImportOutcome.REJECTED, message, None, 0))
                files.extend(found)
            else:
                files.append(path)
        total = len(files)
        with (
            _import_conditions(),
            contextlib.closing(_read_ahead(files, seance.plan.code)) as prepared_files,
        ):
            if progress is not None and total:
                progress(0, total)  # the count at once: the first file may take a while
            for done, (path, prepared) in enumerate(prepared_files):
                if cancelled is not None and cancelled():
                    results.extend(
                        ImportResult(rest, ImportOutcome.REJECTED, CANCELLED_MESSAGE, None, 0)
                        for rest in files[done:]
                    )
                    break
                results.append(self._import_file(seance, path, prepared))
                if progress is not None:
                    progress(done + 1, total)
        return results

    def _import_file(
        self, seance: StoredSeance, path: Path, prepared: PreparedFile | ImportResult
    ) -> ImportResult:
        if isinstance(prepared, ImportResult):
            return prepared
        manifest, label = prepared.manifest, prepared.label
        try:
            added, created = self._insert_bundle(seance, path, manifest, prepared.rows)
        except (CoachingError, StoreWriteError) as error:
            return ImportResult(path, ImportOutcome.REJECTED, str(error), label, 0)
        if added == 0 and not created:
            return ImportResult(
                path, ImportOutcome.ALREADY_KNOWN,
                f"Rien de nouveau dans « {path.name} » : la progression de {label} était déjà "
                "importée.",
                label, 0,
            )  # fmt: skip
        return ImportResult(
            path, ImportOutcome.IMPORTED,
            plural(
                added,
                "%n nouvelle déclaration de %1 importée depuis « %2 ».",
                "%n nouvelles déclarations de %1 importées depuis « %2 ».",
            )
            .replace("%1", label)
            .replace("%2", path.name),
            label, added,
        )  # fmt: skip

    def _insert_bundle(
        self,
        seance: StoredSeance,
        path: Path,
        manifest: BundleManifest,
        rows: Sequence[StatementRow],
    ) -> tuple[int, bool]:
        """(new statements, participant created), in one transaction: a conflict rolls back
        the whole file."""
        coaching, _, _ = _queries()
        with self._store.session() as session:
            existing = coaching.find_participant(
                session, seance_id=seance.id, pseudonym=manifest.pseudonym
            )
            known = coaching.known_fingerprints(
                session, seance_id=seance.id, statement_ids=[row[0] for row in rows]
            )
            fresh = []
            for row in rows:
                previous = known.get(row[0])
                if previous is None:
                    fresh.append(row)
                elif previous != row[1]:
                    raise CoachingError(
                        f"Le fichier « {path.name} » est refusé : la déclaration {row[0]} a déjà "
                        "été importée avec un contenu différent (fichier modifié, ou deux "
                        "fichiers qui se contredisent). Rien n'a été importé de ce fichier."
                    )
            renamed = (
                existing is not None
                and manifest.display_name is not None
                and manifest.display_name != existing.display_name
            )
            if existing is not None and not fresh and not renamed:
                return 0, False  # nothing to write: the séance stays exactly as it was
            participant_id = coaching.save_participant(
                session,
                seance_id=seance.id,
                existing=existing,
                pseudonym=manifest.pseudonym,
                display_name=manifest.display_name,
                app_version=manifest.app_version,
                content_version=manifest.content_version,
                now=_now(),
            )
            coaching.insert_statements(
                session, seance_id=seance.id, participant_id=participant_id, rows=fresh
            )
        return len(fresh), existing is None

    # --- participants, dashboard, exports ----------------------------------------------

    def participants(self, profile: Profile, code: str) -> list[Participant]:
        coaching, _, _ = _queries()
        with self._store.session() as session:
            seance = self._require(session, profile, code)
            return coaching.participants(session, seance_id=seance.id)

    def remove_participant(self, profile: Profile, code: str, pseudonym: str) -> None:
        coaching, _, _ = _queries()
        with self._store.session() as session:
            seance = self._require(session, profile, code)
            found = coaching.find_participant(session, seance_id=seance.id, pseudonym=pseudonym)
            if found is None:
                raise CoachingError("Ce participant n'est plus dans la séance.")
            coaching.remove_participant(session, participant_id=found.id)

    def dashboard(
        self, profile: Profile, code: str, *, now: dt.datetime | None = None
    ) -> Dashboard:
        coaching, _, _ = _queries()
        with self._store.session() as session:
            seance = self._require(session, profile, code)
            people = coaching.participants(session, seance_id=seance.id)
            statements = coaching.statements_by_participant(session, seance_id=seance.id)
        return build_dashboard(
            seance.plan,
            [
                ParticipantStatements(person, tuple(statements.get(person.pseudonym, ())))
                for person in people
            ],
            now=now or dt.datetime.now().astimezone(),
            question_titles=self._question_titles(),
        )

    def export_statements(self, profile: Profile, code: str, path: Path) -> int:
        """Every imported statement of the séance as one JSON array (for an LRS)."""
        coaching, _, _ = _queries()
        with self._store.session() as session:
            seance = self._require(session, profile, code)
            payloads = coaching.statement_payloads(session, seance_id=seance.id)
        data = ("[" + ",\n".join(payloads) + "]\n").encode("utf-8")
        _write_or_explain(path, data)
        return len(payloads)

    def export_csv(self, profile: Profile, code: str, path: Path, *, anonymise: bool) -> None:
        """The on-screen matrix, cell for cell: UTF-8 with BOM (Excel), « ; », CRLF."""
        header, rows = matrix_table(self.dashboard(profile, code), anonymise=anonymise)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        _write_or_explain(path, buffer.getvalue().encode("utf-8-sig"))

    # --- the trainee's side ------------------------------------------------------------

    def import_plan(self, profile: Profile, path: Path) -> PlanImport:
        coaching, _, _ = _queries()
        plan = read_plan(path)
        with self._store.session() as session:
            replaced = coaching.save_received_plan(session, plan=plan, now=_now())
        self._pathways.received_plans_changed()
        self._pathways.follow(profile, plan.pathway_id)
        return PlanImport(plan, missing_content(plan, self._installed()), replaced)

    def received_plan(self, code: str) -> SeancePlan | None:
        coaching, _, _ = _queries()
        with self._store.session() as session:
            return coaching.received_plan(session, code=normalise_code(code))

    def export_bundle(
        self, profile: Profile, path: Path, *, seance_code: str | None, include_name: bool
    ) -> BundleManifest:
        """The profile's statements (all, or those concerning a received séance plan) as a
        progress bundle; the display name goes in only when ``include_name``. Without it, no
        text the person typed goes either (``neutral_own_practices``)."""
        coaching, _, progress = _queries()
        code = normalise_code(seance_code) if seance_code is not None else None
        # Steps done since the person last went back to the home are recorded now, so that
        # the tutor sees them (activities are only known through these statements).
        self._pathways.record_progress(profile)
        with self._store.session() as session:
            statements = [
                _with_offset(s) for s in progress.statements_for(session, profile_id=profile.id)
            ]
            if code is not None:
                plan = coaching.received_plan(session, code=code)
                if plan is None:
                    raise CoachingError(
                        f"La séance {display_code(code) if is_valid_code(code) else code} "
                        "n'est pas sur cet ordinateur : importez d'abord le plan de séance."
                    )
                assessment = next(
                    (i for i in plan.items if i.kind is StepKind.QUIZ_ASSESSMENT), None
                )
                registrations = (
                    coaching.assessment_registrations(
                        session, profile_id=profile.id, seed=assessment.seed
                    )
                    if assessment is not None
                    else set()
                )
                statements = seance_statements(plan, statements, registrations)
        if not include_name:
            statements = neutral_own_practices(
                statements, shipped=self._installed().practices, key=_profile_key(profile)
            )
        return write_bundle(
            path,
            statements=statements,
            pseudonym=profile.pseudonym,
            display_name=profile.display_name if include_name else None,
            seance_code=code,
            app_version=self._app_version,
            content_version=self._content_version,
            created_at=dt.datetime.now().astimezone(),
        )


# (statement id, fingerprint, timestamp, canonical JSON): one row of ``seance_statements``.
StatementRow = tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class PreparedFile:
    """A bundle read, checked and encoded, ready to be written."""

    manifest: BundleManifest
    label: str
    rows: list[StatementRow]


def _prepare_file(*, path: Path, code: str) -> PreparedFile | ImportResult:
    """Everything an import does to a file before the database: reading and checking it,
    the séance check, and each statement's canonical form and fingerprint. No shared state,
    so it runs on the import's reading thread; a refusal comes back as its result."""
    try:
        bundle = read_bundle(path)
    except (BundleError, OSError) as error:
        return ImportResult(path, ImportOutcome.REJECTED, _message(error), None, 0)
    manifest = bundle.manifest
    label = _participant_label(manifest.pseudonym, manifest.display_name)
    if manifest.seance_code is not None and manifest.seance_code != code:
        return ImportResult(
            path, ImportOutcome.REJECTED,
            f"Le fichier « {path.name} » est la progression de la séance "
            f"{display_code(manifest.seance_code)}, pas de la séance {display_code(code)} : "
            "importez-le dans la bonne séance.",
            label, 0,
        )  # fmt: skip
    rows: list[StatementRow] = []
    for statement in bundle.statements:
        # Hashed as bytes and stored as text: the same canonical form, encoded once.
        canonical = canonical_bytes(statement)
        fingerprint = hashlib.sha256(canonical).hexdigest()
        rows.append((statement["id"], fingerprint, statement["timestamp"], canonical.decode()))
    return PreparedFile(manifest=manifest, label=label, rows=rows)


# While an import runs, the reading thread (pure Python) hands the interpreter lock over
# every millisecond instead of every 5 ms: the writing thread takes it back for a moment after
# each SQLite call, and waited up to 5 ms each time.
_IMPORT_SWITCH_INTERVAL = 0.001


def _read_ahead(
    files: Sequence[Path], code: str
) -> Iterator[tuple[Path, PreparedFile | ImportResult]]:
    """Each file prepared, in order, one file ahead on a second thread: while file n is
    written to the database (SQLite works without holding the interpreter lock), file n + 1
    is read, checked and encoded. One file ahead only, so memory stays that of two files;
    closing the iterator waits for the file being read and drops it."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lecture-progression") as reader:
        ahead = reader.submit(_prepare_file, path=files[0], code=code) if files else None
        for index, path in enumerate(files):
            assert ahead is not None
            prepared = ahead.result()
            if index + 1 < len(files):
                ahead = reader.submit(_prepare_file, path=files[index + 1], code=code)
            yield path, prepared


@contextlib.contextmanager
def _import_conditions() -> Iterator[None]:
    """Two interpreter settings for the length of an import, restored afterwards.

    The cycle collector is paused: parsing a bundle creates hundreds of thousands of small
    dicts and lists, which set it off over and over (it then walks every live object), and
    made reading several times slower. Nothing here creates cycles; reference counting still
    frees each file's objects. And the thread switch interval is shortened (see above)."""
    was_enabled = gc.isenabled()
    interval = sys.getswitchinterval()
    gc.disable()
    sys.setswitchinterval(min(interval, _IMPORT_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        if was_enabled:
            gc.enable()


OWN_PRACTICE_LABEL = "Pratique personnelle"


def _profile_key(profile: Profile) -> bytes:
    # Known on this computer only (the creation time never leaves it): the neutral ids below
    # cannot be matched against guessed titles by whoever receives the file.
    return f"{profile.pseudonym}|{profile.created_at.isoformat()}".encode()


def neutral_own_practices(
    statements: Iterable[dict[str, Any]], *, shipped: frozenset[str], key: bytes
) -> list[dict[str, Any]]:
    """The statements with every practice the person wrote made neutral: its title (free
    text) becomes « Pratique personnelle » and its id, a slug of that title, a keyed digest
    (the same practice keeps the same id from one file to the next). Shipped practices, whose
    titles are the application's, are unchanged."""
    prefix = xapi.practice_iri("")
    neutral: list[dict[str, Any]] = []
    for statement in statements:
        target = statement.get("object")
        activity_id = target.get("id") if isinstance(target, dict) else None
        if (
            not isinstance(activity_id, str)
            or not activity_id.startswith(prefix)
            or activity_id.removeprefix(prefix) in shipped
        ):
            neutral.append(statement)
            continue
        digest = hashlib.blake2b(activity_id.encode(), key=key[:64], digest_size=8).hexdigest()
        definition = {**target.get("definition", {}), "name": {"fr-FR": OWN_PRACTICE_LABEL}}
        neutral.append({
            **statement,
            "object": {**target, "id": xapi.practice_iri(f"personnelle-{digest}"), "definition": definition},
        })  # fmt: skip
    return neutral


def _with_offset(statement: dict[str, Any]) -> dict[str, Any]:
    """Self-assessments saved before this version carry a local time without its offset,
    which xAPI (and the tutor's import) refuses: it is sent as the local time it was."""
    stamp = statement.get("timestamp")
    if not isinstance(stamp, str):
        return statement
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return statement
    if moment.tzinfo is not None:
        return statement
    return {**statement, "timestamp": moment.astimezone().isoformat(timespec="seconds")}


def _message(error: BaseException) -> str:
    if isinstance(error, OSError):
        return f"Lecture impossible ({os_reason(error)})."
    return str(error)


def _write_or_explain(path: Path, data: bytes) -> None:
    try:
        write_bytes_atomically(path, data)
    except OSError as error:
        raise CoachingError(cannot_write(path, error)) from error


def _plan_activities(plan: SeancePlan) -> set[str]:
    """Activity IRIs of the plan, the quiz assessment apart (it is matched by registration)."""
    ids = {xapi.pathway_iri(plan.pathway_id)}
    for item in plan.items:
        ids.add(xapi.pathway_step_iri(plan.pathway_id, item.id))
        reference = item.reference or ""
        match item.kind:
            case StepKind.TUTORIAL:
                ids.add(xapi.tutorial_iri(reference))
            case StepKind.QUIZ_THEME:
                ids.add(xapi.quiz_iri(QuizMode.TRAINING.value, reference))
            case StepKind.SCENARIO:
                ids.add(xapi.scenario_iri(reference))
            case StepKind.PRACTICE:
                ids.add(xapi.practice_iri(reference))
    return ids


def _context_ids(statement: Mapping[str, Any]) -> Iterable[str]:
    activities = (statement.get("context") or {}).get("contextActivities") or {}
    for key in ("parent", "grouping"):
        for activity in activities.get(key) or ():
            if isinstance(activity, dict) and isinstance(activity.get("id"), str):
                yield activity["id"]


def seance_statements(
    plan: SeancePlan, statements: Sequence[dict[str, Any]], registrations: set[str]
) -> list[dict[str, Any]]:
    """The statements concerning the plan: by object id or context parent/grouping, and for
    the quiz assessment only the attempts drawn with the plan's seed (``registrations``:
    those attempts' ids), including their answered questions."""
    wanted = _plan_activities(plan)
    assessment_iri = xapi.quiz_iri(QuizMode.ASSESSMENT.value)
    has_assessment = any(item.kind is StepKind.QUIZ_ASSESSMENT for item in plan.items)
    kept: list[dict[str, Any]] = []
    for statement in statements:
        object_id = (statement.get("object") or {}).get("id")
        parents = set(_context_ids(statement))
        if object_id == assessment_iri or assessment_iri in parents:
            registration = (statement.get("context") or {}).get("registration")
            if has_assessment and registration in registrations:
                kept.append(statement)
        elif object_id in wanted or parents & wanted:
            kept.append(statement)
    return kept


__all__ = [
    "CANCELLED_MESSAGE",
    "CoachingError",
    "CoachingService",
    "ImportOutcome",
    "ImportResult",
    "PlanImport",
    "SeanceSummary",
    "canonical_json",
    "expand_paths",
    "seance_statements",
]
