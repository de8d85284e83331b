"""Self-assessment rows. Returns domain dataclasses, never ORM rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ent_coach.domain.assessment import Assessment, Rating
from ent_coach.store.models import UNSURE_LEVEL, AssessmentRatingRow, AssessmentRow


def add(
    session: Session,
    *,
    profile_id: int,
    assessment_id: str,
    framework_id: str,
    created_at: dt.datetime,
    ratings: dict[str, Rating],
) -> Assessment:
    session.add(
        AssessmentRow(
            id=assessment_id, profile_id=profile_id, framework_id=framework_id,
            created_at=created_at,
        )
    )  # fmt: skip
    session.flush()  # the sitting first: without ORM relationships, flush order is not implied
    session.add_all(
        AssessmentRatingRow(
            assessment_id=assessment_id,
            competence_id=rating.competence_id,
            level=UNSURE_LEVEL if rating.level is None else rating.level,
            evidence=rating.evidence or None,
        )
        for rating in ratings.values()
    )
    session.flush()
    return Assessment(assessment_id, framework_id, created_at, dict(ratings))


def history(session: Session, *, profile_id: int, framework_id: str) -> list[Assessment]:
    """Every sitting of the profile on the framework, oldest first."""
    rows = session.scalars(
        select(AssessmentRow)
        .where(AssessmentRow.profile_id == profile_id, AssessmentRow.framework_id == framework_id)
        .order_by(AssessmentRow.created_at, AssessmentRow.id)
    ).all()
    if not rows:
        return []
    ratings: dict[str, dict[str, Rating]] = {row.id: {} for row in rows}
    for rating in session.scalars(
        select(AssessmentRatingRow).where(AssessmentRatingRow.assessment_id.in_(ratings))
    ):
        ratings[rating.assessment_id][rating.competence_id] = Rating(
            rating.competence_id,
            None if rating.level == UNSURE_LEVEL else rating.level,
            rating.evidence or "",
        )
    return [Assessment(row.id, row.framework_id, row.created_at, ratings[row.id]) for row in rows]
