"""Profile queries. Return domain Profiles, never ORM rows."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ent_coach.domain.profiles import Profile, ProfileError
from ent_coach.domain.taxonomy import Role
from ent_coach.store.erasure import PENDING_ERASE_KEY
from ent_coach.store.models import (
    ActivityProgressRow,
    AppState,
    AssessmentRatingRow,
    AssessmentRow,
    NoteRow,
    OwnPracticeRow,
    PathwayEnrolmentRow,
    PathwayNoteRow,
    PathwayStepRecordRow,
    PathwayTickRow,
    PracticeFavouriteRow,
    ProfileRow,
    QuizAnswerRow,
    QuizAttemptRow,
    QuizReviewRow,
    SandboxWorkspaceRow,
    SeanceParticipantRow,
    SeanceRow,
    SeanceStatementRow,
    StatementRow,
)
from ent_coach.store.reads import LAST_PROFILE_KEY

# The key is shared with the plain-SQL reads, which must not import this ORM module.
INSTALL_ID_KEY = "install_id"


def _to_domain(row: ProfileRow) -> Profile:
    return Profile(
        id=row.id,
        pseudonym=row.pseudonym,
        display_name=row.display_name,
        role=Role(row.role),
        locale=row.locale,
        has_pin=row.pin_hash is not None,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
    )



def get_profile(session: Session, profile_id: int) -> Profile | None:
    row = session.get(ProfileRow, profile_id)
    return _to_domain(row) if row else None


def name_taken(session: Session, name: str, *, except_id: int | None = None) -> bool:
    # Compared in Python: SQLite's lower() leaves "É" as is, so "émilie" would not match "Émilie".
    query = select(ProfileRow.display_name)
    if except_id is not None:
        query = query.where(ProfileRow.id != except_id)
    wanted = name.casefold()
    return any(existing.casefold() == wanted for existing in session.scalars(query))


def create_profile(
    session: Session, *, display_name: str, role: Role, pin_hash: str | None, now: dt.datetime
) -> Profile:
    row = ProfileRow(
        pseudonym=str(uuid.uuid4()),
        display_name=display_name,
        role=role.value,
        locale="fr_FR",
        pin_hash=pin_hash,
        created_at=now,
        last_used_at=now,
    )
    session.add(row)
    session.flush()
    return _to_domain(row)


def update_profile(
    session: Session,
    profile_id: int,
    *,
    display_name: str | None = None,
    role: Role | None = None,
    pin_hash: str | None = None,
    clear_pin: bool = False,
) -> Profile:
    row = session.get(ProfileRow, profile_id)
    if row is None:  # deleted meanwhile (another window, another session on this laptop)
        raise ProfileError("Ce profil n'existe plus.")
    if display_name is not None:
        row.display_name = display_name
    if role is not None:
        row.role = role.value
    if clear_pin:
        row.pin_hash = None
    elif pin_hash is not None:
        row.pin_hash = pin_hash
    session.flush()
    return _to_domain(row)



# Tables keyed by profile_id, erased with it. tests/unit/test_mydata.py walks the schema and
# fails if a table linked to profiles is missing here or below.
PROFILE_TABLES = (
    NoteRow,
    ActivityProgressRow,
    StatementRow,
    QuizReviewRow,
    QuizAttemptRow,
    SandboxWorkspaceRow,
    AssessmentRow,
    PracticeFavouriteRow,
    OwnPracticeRow,
    PathwayEnrolmentRow,
    PathwayTickRow,
    PathwayNoteRow,
    PathwayStepRecordRow,
    SeanceRow,
)


def delete_profile(session: Session, profile_id: int) -> None:
    # Explicit deletes rather than relying on cascades alone: the intent is visible and
    # does not depend on the foreign-key pragma of whoever opened the file. Children of a
    # profile's rows go first.
    attempts = select(QuizAttemptRow.id).where(QuizAttemptRow.profile_id == profile_id)
    session.execute(delete(QuizAnswerRow).where(QuizAnswerRow.attempt_id.in_(attempts)))
    assessments = select(AssessmentRow.id).where(AssessmentRow.profile_id == profile_id)
    session.execute(
        delete(AssessmentRatingRow).where(AssessmentRatingRow.assessment_id.in_(assessments))
    )
    # A tutor's séances hold the trainees' imported records: they go with the tutor.
    seances = select(SeanceRow.id).where(SeanceRow.profile_id == profile_id)
    session.execute(delete(SeanceStatementRow).where(SeanceStatementRow.seance_id.in_(seances)))
    session.execute(
        delete(SeanceParticipantRow).where(SeanceParticipantRow.seance_id.in_(seances))
    )
    for table in PROFILE_TABLES:
        session.execute(delete(table).where(table.profile_id == profile_id))
    session.execute(delete(ProfileRow).where(ProfileRow.id == profile_id))
    if get_state(session, LAST_PROFILE_KEY) == str(profile_id):
        session.execute(delete(AppState).where(AppState.key == LAST_PROFILE_KEY))
    # In the DELETE's own transaction: if the compaction that follows is interrupted or
    # cannot complete, the next start sees this and finishes it (store.erasure).
    set_state(session, PENDING_ERASE_KEY, "1")


def touch_profile(session: Session, profile_id: int, now: dt.datetime) -> None:
    session.get_one(ProfileRow, profile_id).last_used_at = now
    set_state(session, LAST_PROFILE_KEY, str(profile_id))


def get_state(session: Session, key: str) -> str | None:
    row = session.get(AppState, key)
    return row.value if row else None


def set_state(session: Session, key: str, value: str) -> None:
    session.merge(AppState(key=key, value=value))


def install_id(session: Session) -> str:
    """Random identifier of this installation, used as the xAPI account home page."""
    value = get_state(session, INSTALL_ID_KEY)
    if value is None:
        value = uuid.uuid4().hex[:12]
        set_state(session, INSTALL_ID_KEY, value)
    return value


