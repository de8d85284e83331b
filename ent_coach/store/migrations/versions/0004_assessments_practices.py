"""Self-assessments (one row per sitting, one per competence rated), favourite practices, and
the practices a teacher writes or imports.

Revision ID: 0004_assessments_practices
Revises: 0003_sandbox
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_assessments_practices"
down_revision = "0003_sandbox"
branch_labels = None
depends_on = None


def _profile_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["profile_id"], ["profiles.id"], ondelete="CASCADE",
        name=op.f(f"fk_{table}_profile_id_profiles"),
    )  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.String(40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _profile_fk("assessments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index(
        "ix_assessments_profile_created", "assessments", ["profile_id", "created_at"]
    )
    op.create_table(
        "assessment_ratings",
        sa.Column("assessment_id", sa.String(36), nullable=False),
        sa.Column("competence_id", sa.String(16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessments.id"], ondelete="CASCADE",
            name=op.f("fk_assessment_ratings_assessment_id_assessments"),
        ),
        sa.PrimaryKeyConstraint(
            "assessment_id", "competence_id", name=op.f("pk_assessment_ratings")
        ),
    )  # fmt: skip
    op.create_table(
        "practice_favourites",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.String(80), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        _profile_fk("practice_favourites"),
        sa.PrimaryKeyConstraint("profile_id", "practice_id", name=op.f("pk_practice_favourites")),
    )
    op.create_table(
        "own_practices",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(80), nullable=False),
        # The practice's fields as JSON, validated by the content layer's schema on the way in
        # and on the way out (a row edited by hand never reaches a screen unchecked).
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _profile_fk("own_practices"),
        sa.PrimaryKeyConstraint("profile_id", "id", name=op.f("pk_own_practices")),
    )


def downgrade() -> None:
    op.drop_table("own_practices")
    op.drop_table("practice_favourites")
    op.drop_table("assessment_ratings")
    op.drop_index("ix_assessments_profile_created", table_name="assessments")
    op.drop_table("assessments")
