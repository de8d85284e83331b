"""SQLAlchemy 2 typed models. Only the store package sees these; upper layers get dataclasses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Index, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# A naming convention makes constraint names stable, which batch migrations on SQLite need.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AppState(Base):
    """Installation-wide key/value facts (install id, last profile opened)."""

    __tablename__ = "app_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ProfileRow(Base):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(36), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(16), default="fr_FR")
    pin_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime]
    last_used_at: Mapped[dt.datetime | None]


class StatementRow(Base):
    """Append-only xAPI statement log, the source of truth for progress."""

    __tablename__ = "statements"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    verb: Mapped[str] = mapped_column(String(200))
    activity_id: Mapped[str] = mapped_column(String(300))
    timestamp: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_statements_profile_activity", "profile_id", "activity_id"),)


class ActivityProgressRow(Base):
    """Summary per profile and activity, updated in the statement's transaction."""

    __tablename__ = "activity_progress"
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    activity_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(default=0)
    # Float, as in the migration: a bare Mapped[float] means Double and would drift from it.
    best_score: Mapped[float | None] = mapped_column(Float)
    time_spent_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    first_seen_at: Mapped[dt.datetime]
    last_seen_at: Mapped[dt.datetime]
    completed_at: Mapped[dt.datetime | None]


class NoteRow(Base):
    __tablename__ = "notes"
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    tutorial_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime]


class QuizAttemptRow(Base):
    """One quiz attempt. Its id is the xAPI registration of the attempt's statements."""

    __tablename__ = "quiz_attempts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    mode: Mapped[str] = mapped_column(String(16))
    theme: Mapped[str | None] = mapped_column(String(40))
    seed: Mapped[int]
    # Item ids in the order asked, as JSON: with the seed, enough to show the attempt again.
    item_ids: Mapped[str] = mapped_column(Text)
    cbm: Mapped[bool]
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    score_raw: Mapped[int | None]
    score_max: Mapped[int | None]
    cbm_total: Mapped[int | None]
    __table_args__ = (Index("ix_quiz_attempts_profile_started", "profile_id", "started_at"),)


class QuizAnswerRow(Base):
    __tablename__ = "quiz_answers"
    attempt_id: Mapped[str] = mapped_column(
        ForeignKey("quiz_attempts.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    try_number: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(String(80))
    response: Mapped[str] = mapped_column(Text)  # JSON list of option keys
    correct: Mapped[bool]
    certainty: Mapped[int | None]
    answered_at: Mapped[dt.datetime]


class QuizReviewRow(Base):
    """Leitner box of a missed item, per profile."""

    __tablename__ = "quiz_review"
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    box: Mapped[int]
    due: Mapped[dt.date]


class SandboxWorkspaceRow(Base):
    """The workspace a profile is building on a scenario (``mode`` "scenario") or a free-mode
    template ("libre"), stored as the steps replayed on the content's initial state."""

    __tablename__ = "sandbox_workspaces"
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    mode: Mapped[str] = mapped_column(String(16), primary_key=True)
    ref_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    steps: Mapped[str] = mapped_column(Text)
    hints_shown: Mapped[int]
    solution_seen: Mapped[bool]
    attempt: Mapped[int]
    passed: Mapped[bool]
    updated_at: Mapped[dt.datetime]


class AssessmentRow(Base):
    """One self-assessment sitting; earlier ones are kept to show the change over time."""

    __tablename__ = "assessments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    framework_id: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime]
    __table_args__ = (Index("ix_assessments_profile_created", "profile_id", "created_at"),)


# ``assessment_ratings.level`` for « je ne sais pas me situer »: the answer and its note are
# kept; levels proper start at 1, so no schema change was needed.
UNSURE_LEVEL = 0


class AssessmentRatingRow(Base):
    __tablename__ = "assessment_ratings"
    assessment_id: Mapped[str] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    competence_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    level: Mapped[int]
    evidence: Mapped[str | None] = mapped_column(Text)


class PracticeFavouriteRow(Base):
    __tablename__ = "practice_favourites"
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    practice_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    added_at: Mapped[dt.datetime]


class OwnPracticeRow(Base):
    """A practice the teacher wrote or imported: never mixed with the shipped ones."""

    __tablename__ = "own_practices"
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class PathwayEnrolmentRow(Base):
    """A profile following a pathway. ``registration`` is the xAPI registration of every
    statement about it; stopping keeps the row (and the registration) for a later resume."""

    __tablename__ = "pathway_enrolments"
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    pathway_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    registration: Mapped[str] = mapped_column(String(36))
    started_at: Mapped[dt.datetime]
    stopped_at: Mapped[dt.datetime | None]
    completed_at: Mapped[dt.datetime | None]


class PathwayTickRow(Base):
    """A checklist item of a real-ENT activity the teacher ticked."""

    __tablename__ = "pathway_ticks"
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    pathway_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    step_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    ticked_at: Mapped[dt.datetime]


class PathwayNoteRow(Base):
    __tablename__ = "pathway_notes"
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    pathway_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    step_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime]


class PathwayStepRecordRow(Base):
    """A step completion already recorded as a statement (recording stays idempotent)."""

    __tablename__ = "pathway_step_records"
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    pathway_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    step_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    recorded_at: Mapped[dt.datetime]


class SeanceRow(Base):
    """A coaching half-day planned by a tutor (the profile); ``plan`` is the plan file's JSON."""

    __tablename__ = "seances"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(6), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    date: Mapped[str] = mapped_column(String(10))  # ISO date
    place: Mapped[str] = mapped_column(String(120))
    tutor_note: Mapped[str] = mapped_column(Text)
    plan: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class SeanceParticipantRow(Base):
    """A trainee whose progress bundle was imported: never one of this laptop's profiles."""

    __tablename__ = "seance_participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    seance_id: Mapped[str] = mapped_column(ForeignKey("seances.id", ondelete="CASCADE"))
    pseudonym: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(80))
    first_imported_at: Mapped[dt.datetime]
    last_imported_at: Mapped[dt.datetime]
    app_version: Mapped[str] = mapped_column(String(40))
    content_version: Mapped[str] = mapped_column(String(40))
    __table_args__ = (UniqueConstraint("seance_id", "pseudonym"),)


class SeanceStatementRow(Base):
    """An imported statement; the union of bundles is keyed by (séance, statement id)."""

    __tablename__ = "seance_statements"
    seance_id: Mapped[str] = mapped_column(
        ForeignKey("seances.id", ondelete="CASCADE"), primary_key=True
    )
    statement_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("seance_participants.id", ondelete="CASCADE"), index=True
    )
    fingerprint: Mapped[str] = mapped_column(String(64))
    timestamp: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)


class ReceivedPlanRow(Base):
    """A séance plan a trainee imported on this laptop (laptop-wide, not personal)."""

    __tablename__ = "received_plans"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    plan: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[dt.datetime]
