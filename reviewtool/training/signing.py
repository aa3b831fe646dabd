"""Signed answers: the trainee's Ed25519 key (``store.keys``, the same keys that sign the
decision log) signs the answers file, so that changing it needs the key and not just a
recomputed SHA-256.

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
from reviewtool.store.chain import canonical
from reviewtool.training.question import TrainingError

ALGORITHM = "Ed25519"
DOMAIN = b"reviewtool-answers/1\n"  # a signature over answers is never one over a log entry

KNOWN = "valid, known trainee"
UNLISTED = "valid, key not listed"  # not on the session's list of trainees' keys
OTHER_KEY = "valid, NOT this trainee's listed key"
UNSIGNED = "not signed"


def signed_bytes(body: Mapping[str, Any]) -> bytes:
    return DOMAIN + canonical(body).encode("utf-8")


def sign_body(trainee: str, body: Mapping[str, Any]) -> dict[str, str]:
    """The signature block for ``body``, with ``trainee``'s key (created on first use)."""
    try:
        key = keys.load_or_create(trainee)
    except keys.KeyStoreError as e:
        raise TrainingError(f"the answers cannot be signed: {e}") from e
    return {"algorithm": ALGORITHM, "public_key": key.public("hex"),
            "value": key.sign(signed_bytes(body)).hex()}


def public_key_of(trainee: str) -> str:
    """The trainee's public key (hex), to hand to the instructor; created on first use."""
    try:
        return keys.load_or_create(trainee).public("hex")
    except keys.KeyStoreError as e:
        raise TrainingError(str(e)) from e


def check_signature(signature: Any, body: Mapping[str, Any], name: str) -> str:
    """The public key (hex) that validly signed ``body``; "" when unsigned. A signature that
    does not match is a changed file: refused."""
    if signature is None:
        return ""
    if (not isinstance(signature, dict) or signature.get("algorithm") != ALGORITHM
            or not isinstance(signature.get("public_key"), str)
            or not isinstance(signature.get("value"), str)):
        raise TrainingError(f"{name}: the signature is damaged; the answers are not imported")
    if not keys.verify(signature["public_key"], signed_bytes(body), signature["value"]):
        raise TrainingError(f"{name}: the signature does not match the answers (changed after "
                            "they were signed); they are not imported")
    return signature["public_key"].lower()


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
