"""Reading use cases: open, read, complete tutorials; notes; the library's view of progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ent_coach.domain import statements as xapi
from ent_coach.domain.profiles import Profile
from ent_coach.domain.progress import ActivityProgress, Note
from ent_coach.domain.tutorials import Tutorial, TutorialStatus
from ent_coach.store import reads
from ent_coach.store.database import Store


def _writes():
    """ORM write queries, imported on first write (keeps SQLAlchemy off the start-up path)."""
    from ent_coach.store import profiles, progress

    return profiles, progress

TUTORIAL_KIND = "tutorial"
NOTE_MAX_CHARS = 20_000


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class TutorialState:
    tutorial_id: str
    status: str
    time_spent_seconds: float
    last_seen_at: dt.datetime | None
    has_note: bool


@dataclass(frozen=True, slots=True)
class HomeSummary:
    completed_count: int
    total_count: int
    continue_reading: Tutorial | None
    recent: tuple[Tutorial, ...]
    total_reading_seconds: float


class LibraryService:
    def __init__(self, store: Store, tutorials: list[Tutorial]) -> None:
        self._store = store
        self._tutorials = {t.id: t for t in tutorials}

    @property
    def tutorials(self) -> list[Tutorial]:
        return list(self._tutorials.values())

    def tutorial(self, tutorial_id: str) -> Tutorial | None:
        return self._tutorials.get(tutorial_id)

    @staticmethod
    def _actor(session, profile: Profile) -> dict:  # type: ignore[no-untyped-def]
        profile_queries, _ = _writes()
        return xapi.actor(install_id=profile_queries.install_id(session), pseudonym=profile.pseudonym)

    def _record(
        self,
        profile: Profile,
        tutorial: Tutorial,
        *,
        verb: xapi.Verb | None,
        seconds: float = 0.0,
        completed: bool = False,
        earlier_seconds: float = 0.0,
    ) -> ActivityProgress:
        """``earlier_seconds``: reading time already stored, so that a completion statement
        carries the whole time spent on the tutorial."""
        now = _now()
        _, progress_queries = _writes()
        with self._store.session() as session:
            statement = None
            if verb is not None:
                statement = xapi.tutorial_statement(
                    verb=verb,
                    actor_=self._actor(session, profile),
                    tutorial_id=tutorial.id,
                    title=tutorial.title,
                    content_version=tutorial.content_version,
                    timestamp=now,
                    duration_seconds=earlier_seconds + seconds if verb is xapi.COMPLETED else None,
                )
            return progress_queries.record_activity(
                session,
                profile_id=profile.id,
                activity_id=tutorial.id,
                kind=TUTORIAL_KIND,
                now=now.replace(tzinfo=None),
                statement=statement,
                completed=completed,
                extra_seconds=seconds,
                new_attempt=verb is xapi.EXPERIENCED,
            )

    def open_tutorial(self, profile: Profile, tutorial_id: str) -> ActivityProgress:
        return self._record(profile, self._require(tutorial_id), verb=xapi.EXPERIENCED)

    def add_reading_time(self, profile: Profile, tutorial_id: str, seconds: float) -> None:
        """Active reading time, flushed by the reader; no statement (not a learning event)."""
        if seconds >= 1:
            self._record(profile, self._require(tutorial_id), verb=None, seconds=seconds)

    def complete_tutorial(
        self, profile: Profile, tutorial_id: str, *, unflushed_seconds: float = 0.0
    ) -> ActivityProgress:
        tutorial = self._require(tutorial_id)
        with self._store.reader() as connection:
            current = reads.progress_by_activity(
                connection, profile_id=profile.id, kind=TUTORIAL_KIND
            ).get(tutorial_id)
        if current is not None and current.completed:
            if unflushed_seconds >= 1:
                self.add_reading_time(profile, tutorial_id, unflushed_seconds)
            return current
        return self._record(
            profile, tutorial, verb=xapi.COMPLETED, seconds=unflushed_seconds, completed=True,
            earlier_seconds=current.time_spent_seconds if current else 0.0,
        )  # fmt: skip

    def states(self, profile: Profile) -> dict[str, TutorialState]:
        with self._store.reader() as connection:
            progress = reads.progress_by_activity(connection, profile_id=profile.id, kind=TUTORIAL_KIND)
            noted = reads.noted_tutorial_ids(connection, profile_id=profile.id)
        out = {}
        for tutorial_id in self._tutorials:
            item = progress.get(tutorial_id)
            status = (
                TutorialStatus.NEW if item is None
                else TutorialStatus.COMPLETED if item.completed
                else TutorialStatus.IN_PROGRESS
            )  # fmt: skip
            out[tutorial_id] = TutorialState(
                tutorial_id=tutorial_id,
                status=status,
                time_spent_seconds=item.time_spent_seconds if item else 0.0,
                last_seen_at=item.last_seen_at if item else None,
                has_note=tutorial_id in noted,
            )
        return out

    def home_summary(self, profile: Profile) -> HomeSummary:
        states = self.states(profile)
        seen = sorted(
            (s for s in states.values() if s.last_seen_at is not None),
            key=lambda s: s.last_seen_at,  # type: ignore[arg-type,return-value]
            reverse=True,
        )
        in_progress = [s for s in seen if s.status == TutorialStatus.IN_PROGRESS]
        return HomeSummary(
            completed_count=sum(s.status == TutorialStatus.COMPLETED for s in states.values()),
            total_count=len(states),
            continue_reading=self._tutorials[in_progress[0].tutorial_id] if in_progress else None,
            recent=tuple(self._tutorials[s.tutorial_id] for s in seen[:5]),
            total_reading_seconds=sum(s.time_spent_seconds for s in states.values()),
        )

    def note(self, profile: Profile, tutorial_id: str) -> Note | None:
        with self._store.reader() as connection:
            return reads.get_note(connection, profile_id=profile.id, tutorial_id=tutorial_id)

    def save_note(self, profile: Profile, tutorial_id: str, text: str) -> None:
        if len(text) > NOTE_MAX_CHARS:
            raise ValueError(
                f"La note est trop longue ({len(text)} caractères, {NOTE_MAX_CHARS} au plus)."
            )
        self._require(tutorial_id)
        _, progress_queries = _writes()
        with self._store.session() as session:
            progress_queries.save_note(
                session, profile_id=profile.id, tutorial_id=tutorial_id, text=text,
                now=_now().replace(tzinfo=None),
            )  # fmt: skip

    def _require(self, tutorial_id: str) -> Tutorial:
        tutorial = self._tutorials.get(tutorial_id)
        if tutorial is None:
            raise KeyError(f"Tutoriel inconnu : {tutorial_id}")
        return tutorial
