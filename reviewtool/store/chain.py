"""The hash chain of the decision log: canonical JSON, SHA-256, signatures, and verification.

Each entry's hash covers its own fields and the previous entry's hash, so changing, removing or
reordering any stored entry breaks the chain from that entry on, and ``verify`` can name it.
Hashes alone can be recomputed by anyone; since schema 0003 each entry also carries the public
key of the official who recorded it (inside the hashed body) and an Ed25519 signature of its
hash, so rewriting an entry means re-signing it and every later one, which needs their keys.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64
_quote: Callable[[str], str] = getattr(json.encoder, "c_encode_basestring", None) or (
    json.encoder.py_encode_basestring)
SIGNING_CONTEXT = b"reviewtool decision log entry v1\n"


def _dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def _not_serializable(o: Any) -> Any:
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


def _fast_codec() -> tuple[Callable[[Any], str], Callable[[str], Any]] | None:
    """The C encoder and scanner ``json.dumps``/``json.loads`` build on every call, built once.

    Opening a review encodes and parses every payload (the canonical check) and hashes every
    entry; building the encoder each time was a third of that. Only kept when it gives
    exactly what ``json.dumps``/``json.loads`` give here (the C API is not public).
    """
    try:
        from json.encoder import c_encode_basestring, c_make_encoder  # type: ignore[attr-defined]
        from json.scanner import c_make_scanner  # type: ignore[attr-defined]

        encoder = c_make_encoder(None, _not_serializable, c_encode_basestring, None, ":", ",",
                                 True, False, False)
        scanner = c_make_scanner(json.JSONDecoder())

        def encode(obj: Any) -> str:
            return "".join(encoder(obj, 0))

        def decode(text: str) -> Any:
            value, end = scanner(text, 0)
            if end != len(text):
                raise ValueError("extra data")
            return value

        sample = {"b": [1, 2.5, -0.0, None, True, "\u00e9\"\\\n\u2028"], "a": {"z": 10**30}}
        text = _dumps(sample)
        if encode(sample) != text or decode(text) != json.loads(text):
            return None
        return encode, decode
    except Exception:  # an interpreter without the C accelerator: use json as it is
        return None


_FAST = _fast_codec()


def canonical(obj: Any) -> str:
    """One text per value: sorted keys, no spaces, UTF-8 kept as is."""
    if _FAST is None:
        return _dumps(obj)
    try:
        return _FAST[0](obj)
    except (TypeError, ValueError):  # raise json.dumps's own error, in its own words
        return _dumps(obj)


def _loads(text: str) -> Any:
    """``json.loads`` without its per-call set-up; its own error for a text it refuses."""
    if _FAST is not None and text[:1] in ("{", "["):
        try:
            return _FAST[1](text)
        except (ValueError, StopIteration, RecursionError):
            pass
    return json.loads(text)


class PayloadError(ValueError):
    """A stored payload that is not the one canonical JSON text of its value."""


def parse_payload(text: str) -> Any:
    """The value of a stored payload; PayloadError unless ``text`` is exactly its canonical form.

    Duplicate keys are refused: SQL's JSON functions and a reader could take different copies
    of a key, so a forged value could hide behind the hashed one. Re-encoding finds them (the
    decoder keeps one copy, so the text differs), and NaN or infinity (not JSON) too.
    """
    try:
        value = _loads(text)
    except (ValueError, RecursionError) as e:
        raise PayloadError(f"not JSON ({str(e).splitlines()[0][:80]})") from None
    try:
        again = canonical(value)
    except (ValueError, RecursionError) as e:
        raise PayloadError(f"not canonical JSON ({e})") from None
    if again != text:
        raise PayloadError("not in canonical form (a duplicate key, or re-encoded, reordered "
                           "or padded)")
    return value


@dataclass(frozen=True)
class Author:
    """Who records: the official's name and role (referee, VAR, AVAR, assessor...)."""

    name: str
    role: str

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


@dataclass(frozen=True)
class LogEntry:
    seq: int
    kind: str
    author: Author
    recorded_at: str
    payload: Mapping[str, Any]
    prev_hash: str
    hash: str
    public_key: str | None = None  # hex Ed25519 key of the recording official (None: unsigned)
    signature: str | None = None  # hex signature of ``signing_bytes(hash)``
    problem: str | None = None  # set when the stored payload text was not canonical
    payload_text: str | None = field(default=None, compare=False, repr=False)  # as stored


def entry_hash(seq: int, kind: str, author: Author, recorded_at: str,
               payload: Mapping[str, Any], prev_hash: str, public_key: str | None = None,
               payload_text: str | None = None) -> str:
    """SHA-256 of the entry's canonical body. ``payload_text``, when given, must be the
    payload's canonical text (as stored and checked): it is spliced in instead of encoding
    the payload again, which halves the cost of checking a long log."""
    inner = canonical(payload) if payload_text is None else payload_text
    return hashlib.sha256(_body(seq, kind, author, recorded_at, inner, prev_hash,
                                public_key).encode("utf-8", "surrogatepass")).hexdigest()


def _body(seq: int, kind: str, author: Author, recorded_at: str, payload_text: str,
          prev_hash: str, public_key: str | None) -> str:
    """The canonical text of an entry's body, written out in its sorted key order (as
    ``canonical`` of the body dict gives, which a test checks) with the payload's text
    spliced in: checking a long log hashes every entry."""
    if not (type(seq) is int and type(kind) is str and type(author.name) is str
            and type(author.role) is str and type(recorded_at) is str
            and type(prev_hash) is str and (public_key is None or type(public_key) is str)):
        body: dict[str, Any] = {"seq": seq, "kind": kind, "author": author.name,
                                "role": author.role, "recorded_at": recorded_at,
                                "payload": 0, "prev": prev_hash}
        if public_key is not None:
            body["key"] = public_key
        # Keys are sorted, so "payload" is followed by "prev"; quotes inside strings are
        # escaped, so this marker occurs once, where the payload goes.
        return canonical(body).replace('"payload":0,"prev":',
                                       f'"payload":{payload_text},"prev":', 1)
    q = _quote
    key = f'"key":{q(public_key)},' if public_key is not None else ""
    return (f'{{"author":{q(author.name)},{key}"kind":{q(kind)},"payload":{payload_text},'
            f'"prev":{q(prev_hash)},"recorded_at":{q(recorded_at)},"role":{q(author.role)},'
            f'"seq":{seq}}}')


def signing_bytes(digest: str) -> bytes:
    """What an entry's signature is over: its hash (which covers the whole chain before it)."""
    return SIGNING_CONTEXT + digest.encode("ascii")


@dataclass(frozen=True)
class ChainReport:
    entries: int
    head: str
    problem: str | None = None  # None when intact
    seq: int | None = None  # the first entry that does not match
    signed: int = 0
    unsigned: int = 0
    signers: Mapping[str, frozenset[str]] = field(default_factory=dict)  # name -> keys (hex)
    warnings: Sequence[str] = ()

    @property
    def intact(self) -> bool:
        return self.problem is None

    @property
    def status(self) -> str:
        """One word: intact / unsigned (an older file without signatures) / NOT INTACT."""
        if not self.intact:
            return "NOT INTACT"
        return "unsigned" if self.unsigned and not self.signed else "intact"


def _check_signature(e: LogEntry) -> str | None:
    from reviewtool.store import keys

    if e.public_key is None and e.signature is None:
        return None
    if not e.public_key or not e.signature:
        return f"entry {e.seq}: the signature or its key is missing"
    if not keys.verify(e.public_key, signing_bytes(e.hash), e.signature):
        return (f"entry {e.seq}: the signature does not match (signed by someone else or "
                "changed after it was signed)")
    return None


def verify(entries: Iterable[LogEntry], *, signatures: str = "all",
           after: tuple[int, str] = (0, GENESIS)) -> ChainReport:
    """Walk the chain in order; report the first entry whose hash, link or signature fails.

    ``signatures="all"`` checks every signature; ``"heads"`` checks only the last entry signed
    by each key, which is enough to catch any rewrite without that key (every later hash, and so
    the head's signature, changes) at a fraction of the cost, for opening a review.
    ``after`` continues a chain already checked up to that (seq, hash).
    """
    prev = after[1]
    expected_seq = after[0] + 1
    count = signed = unsigned = 0
    seen_signed = False
    signers: dict[str, set[str]] = {}
    last_of_key: dict[str, LogEntry] = {}

    def fail(problem: str, seq: int) -> ChainReport:
        return ChainReport(count, prev, problem, seq, signed, unsigned,
                           {k: frozenset(v) for k, v in signers.items()})

    for e in entries:
        count += 1
        if e.seq != expected_seq:
            missing = (f"entry {expected_seq} is missing" if e.seq > expected_seq
                       else f"entry {e.seq} is out of order")
            return fail(missing, expected_seq)
        if e.problem:
            return fail(f"entry {e.seq}: the stored payload is refused ({e.problem})", e.seq)
        if e.prev_hash != prev:
            return fail(f"entry {e.seq}: does not link to entry {e.seq - 1} "
                        "(an entry before it was changed or removed)", e.seq)
        actual = entry_hash(e.seq, e.kind, e.author, e.recorded_at, e.payload, e.prev_hash,
                            e.public_key, e.payload_text)
        if actual != e.hash:
            return fail(f"entry {e.seq}: content does not match its hash "
                        "(changed after it was recorded)", e.seq)
        if e.public_key is None and e.signature is None:
            if seen_signed:
                return fail(f"entry {e.seq}: unsigned after signed entries (signatures "
                            "removed)", e.seq)
            unsigned += 1
        else:
            seen_signed = True
            signed += 1
            signers.setdefault(e.author.name, set()).add(e.public_key or "")
            if signatures == "all":
                problem = _check_signature(e)
                if problem:
                    return fail(problem, e.seq)
            else:
                last_of_key[e.public_key or ""] = e
        prev = e.hash
        expected_seq += 1
    for e in last_of_key.values():
        problem = _check_signature(e)
        if problem:
            return fail(problem, e.seq)
    warnings = [f"{name} signed with {len(ks)} different keys" for name, ks in signers.items()
                if len(ks) > 1]
    return ChainReport(count, prev, None, None, signed, unsigned,
                       {k: frozenset(v) for k, v in signers.items()}, warnings)

