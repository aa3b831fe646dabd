"""Alembic environment: the review file's connection is handed in by ``store.migrate``."""

from alembic import context

from reviewtool.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
