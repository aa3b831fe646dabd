"""The first review file: match, clips and the hash-chained decision log.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("meta", sa.Column("key", sa.String, primary_key=True),
                    sa.Column("value", sa.Text, nullable=False))
    op.create_table("match", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("document", sa.Text, nullable=False))
    op.create_table("clips", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("path", sa.Text, nullable=False),
                    sa.Column("fingerprint", sa.String(64), nullable=False),
                    sa.Column("facts", sa.Text, nullable=False),
                    sa.Column("added_at", sa.String, nullable=False))
    op.create_table("log", sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
                    sa.Column("kind", sa.String, nullable=False),
                    sa.Column("author", sa.Text, nullable=False),
                    sa.Column("role", sa.String, nullable=False),
                    sa.Column("recorded_at", sa.String, nullable=False),
                    sa.Column("payload", sa.Text, nullable=False),
                    sa.Column("prev_hash", sa.String(64), nullable=False),
                    sa.Column("hash", sa.String(64), nullable=False, unique=True))


def downgrade() -> None:
    for name in ("log", "clips", "match", "meta"):
        op.drop_table(name)
