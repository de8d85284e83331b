"""Good practices use cases: browse shipped and own practices, search them, keep favourites,
write one's own, and share them as files (export, previewed all-or-nothing import)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import string
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ent_coach.content.atomic_file import os_reason
from ent_coach.content.practice_exchange import (
    MAX_PRACTICES,
    ExchangeFileError,
    read_exchange_file,
    write_exchange_file,
)
from ent_coach.content.practices import OWN_ID_MAX, own_practice_data, validate_own_practice
from ent_coach.domain import statements as xapi
from ent_coach.domain.practices import (
    DISCIPLINES,
    SCHOOL_LEVELS,
    SERVICES,
    Practice,
    PracticeDraft,
    labels,
)
from ent_coach.domain.profiles import Profile
from ent_coach.domain.text import fold, plural, slugify
from ent_coach.store.database import Store
from ent_coach.store.search_index import SearchDocument, SearchIndex

_SUFFIX_ALPHABET = string.ascii_lowercase + string.digits
_SUFFIX_LENGTH = 5


class PracticeError(ValueError):
    """A request about practices that cannot be honoured; the message is French."""


def _queries():
    """ORM queries, imported on first use (keeps SQLAlchemy off the start-up path)."""
    from ent_coach.store import practices

    return practices


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class PracticeCatalogue:
    """Shipped then own practices of one profile, sorted by title, with its favourites."""

    practices: tuple[Practice, ...]
    favourites: frozenset[str]

    def get(self, practice_id: str) -> Practice | None:
        return next((p for p in self.practices if p.id == practice_id), None)


class ImportState(StrEnum):
    NEW = "nouvelle"
    IDENTICAL = "identique"
    MODIFIED = "modifiee"
    SHIPPED_ID = "fournie"


IMPORT_STATE_LABELS: dict[ImportState, str] = {
    ImportState.NEW: "nouvelle",
    ImportState.IDENTICAL: "déjà présente, identique",
    ImportState.MODIFIED: "déjà présente, modifiée",
    ImportState.SHIPPED_ID: "même identifiant qu'une pratique fournie",
}


@dataclass(frozen=True, slots=True)
class ImportItem:
    practice: Practice
    """As it will be stored: references to unknown tutorials or competences removed."""
    state: ImportState
    existing: Practice | None
    dropped_references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportPreview:
    path: Path
    items: tuple[ImportItem, ...]
    exported_at: dt.datetime | None

    def count(self, state: ImportState) -> int:
        return sum(item.state is state for item in self.items)


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    replaced: int
    kept: int
    skipped: int

    def summary(self) -> str:
        parts = [plural(self.added, "%n pratique ajoutée", "%n pratiques ajoutées")]
        if self.replaced:
            parts.append(plural(self.replaced, "%n remplacée", "%n remplacées"))
        if self.kept:
            parts.append(
                plural(self.kept, "%n conservée dans votre version", "%n conservées dans votre version")
            )
        if self.skipped:
            parts.append(plural(self.skipped, "%n ignorée", "%n ignorées"))
        return ", ".join(parts) + "."


def search_document(practice: Practice, *, kind: str = "") -> SearchDocument:
    words = [
        practice.description,
        *practice.steps,
        *practice.benefits,
        *practice.vigilance,
        practice.duration,
        *labels(practice.levels, SCHOOL_LEVELS),
        *labels(practice.disciplines, DISCIPLINES),
        *labels(practice.services, SERVICES),
    ]
    return SearchDocument(
        id=practice.id, title=practice.title, summary=practice.summary, body="\n".join(words),
        kind=kind,
    )


class PracticeService:
    def __init__(self, store: Store, loader: Callable[[], tuple[Practice, ...]]) -> None:
        self._store = store
        self._loader = loader
        self._shipped: tuple[Practice, ...] | None = None
        self._lock = threading.Lock()
        self._index: SearchIndex | None = None
        self._index_profile: int | None = None
        # Counts the changes to own practices, so that other indexes of them know to refresh.
        self.generation = 0

    # --- shipped content -------------------------------------------------------------------

    @property
    def shipped(self) -> tuple[Practice, ...]:
        with self._lock:
            if self._shipped is None:
                self._shipped = tuple(self._loader())
            return self._shipped

    def _shipped_ids(self) -> set[str]:
        return {practice.id for practice in self.shipped}

    # --- reading ---------------------------------------------------------------------------

    def catalogue(self, profile: Profile) -> PracticeCatalogue:
        queries = _queries()
        with self._store.session() as session:
            own = queries.own_practices(session, profile_id=profile.id)
            favourites = queries.favourite_ids(session, profile_id=profile.id)
        everything = sorted([*self.shipped, *own], key=lambda p: (fold(p.title), p.id))
        return PracticeCatalogue(tuple(everything), frozenset(favourites))

    def own_practices(self, profile: Profile) -> list[Practice]:
        with self._store.session() as session:
            own = _queries().own_practices(session, profile_id=profile.id)
        return sorted(own, key=lambda p: (fold(p.title), p.id))

    def search(self, profile: Profile, text: str, *, limit: int = 500) -> list[str]:
        """Ids of the shipped and own practices matching ``text``, best first."""
        if not text.strip():
            return []
        index = self._index_for(profile)
        with self._lock:
            return [hit.id for hit in index.search(text, limit=limit)]

    def _index_for(self, profile: Profile) -> SearchIndex:
        with self._lock:
            if self._index is not None and self._index_profile == profile.id:
                return self._index
        own = self.own_practices(profile)
        index = SearchIndex(search_document(p) for p in [*self.shipped, *own])
        with self._lock:
            if self._index is not None:
                self._index.close()
            self._index, self._index_profile = index, profile.id
            return index

    def _forget_index(self) -> None:
        # Own practices changed: the next search rebuilds (34 + a few documents, milliseconds).
        with self._lock:
            self.generation += 1
            if self._index is not None:
                self._index.close()
            self._index, self._index_profile = None, None

    # --- favourites ------------------------------------------------------------------------

    def set_favourite(self, profile: Profile, practice_id: str, favourite: bool) -> bool:
        queries = _queries()
        with self._store.session() as session:
            known = (
                practice_id in self._shipped_ids()
                or queries.own_practice(session, profile_id=profile.id, practice_id=practice_id)
                is not None
            )
            if not known:
                raise PracticeError(f"Pratique introuvable : « {practice_id} ».")
            queries.set_favourite(
                session, profile_id=profile.id, practice_id=practice_id, favourite=favourite,
                now=_now(),
            )  # fmt: skip
        return favourite

    def favourites(self, profile: Profile) -> set[str]:
        with self._store.session() as session:
            return _queries().favourite_ids(session, profile_id=profile.id)

    # --- reading progress -----------------------------------------------------------------

    def mark_read(self, profile: Profile, practice_id: str) -> bool:
        """Record that the practice was opened, once: an ``experienced`` statement and a
        completed ``practice`` summary (a pathway step asks for it). True when newly recorded;
        opening it again records nothing."""
        from ent_coach.store import profiles as profile_queries

        queries = _queries()
        now = _now()
        with self._store.session() as session:
            practice = next((p for p in self.shipped if p.id == practice_id), None)
            if practice is None:
                practice = queries.own_practice(
                    session, profile_id=profile.id, practice_id=practice_id
                )
            if practice is None:
                raise PracticeError(f"Pratique introuvable : « {practice_id} ».")
            statement = xapi.practice_read_statement(
                actor_=xapi.actor(
                    install_id=profile_queries.install_id(session), pseudonym=profile.pseudonym
                ),
                practice_id=practice.id,
                title=practice.title,
                timestamp=now.astimezone(),
            )
            return queries.mark_read(
                session, profile_id=profile.id, practice_id=practice.id, statement=statement,
                now=now,
            )  # fmt: skip

    # --- own practices ---------------------------------------------------------------------

    def validate(self, draft: PracticeDraft, *, practice_id: str = "brouillon") -> Practice:
        """The draft as a practice, or ``OwnPracticeInvalid`` naming each field (no I/O)."""
        return validate_own_practice(own_practice_data(practice_id, draft))

    def new_id(self, title: str, taken: Iterable[str]) -> str:
        """Slug of the title plus a short random suffix, never one already used."""
        taken = set(taken) | self._shipped_ids()
        stem = slugify(title)[: OWN_ID_MAX - _SUFFIX_LENGTH - 1].strip("-") or "pratique"
        while True:
            suffix = "".join(secrets.choice(_SUFFIX_ALPHABET) for _ in range(_SUFFIX_LENGTH))
            candidate = f"{stem}-{suffix}"
            if candidate not in taken:
                return candidate

    def create(self, profile: Profile, draft: PracticeDraft) -> Practice:
        self.validate(draft)
        queries = _queries()
        with self._store.session() as session:
            practice_id = self.new_id(draft.title, queries.own_ids(session, profile_id=profile.id))
            practice = validate_own_practice(own_practice_data(practice_id, draft))
            stored = queries.save_own(session, profile_id=profile.id, practice=practice, now=_now())
        self._forget_index()
        return stored

    def update(self, profile: Profile, practice_id: str, draft: PracticeDraft) -> Practice:
        practice = self.validate(draft, practice_id=practice_id)
        queries = _queries()
        with self._store.session() as session:
            if practice_id not in queries.own_ids(session, profile_id=profile.id):
                raise PracticeError(
                    "Seules vos pratiques personnelles peuvent être modifiées, et celle-ci "
                    "n'existe plus."
                )
            stored = queries.save_own(session, profile_id=profile.id, practice=practice, now=_now())
        self._forget_index()
        return stored

    def delete(self, profile: Profile, practice_id: str) -> None:
        with self._store.session() as session:
            if not _queries().delete_own(session, profile_id=profile.id, practice_id=practice_id):
                raise PracticeError(
                    "Seules vos pratiques personnelles peuvent être supprimées, et celle-ci "
                    "n'existe plus."
                )
        self._forget_index()

    # --- sharing ---------------------------------------------------------------------------

    def export(self, profile: Profile, practice_ids: Iterable[str], path: Path) -> int:
        """Write the chosen own practices to ``path``; returns how many were written."""
        wanted = list(dict.fromkeys(practice_ids))
        if not wanted:
            raise PracticeError("Choisissez au moins une pratique à exporter.")
        if len(wanted) > MAX_PRACTICES:
            raise PracticeError(
                f"{MAX_PRACTICES} pratiques au plus peuvent être exportées en une fois."
            )
        own = {p.id: p for p in self.own_practices(profile)}
        missing = [practice_id for practice_id in wanted if practice_id not in own]
        if missing:
            raise PracticeError(
                "Seules vos pratiques personnelles peuvent être exportées "
                f"(introuvable : {', '.join(missing)})."
            )
        try:
            write_exchange_file(path, [own[i] for i in wanted], now=dt.datetime.now().astimezone())
        except OSError as exc:
            raise PracticeError(
                f"Impossible d'écrire le fichier « {path.name} » ({os_reason(exc)}). "
                "Aucun fichier n'a été créé ni modifié."
            ) from exc
        return len(wanted)

    def preview_import(
        self,
        profile: Profile,
        path: Path,
        *,
        known_tutorials: set[str] | None = None,
        known_competences: set[str] | None = None,
    ) -> ImportPreview:
        """Read and check the whole file, and say what importing would do; writes nothing.

        References to tutorials or competences this installation does not know are removed
        (listed in ``dropped_references``) rather than refusing a colleague's practice.
        Raises ``ExchangeFileError`` (French message) for any invalid file."""
        exchange = read_exchange_file(path)
        shipped = self._shipped_ids()
        with self._store.session() as session:
            own = {p.id: p for p in _queries().own_practices(session, profile_id=profile.id)}
        items = []
        for practice in exchange.practices:
            cleaned, dropped = _drop_unknown(practice, known_tutorials, known_competences)
            existing = own.get(cleaned.id)
            if cleaned.id in shipped:
                state = ImportState.SHIPPED_ID
            elif existing is None:
                state = ImportState.NEW
            elif existing == cleaned:
                state = ImportState.IDENTICAL
            else:
                state = ImportState.MODIFIED
            items.append(ImportItem(cleaned, state, existing, dropped))
        return ImportPreview(path=path, items=tuple(items), exported_at=exchange.exported_at)

    def apply_import(
        self, profile: Profile, preview: ImportPreview, *, replace: Iterable[str] = ()
    ) -> ImportResult:
        """Store the new practices and the modified ones listed in ``replace``, in one
        transaction: all of them or, on any error, none."""
        replace = set(replace)
        shipped = self._shipped_ids()
        queries = _queries()
        added = replaced = kept = skipped = 0
        now = _now()
        with self._store.session() as session:
            taken = queries.own_ids(session, profile_id=profile.id)
            for item in preview.items:
                practice = item.practice
                if practice.id in shipped:
                    skipped += 1
                    continue
                if practice.id in taken:
                    existing = queries.own_practice(
                        session, profile_id=profile.id, practice_id=practice.id
                    )
                    if existing == practice:
                        skipped += 1
                        continue
                    if practice.id not in replace:
                        kept += 1
                        continue
                    replaced += 1
                else:
                    added += 1
                # Validated again at the door: the preview is plain data that could be stale.
                checked = validate_own_practice(own_practice_data(practice.id, practice))
                queries.save_own(session, profile_id=profile.id, practice=checked, now=now)
        if added or replaced:
            self._forget_index()
        return ImportResult(added=added, replaced=replaced, kept=kept, skipped=skipped)


def _drop_unknown(
    practice: Practice, tutorials: set[str] | None, competences: set[str] | None
) -> tuple[Practice, tuple[str, ...]]:
    dropped: list[str] = []
    kept_tutorials = practice.tutorials
    kept_competences = practice.competences
    if tutorials is not None:
        dropped += [f"tutoriel « {t} »" for t in practice.tutorials if t not in tutorials]
        kept_tutorials = tuple(t for t in practice.tutorials if t in tutorials)
    if competences is not None:
        dropped += [f"compétence « {c} »" for c in practice.competences if c not in competences]
        kept_competences = tuple(c for c in practice.competences if c in competences)
    if not dropped:
        return practice, ()
    cleaned = dataclasses.replace(practice, tutorials=kept_tutorials, competences=kept_competences)
    return cleaned, tuple(dropped)


__all__ = [
    "IMPORT_STATE_LABELS",
    "ExchangeFileError",
    "ImportItem",
    "ImportPreview",
    "ImportResult",
    "ImportState",
    "PracticeCatalogue",
    "PracticeError",
    "PracticeService",
]
