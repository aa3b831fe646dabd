"""Incidents and decisions as queryable projections of the decision log.

The rows are rebuilt from the log when the review is next opened (meta "projections" = stale),
so the migration itself needs no knowledge of the log's contents.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("incidents", sa.Column("id", sa.String, primary_key=True),
                    sa.Column("clip_id", sa.Integer), sa.Column("key_frame", sa.Integer),
                    sa.Column("minute", sa.String),
                    sa.Column("category", sa.String, nullable=False),
                    sa.Column("document", sa.Text, nullable=False))
    op.create_table("decisions", sa.Column("id", sa.String, primary_key=True),
                    sa.Column("incident_id", sa.String),
                    sa.Column("step", sa.String, nullable=False),
                    sa.Column("document", sa.Text, nullable=False))
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.execute(meta.delete().where(meta.c.key == "projections"))
    op.bulk_insert(meta, [{"key": "projections", "value": "stale"}])


def downgrade() -> None:
    op.drop_table("decisions")
    op.drop_table("incidents")
