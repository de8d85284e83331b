"""Quiz: attempts, answers (with retries) and the Leitner review boxes.

Revision ID: 0002_quiz
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_quiz"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quiz_attempts",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("theme", sa.String(40), nullable=True),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("item_ids", sa.Text(), nullable=False),
        sa.Column("cbm", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("score_raw", sa.Integer(), nullable=True),
        sa.Column("score_max", sa.Integer(), nullable=True),
        sa.Column("cbm_total", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], ondelete="CASCADE",
            name=op.f("fk_quiz_attempts_profile_id_profiles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_attempts")),
    )  # fmt: skip
    op.create_index(
        "ix_quiz_attempts_profile_started", "quiz_attempts", ["profile_id", "started_at"]
    )
    op.create_table(
        "quiz_answers",
        sa.Column("attempt_id", sa.String(36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("try_number", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(80), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("certainty", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["quiz_attempts.id"], ondelete="CASCADE",
            name=op.f("fk_quiz_answers_attempt_id_quiz_attempts"),
        ),
        sa.PrimaryKeyConstraint(
            "attempt_id", "position", "try_number", name=op.f("pk_quiz_answers")
        ),
    )  # fmt: skip
    op.create_table(
        "quiz_review",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(80), nullable=False),
        sa.Column("box", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], ondelete="CASCADE",
            name=op.f("fk_quiz_review_profile_id_profiles"),
        ),
        sa.PrimaryKeyConstraint("profile_id", "item_id", name=op.f("pk_quiz_review")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("quiz_review")
    op.drop_table("quiz_answers")
    op.drop_index("ix_quiz_attempts_profile_started", table_name="quiz_attempts")
    op.drop_table("quiz_attempts")
