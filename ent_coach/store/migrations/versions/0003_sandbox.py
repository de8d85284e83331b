"""Sandbox: the workspace each profile is building, per scenario or free-mode template.

Revision ID: 0003_sandbox
Revises: 0002_quiz
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_sandbox"
down_revision = "0002_quiz"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sandbox_workspaces",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("ref_id", sa.String(80), nullable=False),
        sa.Column("steps", sa.Text(), nullable=False),
        sa.Column("hints_shown", sa.Integer(), nullable=False),
        sa.Column("solution_seen", sa.Boolean(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], ondelete="CASCADE",
            name=op.f("fk_sandbox_workspaces_profile_id_profiles"),
        ),
        sa.PrimaryKeyConstraint("profile_id", "mode", "ref_id", name=op.f("pk_sandbox_workspaces")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("sandbox_workspaces")
