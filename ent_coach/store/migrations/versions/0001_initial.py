"""Initial schema: profiles, append-only statements, progress summaries, notes.

Revision ID: 0001_initial
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_state",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_state")),
    )
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(36), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("locale", sa.String(16), nullable=False),
        sa.Column("pin_hash", sa.String(200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profiles")),
        sa.UniqueConstraint("pseudonym", name=op.f("uq_profiles_pseudonym")),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("verb", sa.String(200), nullable=False),
        sa.Column("activity_id", sa.String(300), nullable=False),
        sa.Column("timestamp", sa.String(40), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], ondelete="CASCADE",
            name=op.f("fk_statements_profile_id_profiles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
    )
    op.create_index("ix_statements_profile_activity", "statements", ["profile_id", "activity_id"])
    # The log is append-only: a statement, once written, is never rewritten.
    op.execute(
        "CREATE TRIGGER statements_append_only BEFORE UPDATE ON statements "
        "BEGIN SELECT RAISE(ABORT, 'statements are append-only'); END"
    )
    op.create_table(
        "activity_progress",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("best_score", sa.Float(), nullable=True),
        sa.Column("time_spent_seconds", sa.Float(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], ondelete="CASCADE",
            name=op.f("fk_activity_progress_profile_id_profiles"),
        ),
        sa.PrimaryKeyConstraint("profile_id", "activity_id", name=op.f("pk_activity_progress")),
    )
    op.create_table(
        "notes",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("tutorial_id", sa.String(80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], ondelete="CASCADE",
            name=op.f("fk_notes_profile_id_profiles"),
        ),
        sa.PrimaryKeyConstraint("profile_id", "tutorial_id", name=op.f("pk_notes")),
    )


def downgrade() -> None:
    op.drop_table("notes")
    op.drop_table("activity_progress")
    op.execute("DROP TRIGGER IF EXISTS statements_append_only")
    op.drop_index("ix_statements_profile_activity", table_name="statements")
    op.drop_table("statements")
    op.drop_table("profiles")
    op.drop_table("app_state")
