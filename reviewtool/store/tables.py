"""The tables of a review file (SQLAlchemy Core), at the newest schema revision.

The decision log (``log``) is the record; ``incidents`` and ``decisions`` are projections of it,
rewritten in the same transaction as each log entry so that other tools can query them with SQL.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

match = Table(
    "match", metadata,
    Column("id", Integer, primary_key=True),
    Column("document", Text, nullable=False),  # the match-log "match" object, as JSON
)

clips = Table(
    "clips", metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("facts", Text, nullable=False),  # probed facts, JSON
    Column("added_at", String, nullable=False),
)

log = Table(
    "log", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String, nullable=False),
    Column("author", Text, nullable=False),
    Column("role", String, nullable=False),
    Column("recorded_at", String, nullable=False),
    Column("payload", Text, nullable=False),  # canonical JSON
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Column("public_key", String, nullable=True),  # hex Ed25519 key; NULL in older files
    Column("signature", String, nullable=True),  # hex signature of the entry's hash
)

incidents = Table(
    "incidents", metadata,
    Column("id", String, primary_key=True),
    Column("clip_id", Integer),
    Column("key_frame", Integer),
    Column("minute", String),
    Column("category", String, nullable=False),
    Column("document", Text, nullable=False),
)

decisions = Table(
    "decisions", metadata,
    Column("id", String, primary_key=True),
    Column("incident_id", String),
    Column("step", String, nullable=False),
    Column("document", Text, nullable=False),
)
