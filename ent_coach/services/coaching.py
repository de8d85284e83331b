"""Coaching half-days (« séances »): the tutor plans a séance, hands the plan out as a file,
imports the trainees' progress bundles and reads the dashboard; a trainee imports the plan
(it becomes a pathway) and sends back their progress.

Importing is a union keyed by statement id, in one transaction per file: importing the same
files again, or in another order, gives the same séance, and a file is imported whole or not
at all. A file is read and written a batch at a time inside its transaction (memory stays
small whatever its size), and the transaction takes the write lock first, so that two windows
importing the same files wait for each other. Imported participants are kept apart from the
laptop's own profiles.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import io
import logging
import queue
import sys
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ent_coach.content.atomic_file import cannot_write, write_bytes_atomically
from ent_coach.content.progress_bundle import (
    BundleError,
    BundleManifest,
    open_bundle,
    write_bundle,
)
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
from ent_coach.store.errors import StoreBusyError, StoreWriteError

if TYPE_CHECKING:
    from ent_coach.services.pathways import PathwayService
    from ent_coach.store.coaching import StoredSeance

log = logging.getLogger(__name__)

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
        """One result per file, in the order given (folders expanded). After a cancel, the
        file being imported is undone and each remaining file gets a REJECTED line « non
        traité » so the tutor sees which files are still to import (importing them later is
        harmless: the union is idempotent). Whatever a file holds, the batch goes on: a file
        that cannot be read is refused with a French reason."""
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
        stop = cancelled if cancelled is not None else lambda: False
        with _import_conditions(), _ReadAhead(files, seance.plan.code) as reading:
            if progress is not None and total:
                progress(0, total)  # the count at once: the first file may take a while
            for done, path in enumerate(files):
                result = None if stop() else self._import_file(seance, path, reading.next, stop)
                if result is None:
                    results.extend(
                        ImportResult(rest, ImportOutcome.REJECTED, CANCELLED_MESSAGE, None, 0)
                        for rest in files[done:]
                    )
                    break
                results.append(result)
                if progress is not None:
                    progress(done + 1, total)
        return results

    def _import_file(
        self,
        seance: StoredSeance,
        path: Path,
        events: Callable[[], _Event],
        cancelled: Callable[[], bool],
    ) -> ImportResult | None:
        """The file's result, or None when the import was cancelled during it (undone)."""
        opened = events()
        if isinstance(opened, _Refused):
            return ImportResult(path, ImportOutcome.REJECTED, opened.message, opened.label, 0)
        assert isinstance(opened, _Opened)
        for attempt in range(1, _BUSY_ATTEMPTS + 1):
            try:
                return self._write_file(seance, path, opened, events, cancelled)
            except StoreBusyError as busy:
                # Another window holds the database (importing a large file, say): nothing of
                # this file was taken yet, so waiting and starting again is safe.
                if attempt == _BUSY_ATTEMPTS or cancelled():
                    _skip_file(events)
                    return ImportResult(path, ImportOutcome.REJECTED, str(busy), opened.label, 0)
        raise AssertionError("unreachable")

    def _write_file(
        self,
        seance: StoredSeance,
        path: Path,
        opened: _Opened,
        events: Callable[[], _Event],
        cancelled: Callable[[], bool],
    ) -> ImportResult | None:
        """Write the file's batches as they come, in one transaction that is rolled back if
        the file turns out to be refused (its checksum, say, is only known at its end), if it
        contradicts what is already imported, or if the import is cancelled meanwhile."""
        coaching, _, _ = _queries()
        label = opened.label
        state = "waiting"  # then "reading" once the lock is held, "read" after the last batch
        try:
            with self._store.session() as session:
                # The write lock first, then the look-ups: another window importing the same
                # files waits here, then finds what this one wrote (« déjà connu »), instead
                # of both finding nothing and the second failing on a duplicate.
                coaching.begin_immediate(session)
                state = "reading"
                writer = _FileWriter(session, seance.id, opened.manifest)
                while not isinstance(event := events(), _Valid):
                    if isinstance(event, _Refused):
                        state = "read"
                        raise _Undo(ImportResult(
                            path, ImportOutcome.REJECTED, event.message, label, 0
                        ))  # fmt: skip
                    if cancelled():
                        raise _Undo(None)
                    writer.add(event)
                state = "read"
                if writer.conflict is not None:
                    raise _Undo(ImportResult(
                        path, ImportOutcome.REJECTED,
                        f"Le fichier « {path.name} » est refusé : la déclaration "
                        f"{writer.conflict} a déjà été importée avec un contenu différent "
                        "(fichier modifié, ou deux fichiers qui se contredisent). Rien n'a été "
                        "importé de ce fichier.",
                        label, 0,
                    ))  # fmt: skip
                writer.finish()
        except _Undo as undo:  # the session was rolled back: nothing of the file is kept
            return undo.result
        except StoreWriteError as error:
            if isinstance(error, StoreBusyError) and state == "waiting":
                raise
            if state != "read":
                _skip_file(events)  # the rest of this file's batches are still coming
            return ImportResult(path, ImportOutcome.REJECTED, str(error), label, 0)
        if writer.added == 0 and not writer.created:
            return ImportResult(
                path, ImportOutcome.ALREADY_KNOWN,
                f"Rien de nouveau dans « {path.name} » : la progression de {label} était déjà "
                "importée.",
                label, 0,
            )  # fmt: skip
        return ImportResult(
            path, ImportOutcome.IMPORTED,
            plural(
                writer.added,
                "%n nouvelle déclaration de %1 importée depuis « %2 ».",
                "%n nouvelles déclarations de %1 importées depuis « %2 ».",
            )
            .replace("%1", label)
            .replace("%2", path.name),
            label, writer.added,
        )  # fmt: skip

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

# How many times a file waits for the database held by another window (each wait is the
# connection's busy timeout, 5 s) before it is refused as « base occupée ».
_BUSY_ATTEMPTS = 6
UNREADABLE_FILE = (
    "n'a pas pu être lu à la suite d'une erreur inattendue (détails dans le journal) ; rien "
    "n'en a été importé"
)


# What the reading thread hands over for each file, in order: _Opened, then batches of rows,
# then _Valid; or a _Refused at any point (the file is then undone).
@dataclass(frozen=True, slots=True)
class _Opened:
    manifest: BundleManifest
    label: str


@dataclass(frozen=True, slots=True)
class _Refused:
    message: str  # French, names the file
    label: str | None = None


@dataclass(frozen=True, slots=True)
class _Valid:
    pass


@dataclass(frozen=True, slots=True)
class _Failed:
    error: BaseException  # the reading thread itself failed (not a file): the import stops


_Event = _Opened | _Refused | _Valid | list[StatementRow]


class _Undo(Exception):
    """Leaves a file's transaction, rolled back, with the file's result (None: cancelled)."""

    def __init__(self, result: ImportResult | None) -> None:
        super().__init__()
        self.result = result


def _skip_file(events: Callable[[], _Event]) -> None:
    """Take what remains of a file that is given up, up to its last event."""
    while not isinstance(events(), _Valid | _Refused):
        pass


def _read_file(path: Path, code: str, hand_over: Callable[[_Event], bool]) -> None:
    """Read one file, handing its events over as they come (``hand_over`` is False once the
    import stopped). Everything an import does to a file before the database happens here:
    reading and checking it, the séance check, each statement's canonical form."""
    label: str | None = None
    try:
        with open_bundle(path) as bundle:
            manifest = bundle.manifest
            label = _participant_label(manifest.pseudonym, manifest.display_name)
            if manifest.seance_code is not None and manifest.seance_code != code:
                hand_over(_Refused(
                    f"Le fichier « {path.name} » est la progression de la séance "
                    f"{display_code(manifest.seance_code)}, pas de la séance "
                    f"{display_code(code)} : importez-le dans la bonne séance.",
                    label,
                ))  # fmt: skip
                return
            if not hand_over(_Opened(manifest, label)):
                return
            for batch in bundle.batches():
                rows = [
                    (c.statement["id"], c.fingerprint, c.statement["timestamp"],
                     c.canonical.decode())
                    for c in batch
                ]  # fmt: skip
                if not hand_over(rows):
                    return
        hand_over(_Valid())
    except BundleError as error:
        hand_over(_Refused(str(error), label))
    except Exception:  # one unreadable file must not stop the others
        log.exception("Lecture impossible du fichier de progression %s", path)
        hand_over(_Refused(f"Le fichier « {path.name} » {UNREADABLE_FILE}.", label))


class _ReadAhead:
    """The files read on a second thread, a few batches ahead of the database: while SQLite
    writes a batch (without holding the interpreter lock), the next ones are read, checked
    and encoded. Only a few batches wait at a time, so memory stays small whatever the
    files' sizes. Leaving the ``with`` block stops the reading."""

    _WAITING = 3

    def __init__(self, files: Sequence[Path], code: str) -> None:
        self._queue: queue.Queue[_Event] = queue.Queue(maxsize=self._WAITING)
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(list(files), code), name="lecture-progression", daemon=True
        )

    def __enter__(self) -> _ReadAhead:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stopped.set()
        self._thread.join()

    def next(self) -> _Event:
        event = self._queue.get()
        if isinstance(event, _Failed):
            raise event.error
        return event

    def _run(self, files: list[Path], code: str) -> None:
        try:
            for path in files:
                if self._stopped.is_set():
                    return
                _read_file(path, code, self._hand_over)
        except BaseException as error:  # raised again on the importing thread, never lost
            self._hand_over(_Failed(error))

    def _hand_over(self, event: _Event) -> bool:
        while not self._stopped.is_set():
            try:
                self._queue.put(event, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False


class _FileWriter:
    """One file's batches into the séance, inside the caller's transaction: new statements
    inserted, known ones skipped, the first contradiction noted (the caller then undoes the
    file); the participant created or updated only when something changes."""

    def __init__(self, session: Any, seance_id: str, manifest: BundleManifest) -> None:
        coaching, _, _ = _queries()
        self._session = session
        self._seance_id = seance_id
        self._manifest = manifest
        self._existing = coaching.find_participant(
            session, seance_id=seance_id, pseudonym=manifest.pseudonym
        )
        self._participant_id: int | None = None
        self.added = 0
        self.conflict: str | None = None  # the id of a statement imported with other content

    @property
    def created(self) -> bool:
        return self._existing is None

    def add(self, rows: list[StatementRow]) -> None:
        if self.conflict is not None:
            return  # the file will be undone; its end is still awaited (a refusal comes first)
        coaching, _, _ = _queries()
        known = coaching.known_fingerprints(
            self._session, seance_id=self._seance_id, statement_ids=[row[0] for row in rows]
        )
        fresh = []
        for row in rows:
            previous = known.get(row[0])
            if previous is None:
                fresh.append(row)
            elif previous != row[1]:
                self.conflict = row[0]
                return
        if fresh:
            coaching.insert_statements(
                self._session, seance_id=self._seance_id, participant_id=self._participant(),
                rows=fresh,
            )  # fmt: skip
            self.added += len(fresh)

    def finish(self) -> None:
        """A new participant is created even without statements; a known one is renamed
        when the file carries another name. Otherwise nothing is written."""
        manifest, existing = self._manifest, self._existing
        renamed = (
            existing is not None
            and manifest.display_name is not None
            and manifest.display_name != existing.display_name
        )
        if self._participant_id is None and (existing is None or renamed):
            self._participant()

    def _participant(self) -> int:
        if self._participant_id is None:
            coaching, _, _ = _queries()
            manifest = self._manifest
            self._participant_id = coaching.save_participant(
                self._session,
                seance_id=self._seance_id,
                existing=self._existing,
                pseudonym=manifest.pseudonym,
                display_name=manifest.display_name,
                app_version=manifest.app_version,
                content_version=manifest.content_version,
                now=_now(),
            )
        return self._participant_id


# While an import runs, the reading thread (pure Python) hands the interpreter lock over
# every millisecond instead of every 5 ms: the writing thread takes it back for a moment after
# each SQLite call, and waited up to 5 ms each time.
_IMPORT_SWITCH_INTERVAL = 0.001


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
