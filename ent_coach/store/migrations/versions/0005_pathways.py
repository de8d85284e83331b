"""Guided pathways: enrolments (one xAPI registration each), checklist ticks and notes of
real-ENT activities, and the step completions already recorded as statements.

Revision ID: 0005_pathways
Revises: 0004_assessments_practices
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_pathways"
down_revision = "0004_assessments_practices"
branch_labels = None
depends_on = None


def _profile_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["profile_id"], ["profiles.id"], ondelete="CASCADE",
        name=op.f(f"fk_{table}_profile_id_profiles"),
    )  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "pathway_enrolments",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.String(60), nullable=False),
        # The xAPI registration of every statement about this enrolment (kept on resume).
        sa.Column("registration", sa.String(36), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("stopped_at", sa.DateTime(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        _profile_fk("pathway_enrolments"),
        sa.PrimaryKeyConstraint("profile_id", "pathway_id", name=op.f("pk_pathway_enrolments")),
    )
    op.create_table(
        "pathway_ticks",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.String(60), nullable=False),
        sa.Column("step_id", sa.String(40), nullable=False),
        sa.Column("item_id", sa.String(40), nullable=False),
        sa.Column("ticked_at", sa.DateTime(), nullable=False),
        _profile_fk("pathway_ticks"),
        sa.PrimaryKeyConstraint(
            "profile_id", "pathway_id", "step_id", "item_id", name=op.f("pk_pathway_ticks")
        ),
    )
    op.create_table(
        "pathway_notes",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.String(60), nullable=False),
        sa.Column("step_id", sa.String(40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _profile_fk("pathway_notes"),
        sa.PrimaryKeyConstraint(
            "profile_id", "pathway_id", "step_id", name=op.f("pk_pathway_notes")
        ),
    )
    op.create_table(
        "pathway_step_records",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.String(60), nullable=False),
        sa.Column("step_id", sa.String(40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        _profile_fk("pathway_step_records"),
        sa.PrimaryKeyConstraint(
            "profile_id", "pathway_id", "step_id", name=op.f("pk_pathway_step_records")
        ),
    )


def downgrade() -> None:
    op.drop_table("pathway_step_records")
    op.drop_table("pathway_notes")
    op.drop_table("pathway_ticks")
    op.drop_table("pathway_enrolments")
