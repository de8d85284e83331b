"""Alembic environment: always run on a connection handed over by the store."""

from __future__ import annotations

from alembic import context

from ent_coach.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
)
with context.begin_transaction():
    context.run_migrations()
