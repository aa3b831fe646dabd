"""Signed answers: the trainee's Ed25519 key (``store.keys``, the keys that sign the decision
log) signs the answers file the way an official signs a log entry: the public key is inside the
hashed content and the signature is over the SHA-256, so changing the file needs the key and
not just a recomputed hash.

What it proves and what it does not: a valid signature says the file was not changed since
the holder of that key signed it. That the holder is the trainee named in the file is known
only when the instructor has the trainee's public key on the training session's list of
trainees (given in person, or trusted from a first file); grading says which case applies. A
file whose signature was removed reads as "not signed", never as signed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reviewtool.store import keys
from reviewtool.training.question import TrainingError

CONTEXT = b"reviewtool answers file v1\n"  # never taken for a decision log entry's signature

KNOWN = "valid, known trainee"
UNLISTED = "valid, key not listed"  # not on the session's list of trainees' keys
OTHER_KEY = "valid, NOT this trainee's listed key"
UNSIGNED = "not signed"


def signing_bytes(digest: str) -> bytes:
    """What the signature is over: the file's SHA-256, which covers the answers and the key,
    as a decision log entry's signature is over the entry's hash."""
    return CONTEXT + digest.encode("ascii")


def signing_key(trainee: str) -> keys.SigningKey:
    """The trainee's key, created on first use."""
    try:
        return keys.load_or_create(trainee)
    except keys.KeyStoreError as e:
        raise TrainingError(f"the answers cannot be signed: {e}") from e


def public_key_of(trainee: str) -> str:
    """The trainee's public key (hex), to hand to the instructor; created on first use."""
    return signing_key(trainee).public("hex")


def check_signature(key: Any, digest: str, signature: Any, name: str) -> str:
    """``key`` (hex, lower case) when ``signature`` is its signature of ``digest``; "" for an
    unsigned file. A signature that does not match means a changed file: refused."""
    if key is None and signature is None:
        return ""
    if not isinstance(key, str) or not isinstance(signature, str):
        raise TrainingError(f"{name}: the signature or its key is missing; the answers are "
                            "not imported")
    if not keys.verify(key, signing_bytes(digest), signature):
        raise TrainingError(f"{name}: the signature does not match the answers (changed after "
                            "they were signed); they are not imported")
    return key.lower()


def fingerprint(public_key: str) -> str:
    """A short form of a public key to read aloud or compare: 4 groups of 4 hex digits."""
    head = public_key.lower()[:16]
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


def status(trainee: str, public_key: str, known: Mapping[str, str]) -> str:
    """How far an answers file's signature is to be trusted, in words."""
    if not public_key:
        return UNSIGNED
    listed = known.get(trainee)
    if listed is None:
        return UNLISTED
    return KNOWN if listed.lower() == public_key.lower() else OTHER_KEY
