"""Signed log entries: the recording official's public key and the signature of each entry.

Older entries keep both empty and verify as "unsigned"; nothing is rewritten.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("log") as batch:
        batch.add_column(sa.Column("public_key", sa.String, nullable=True))
        batch.add_column(sa.Column("signature", sa.String, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("log") as batch:
        batch.drop_column("signature")
        batch.drop_column("public_key")
