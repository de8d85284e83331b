"""Guided pathways use cases: the catalogue for a profile, following and stopping, each step's
state and time, checklist ticks and notes of real-ENT activities, the statements of progress,
and the data of the « attestation de suivi ».

A step's state is never stored: it is derived from what the other services recorded (see
``domain.pathways`` and ``store.pathways``). What is stored here is only what the pathway
itself owns: enrolments, ticks, notes, and which step completions were already sent as
statements, so that ``record_progress`` can be called as often as the screens like.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ent_coach.domain import statements as xapi
from ent_coach.domain.pathways import (
    InstalledContent,
    Pathway,
    PathwayProgress,
    PathwayStep,
    ProgressFacts,
    StepKind,
    StepProgress,
    StepState,
    pathway_progress,
    pathways_for_role,
    recommended_pathway,
)
from ent_coach.domain.profiles import Profile
from ent_coach.domain.taxonomy import Role
from ent_coach.domain.text import has_invisible_characters
from ent_coach.store.database import Store

if TYPE_CHECKING:
    from ent_coach.store.pathway_reads import ActivityTimes, Enrolment

log = logging.getLogger(__name__)

NOTE_MAX_CHARS = 2000
LOCKED_STEP_MESSAGE = (
    "Cette étape n'est pas encore accessible : terminez d'abord l'étape précédente."
)
# Scores are stored rounded (xAPI ``scaled`` to four decimals): compare with some slack.
_SCORE_EPSILON = 1e-6


class PathwayError(ValueError):
    """A pathway request that cannot be honoured; the message is French and shown as is."""


def _queries():
    """ORM queries, imported on first use (keeps SQLAlchemy off the start-up path)."""
    from ent_coach.store import pathways, profiles

    return pathways, profiles


def _now() -> dt.datetime:
    """Local time with its offset (statements); the store keeps it without (``naive``)."""
    return dt.datetime.now().astimezone()


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=None)


@dataclass(frozen=True)
class PathwayOverview:
    """One row of the catalogue."""

    pathway: Pathway
    followed: bool  # enrolled and not stopped
    started_at: dt.datetime | None
    progress: PathwayProgress
    recommended: bool  # recommended for the profile's role


@dataclass(frozen=True)
class StepTime:
    """Per step, for the pathway page and the attestation."""

    step_id: str
    seconds: float  # time recorded on the referenced activity, 0 when unknown
    completed_at: dt.datetime | None


@dataclass(frozen=True)
class Attestation:
    """Data for the « attestation de suivi » (not a certification); the UI renders the PDF."""

    display_name: str
    role_label: str
    pathway: Pathway
    progress: PathwayProgress
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    times: dict[str, StepTime]
    total_seconds: float
    scores: dict[str, float]  # step id → best scaled score, quiz steps only
    generated_at: dt.datetime
    content_version: str | None


@dataclass(frozen=True)
class _Content:
    pathways: tuple[Pathway, ...]
    installed: InstalledContent


def clean_note(text: str) -> str:
    """The note as stored: plain text, line ends unified; raises PathwayError when too long
    or holding characters that are not text."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n")
    if has_invisible_characters(cleaned):
        raise PathwayError(
            "La note contient des caractères invisibles non autorisés : retapez-la ou collez-la "
            "comme texte simple."
        )
    if len(cleaned) > NOTE_MAX_CHARS:
        raise PathwayError(
            f"La note est trop longue ({len(cleaned)} caractères, {NOTE_MAX_CHARS} au plus)."
        )
    return cleaned


class PathwayService:
    def __init__(
        self,
        store: Store,
        load_pathways: Callable[[], tuple[Pathway, ...]],
        installed: Callable[[], InstalledContent],
    ) -> None:
        self._store = store
        self._load_pathways = load_pathways
        self._load_installed = installed
        self._content: _Content | None = None
        self._received_pathways: tuple[Pathway, ...] | None = None
        self._lock = threading.Lock()

    # --- content -----------------------------------------------------------------------

    def _loaded(self) -> _Content:
        with self._lock:
            if self._content is None:
                self._content = _Content(tuple(self._load_pathways()), self._load_installed())
            return self._content

    def pathways(self) -> tuple[Pathway, ...]:
        """The bundled pathways, then one per séance plan received on this laptop."""
        return self._loaded().pathways + self._received()

    def _received(self) -> tuple[Pathway, ...]:
        # Read once, like the bundled pathways (callers on the GUI thread then pay nothing);
        # importing a plan calls ``received_plans_changed``.
        with self._lock:
            if self._received_pathways is None:
                self._received_pathways = self._read_received()
            return self._received_pathways

    def _read_received(self) -> tuple[Pathway, ...]:
        with self._store.reader() as connection:
            # Plain SQL (oldest import first): read at start-up, before the ORM is loaded.
            rows = connection.execute(
                "SELECT code, plan FROM received_plans ORDER BY imported_at, code"
            ).fetchall()
        if not rows:
            return ()
        from ent_coach.content.seance_plan_file import plan_from_dict
        from ent_coach.domain.coaching import plan_as_pathway

        out: list[Pathway] = []
        for code, text in rows:
            try:
                out.append(plan_as_pathway(plan_from_dict(json.loads(text))))
            except ValueError as error:  # edited by hand: left out, never a crash
                log.warning("Plan de séance %s ignoré : %s", code, error)
        return tuple(out)

    def received_plans_changed(self) -> None:
        """A séance plan was stored: the next read includes it."""
        with self._lock:
            self._received_pathways = None

    def pathway(self, pathway_id: str) -> Pathway | None:
        return next((p for p in self.pathways() if p.id == pathway_id), None)

    def recommended(self, role: Role) -> Pathway | None:
        # Séance pathways are temporary and never recommended: only the bundled ones count.
        return recommended_pathway(self._loaded().pathways, role)

    def installed(self) -> InstalledContent:
        return self._loaded().installed

    def _require(self, pathway_id: str) -> Pathway:
        pathway = self.pathway(pathway_id)
        if pathway is None:
            raise PathwayError(
                f"Parcours introuvable : « {pathway_id} ». Il a peut-être été retiré lors d'une "
                "mise à jour du contenu."
            )
        return pathway

    @staticmethod
    def _require_step(pathway: Pathway, step_id: str) -> PathwayStep:
        step = pathway.step(step_id)
        if step is None:
            raise PathwayError(
                f"Étape introuvable dans le parcours « {pathway.title} » : « {step_id} ». Elle a "
                "peut-être été retirée lors d'une mise à jour du contenu."
            )
        return step

    # --- reading -----------------------------------------------------------------------

    def _facts(self, profile: Profile) -> tuple[ProgressFacts, dict[str, Enrolment]]:
        # Plain SQL: the home's next step is found without importing the ORM at start-up.
        from ent_coach.store import pathway_reads

        with self._store.reader() as connection:
            facts = pathway_reads.progress_facts(connection, profile_id=profile.id)
            enrolments = pathway_reads.enrolments(connection, profile_id=profile.id)
        return facts, enrolments

    def _progress(self, pathway: Pathway, facts: ProgressFacts) -> PathwayProgress:
        return pathway_progress(pathway, facts, self.installed())

    def overview(self, profile: Profile) -> list[PathwayOverview]:
        """Every pathway: the followed ones first (unfinished, most recently started first,
        then finished), then the role's (recommended first), then the others."""
        facts, enrolments = self._facts(profile)
        recommended = self.recommended(profile.role)
        rows = [
            self._overview(pathway, facts, enrolments.get(pathway.id), recommended)
            for pathway in self.pathways()
        ]
        # A séance pathway is written for every role: it ranks with the others unless followed.
        role_order = {
            p.id: i
            for i, p in enumerate(pathways_for_role(self._loaded().pathways, profile.role))
        }

        def rank(row: PathwayOverview) -> tuple[int, bool, float, int]:
            if row.followed:
                started = row.started_at.timestamp() if row.started_at else 0.0
                return (0, row.progress.completed, -started, 0)
            if row.pathway.id in role_order:
                return (1, False, 0.0, role_order[row.pathway.id])
            return (2, False, 0.0, 0)

        return sorted(rows, key=rank)  # stable: the catalogue order (by title) within a rank

    def _overview(
        self,
        pathway: Pathway,
        facts: ProgressFacts,
        enrolment: Enrolment | None,
        recommended: Pathway | None,
    ) -> PathwayOverview:
        return PathwayOverview(
            pathway=pathway,
            followed=enrolment is not None and enrolment.followed,
            started_at=enrolment.started_at if enrolment is not None else None,
            progress=self._progress(pathway, facts),
            recommended=recommended is not None and recommended.id == pathway.id,
        )

    def progress(self, profile: Profile, pathway_id: str) -> PathwayProgress:
        pathway = self._require(pathway_id)
        facts, _ = self._facts(profile)
        return self._progress(pathway, facts)

    # --- following ---------------------------------------------------------------------

    def follow(self, profile: Profile, pathway_id: str) -> PathwayOverview:
        """Start following; following again is harmless, and resumes a stopped pathway with
        its start date, registration, ticks and notes."""
        pathway = self._require(pathway_id)
        queries, profile_queries = _queries()
        with self._store.session() as session:
            if profile_queries.get_profile(session, profile.id) is None:
                raise PathwayError(
                    "Ce profil n'existe plus : rouvrez un profil pour suivre un parcours."
                )
            queries.enrol(
                session, profile_id=profile.id, pathway_id=pathway.id,
                registration=str(uuid.uuid4()), now=_naive(dt.datetime.now()),
            )  # fmt: skip
        facts, enrolments = self._facts(profile)
        return self._overview(
            pathway, facts, enrolments.get(pathway.id), self.recommended(profile.role)
        )

    def stop_following(self, profile: Profile, pathway_id: str) -> None:
        """The pathway leaves the followed ones; ticks, notes and records are kept."""
        pathway = self._require(pathway_id)
        queries, _ = _queries()
        with self._store.session() as session:
            queries.stop(
                session, profile_id=profile.id, pathway_id=pathway.id,
                now=_naive(dt.datetime.now()),
            )  # fmt: skip

    # --- activities: ticks and notes ---------------------------------------------------

    def set_ticked(
        self, profile: Profile, pathway_id: str, step_id: str, item_id: str, ticked: bool
    ) -> PathwayProgress:
        pathway = self._require(pathway_id)
        step = self._require_step(pathway, step_id)
        if step.kind is not StepKind.ACTIVITY:
            raise PathwayError(
                f"L'étape « {step.title} » n'a pas de liste à cocher : elle se termine dans "
                "l'écran qu'elle ouvre."
            )
        if all(item.id != item_id for item in step.checklist):
            raise PathwayError(
                f"Élément à cocher introuvable dans l'étape « {step.title} » : « {item_id} »."
            )
        if ticked:
            current = self.progress(profile, pathway.id).of(step.id)
            if current is not None and current.state is StepState.LOCKED:
                raise PathwayError(LOCKED_STEP_MESSAGE)
        queries, _ = _queries()
        with self._store.session() as session:
            queries.set_tick(
                session, profile_id=profile.id, pathway_id=pathway.id, step_id=step.id,
                item_id=item_id, ticked=ticked, now=_naive(dt.datetime.now()),
            )  # fmt: skip
        return self.progress(profile, pathway.id)

    def note(self, profile: Profile, pathway_id: str, step_id: str) -> str:
        """The note of a step ("" when none)."""
        pathway = self._require(pathway_id)
        step = self._require_step(pathway, step_id)
        queries, _ = _queries()
        with self._store.session() as session:
            return queries.note(
                session, profile_id=profile.id, pathway_id=pathway.id, step_id=step.id
            )

    def save_note(self, profile: Profile, pathway_id: str, step_id: str, text: str) -> None:
        """Plain text, at most 2000 characters; an empty note is removed."""
        pathway = self._require(pathway_id)
        step = self._require_step(pathway, step_id)
        cleaned = clean_note(text)
        queries, _ = _queries()
        with self._store.session() as session:
            queries.save_note(
                session, profile_id=profile.id, pathway_id=pathway.id, step_id=step.id,
                text=cleaned, now=_naive(dt.datetime.now()),
            )  # fmt: skip

    # --- statements --------------------------------------------------------------------

    def record_progress(self, profile: Profile) -> list[tuple[str, str]]:
        """For every followed pathway: a ``completed`` statement for each step newly done,
        then ``progressed`` when something changed, and ``completed`` once for the pathway
        when all its steps are done. Returns the (pathway id, step id) newly recorded; calling
        it again records nothing new."""
        by_id = {pathway.id: pathway for pathway in self.pathways()}
        if not self._anything_to_record(profile, by_id):
            return []  # the usual case at start-up: no write, and no ORM to import
        queries, profile_queries = _queries()
        newly: list[tuple[str, str]] = []
        now = _now()  # statements keep whole seconds; the store, the exact time
        with self._store.session() as session:
            facts = queries.progress_facts(session, profile_id=profile.id)
            enrolments = queries.enrolments(session, profile_id=profile.id)
            actor = xapi.actor(
                install_id=profile_queries.install_id(session), pseudonym=profile.pseudonym
            )
            for pathway_id, enrolment in enrolments.items():
                pathway = by_id.get(pathway_id)
                if pathway is None or not enrolment.followed:
                    continue  # removed from the content, or no longer followed
                progress = self._progress(pathway, facts)
                recorded = queries.recorded_steps(
                    session, profile_id=profile.id, pathway_id=pathway.id
                )
                changed = False
                for index, state in enumerate(progress.steps, 1):
                    if not state.done or state.step.id in recorded:
                        continue
                    statement = xapi.pathway_step_completed_statement(
                        actor_=actor, registration=enrolment.registration,
                        pathway_id=pathway.id, step_id=state.step.id,
                        step_title=state.step.title, step_index=index,
                        step_count=len(pathway.steps), timestamp=now,
                    )  # fmt: skip
                    self._append(session, profile, statement)
                    queries.add_step_record(
                        session, profile_id=profile.id, pathway_id=pathway.id,
                        step_id=state.step.id, now=_naive(now),
                    )  # fmt: skip
                    newly.append((pathway.id, state.step.id))
                    changed = True
                if changed:
                    statement = xapi.pathway_progressed_statement(
                        actor_=actor, registration=enrolment.registration,
                        pathway_id=pathway.id, title=pathway.title,
                        percent=progress.percent_steps, timestamp=now,
                    )  # fmt: skip
                    self._append(session, profile, statement)
                if progress.completed and enrolment.completed_at is None:
                    statement = xapi.pathway_completed_statement(
                        actor_=actor, registration=enrolment.registration,
                        pathway_id=pathway.id, title=pathway.title,
                        duration_seconds=None, timestamp=now,
                    )  # fmt: skip
                    self._append(session, profile, statement)
                    queries.mark_completed(
                        session, profile_id=profile.id, pathway_id=pathway.id, now=_naive(now)
                    )
        return newly

    def _anything_to_record(self, profile: Profile, by_id: dict[str, Pathway]) -> bool:
        """Whether a followed pathway has a step done but not recorded, or is finished but
        not marked so (read in plain SQL)."""
        from ent_coach.store import pathway_reads

        with self._store.reader() as connection:
            facts = pathway_reads.progress_facts(connection, profile_id=profile.id)
            for pathway_id, enrolment in pathway_reads.enrolments(connection, profile_id=profile.id).items():
                pathway = by_id.get(pathway_id)
                if pathway is None or not enrolment.followed:
                    continue
                progress = self._progress(pathway, facts)
                if progress.completed and enrolment.completed_at is None:
                    return True
                recorded = pathway_reads.recorded_steps(
                    connection, profile_id=profile.id, pathway_id=pathway_id
                )
                if any(state.done and state.step.id not in recorded for state in progress.steps):
                    return True
        return False

    @staticmethod
    def _append(session: Any, profile: Profile, statement: dict[str, Any]) -> None:
        from ent_coach.store.progress import append_statement

        append_statement(session, profile_id=profile.id, statement=statement)

    # --- time and attestation ----------------------------------------------------------

    def step_times(self, profile: Profile, pathway_id: str) -> dict[str, StepTime]:
        pathway = self._require(pathway_id)
        return self._step_times(profile, pathway)[1]

    def _step_times(
        self, profile: Profile, pathway: Pathway
    ) -> tuple[PathwayProgress, dict[str, StepTime], Enrolment | None]:
        from ent_coach.store import pathway_reads

        with self._store.reader() as connection:
            facts = pathway_reads.progress_facts(connection, profile_id=profile.id)
            times = pathway_reads.activity_times(connection, profile_id=profile.id)
            recorded = pathway_reads.recorded_steps(connection, profile_id=profile.id, pathway_id=pathway.id)
            enrolment = pathway_reads.enrolments(connection, profile_id=profile.id).get(pathway.id)
        progress = self._progress(pathway, facts)
        started = facts.started_at.get(pathway.id)
        out: dict[str, StepTime] = {}
        self_assessments = 0
        for state in progress.steps:
            step = state.step
            if step.kind is StepKind.SELF_ASSESSMENT and state.available:
                self_assessments += 1
            seconds, done_at = _time_of(
                pathway.id, state, times, started=started, nth_self_assessment=self_assessments
            )
            if state.done and done_at is None:
                done_at = recorded.get(step.id)
            out[step.id] = StepTime(step.id, seconds, done_at if state.done else None)
        return progress, out, enrolment

    def attestation(
        self, profile: Profile, pathway_id: str, *, content_version: str | None = None
    ) -> Attestation:
        pathway = self._require(pathway_id)
        progress, times, enrolment = self._step_times(profile, pathway)
        completed_at = enrolment.completed_at if enrolment is not None else None
        if completed_at is None and progress.completed:
            dates = [t.completed_at for t in times.values() if t.completed_at is not None]
            completed_at = max(dates, default=None)
        return Attestation(
            display_name=profile.display_name,
            role_label=profile.role.label,
            pathway=pathway,
            progress=progress,
            started_at=enrolment.started_at if enrolment is not None else None,
            completed_at=completed_at,
            times=times,
            total_seconds=sum(t.seconds for t in times.values()),
            scores={
                state.step.id: state.score
                for state in progress.steps
                if state.score is not None
                and state.step.kind in (StepKind.QUIZ_THEME, StepKind.QUIZ_ASSESSMENT)
            },
            generated_at=dt.datetime.now(),
            content_version=content_version,
        )


def _reaches(score: float, mark: float) -> bool:
    return score + _SCORE_EPSILON >= mark


def _time_of(
    pathway_id: str,
    state: StepProgress,
    times: ActivityTimes,
    *,
    started: dt.datetime | None,
    nth_self_assessment: int,
) -> tuple[float, dt.datetime | None]:
    """Seconds spent on the step's activity, and when the step was completed (if it was)."""
    step = state.step
    reference = step.reference or ""
    if not state.available:
        return 0.0, None
    match step.kind:
        case StepKind.TUTORIAL:
            return (
                times.tutorial_seconds.get(reference, 0.0),
                times.tutorial_completed.get(reference),
            )
        case StepKind.QUIZ_THEME | StepKind.QUIZ_ASSESSMENT:
            theme = reference if step.kind is StepKind.QUIZ_THEME else None
            mark = step.effective_pass_mark
            reached = [
                verdict.at
                for verdict in times.quiz_verdicts.get(theme, [])
                # A training counts once passed; the assessment, once its mark is reached.
                if _reaches(verdict.scaled, mark) and (theme is None or verdict.passed)
            ]
            return times.quiz_seconds.get(theme, 0.0), min(reached, default=None)
        case StepKind.SCENARIO:
            return (
                times.scenario_seconds.get(reference, 0.0),
                times.scenario_completed.get(reference),
            )
        case StepKind.SELF_ASSESSMENT:
            dates = [d for d in times.self_assessment_dates if started is None or d >= started]
            at = dates[nth_self_assessment - 1] if len(dates) >= nth_self_assessment else None
            return 0.0, at
        case StepKind.PRACTICE:
            return 0.0, times.practice_completed.get(reference)
        case StepKind.ACTIVITY:
            dates = [
                times.tick_dates.get((pathway_id, step.id, item.id)) for item in step.checklist
            ]
            done = all(d is not None for d in dates) and dates
            return 0.0, max(d for d in dates if d is not None) if done else None
    return 0.0, None  # pragma: no cover - every kind is matched above


__all__ = [
    "LOCKED_STEP_MESSAGE",
    "NOTE_MAX_CHARS",
    "Attestation",
    "PathwayError",
    "PathwayOverview",
    "PathwayService",
    "StepTime",
]
