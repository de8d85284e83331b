"""Coaching half-days (« séances »): the tutor's séances with their plan, the trainees whose
progress was imported (kept apart from the laptop's profiles) and their statements, and the
plans a trainee imported on this laptop.

Revision ID: 0006_seances
Revises: 0005_pathways
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_seances"
down_revision = "0005_pathways"
branch_labels = None
depends_on = None


def _cascade_fk(table: str, column: str, target: str, target_column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.{target_column}"], ondelete="CASCADE",
        name=op.f(f"fk_{table}_{column}_{target}"),
    )  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "seances",
        sa.Column("id", sa.String(36), nullable=False),
        # The tutor's profile: the séance and everything imported into it go with it.
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(6), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("date", sa.String(10), nullable=False),
        sa.Column("place", sa.String(120), nullable=False),
        sa.Column("tutor_note", sa.Text(), nullable=False),
        # The plan as the plan file writes it (validated again on every read).
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _cascade_fk("seances", "profile_id", "profiles", "id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seances")),
        sa.UniqueConstraint("code", name=op.f("uq_seances_code")),
    )
    op.create_index("ix_seances_profile_id", "seances", ["profile_id"])
    op.create_table(
        "seance_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seance_id", sa.String(36), nullable=False),
        sa.Column("pseudonym", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=True),
        sa.Column("first_imported_at", sa.DateTime(), nullable=False),
        sa.Column("last_imported_at", sa.DateTime(), nullable=False),
        sa.Column("app_version", sa.String(40), nullable=False),
        sa.Column("content_version", sa.String(40), nullable=False),
        _cascade_fk("seance_participants", "seance_id", "seances", "id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seance_participants")),
        sa.UniqueConstraint(
            "seance_id", "pseudonym", name=op.f("uq_seance_participants_seance_id")
        ),
    )
    op.create_table(
        "seance_statements",
        sa.Column("seance_id", sa.String(36), nullable=False),
        sa.Column("statement_id", sa.String(36), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        # sha256 of the canonical JSON: the same id arriving with another content is refused.
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("timestamp", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        _cascade_fk("seance_statements", "seance_id", "seances", "id"),
        _cascade_fk("seance_statements", "participant_id", "seance_participants", "id"),
        sa.PrimaryKeyConstraint("seance_id", "statement_id", name=op.f("pk_seance_statements")),
    )
    op.create_index(
        "ix_seance_statements_participant_id", "seance_statements", ["participant_id"]
    )
    op.create_table(
        "received_plans",
        sa.Column("code", sa.String(6), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_received_plans")),
    )


def downgrade() -> None:
    op.drop_table("received_plans")
    op.drop_index("ix_seance_statements_participant_id", table_name="seance_statements")
    op.drop_table("seance_statements")
    op.drop_table("seance_participants")
    op.drop_index("ix_seances_profile_id", table_name="seances")
    op.drop_table("seances")
