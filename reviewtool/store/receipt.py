"""Receipts: the head of a decision log signed by an official, kept outside the file.

Nothing inside a file can prove that entries were not cut off its end, or that the whole log
was not rebuilt and re-signed with a new key: only something kept elsewhere can. A receipt
names the log's head (its entry number and hash, which covers every entry before it) and is
signed with the official's own key, so it cannot be made up later, and ``verify
--expect-head`` checks that the file still holds exactly that head.

Text form (one line, printed in full):
``reviewtool-receipt/1 SEQ HASH KEY SIGNATURE NAME`` with hex hash and key, base64 signature.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass

from reviewtool.store import keys
from reviewtool.store.chain import LogEntry

PREFIX = "reviewtool-receipt/1"


class ReceiptError(ValueError):
    """A receipt that cannot be read or whose signature is not valid."""


def _signed_text(seq: int, head: str) -> bytes:
    return f"reviewtool receipt v1\n{seq}:{head}".encode("ascii")


@dataclass(frozen=True)
class Receipt:
    seq: int
    head: str
    public_key: str  # hex
    signature: str  # base64
    name: str

    @property
    def text(self) -> str:
        return f"{PREFIX} {self.seq} {self.head} {self.public_key} {self.signature} {self.name}"

    def __str__(self) -> str:
        return self.text

    @property
    def valid(self) -> bool:
        return keys.verify(self.public_key, _signed_text(self.seq, self.head), self.signature)

    def check(self, entries: Sequence[LogEntry]) -> str | None:
        """Why ``entries`` do not hold this receipt's head, or None when they do."""
        if not self.valid:
            return "the receipt's signature is not valid (the receipt was altered)"
        if len(entries) < self.seq:
            return (f"the log ends at entry {len(entries)} but the receipt names entry "
                    f"{self.seq}: entries were removed from its end")
        entry = entries[self.seq - 1]
        if entry.seq != self.seq or entry.hash != self.head:
            return (f"entry {self.seq} is not the one the receipt names: the log was "
                    "rewritten or entries were removed and the rest recomputed")
        return None


def make(signer: keys.SigningKey, seq: int, head: str) -> Receipt:
    sig = base64.b64encode(signer.sign(_signed_text(seq, head))).decode("ascii")
    return Receipt(seq, head, signer.public("hex"), sig, signer.name)


def parse(text: str) -> Receipt:
    """A receipt from its text (surrounding blank space and other lines are ignored)."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip().startswith(PREFIX)), "")
    parts = line.split(" ", 5)
    if len(parts) < 5:
        raise ReceiptError("not a reviewtool receipt (expected a line starting with "
                           f"{PREFIX})")
    _, seq_text, head, public, signature, *rest = parts
    if not seq_text.isascii() or not seq_text.isdigit() or len(seq_text) > 12:
        raise ReceiptError("the receipt's entry number is not a number")
    try:
        bytes.fromhex(head)
        keys.decode(public, keys.PUBLIC_KEY_BYTES)
        base64.b64decode(signature, validate=True)
    except (ValueError, binascii.Error) as e:
        raise ReceiptError(f"the receipt is damaged ({e})") from None
    if len(head) != 64:
        raise ReceiptError("the receipt's head is not a SHA-256 hash")
    return Receipt(int(seq_text), head.lower(), public.lower(), signature,
                   rest[0] if rest else "")
