"""Signing keys of officials: one Ed25519 key per name, created on first use, kept private.

Hashes alone prove nothing against someone who can rewrite a file: they recompute them. A
signature made with a key only its owner holds does: forging a signed entry needs that key.
Keys live in the user's config folder (``REVIEWTOOL_CONFIG_DIR`` overrides it, so tests and
classrooms never touch the real one), one file per official, readable by its owner only.

API (stable: other modules sign with it): ``load_or_create(name)`` gives a ``SigningKey``;
``sign(name, data)``; ``public_key(name, encoding)``; ``verify(public_key, data, signature)``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

CONFIG_ENV = "REVIEWTOOL_CONFIG_DIR"
APP = "reviewtool"
KEY_SUFFIX = ".key"
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64

Encoding = Literal["hex", "base64"]


class KeyStoreError(Exception):
    """A key that cannot be created, read or used; the message names the file and why."""


def config_dir() -> Path:
    """The user's reviewtool config folder: the override, else the platform's usual place."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":  # pragma: no cover - Windows only
        base = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
        return Path(base) / APP
    if sys.platform == "darwin":  # pragma: no cover - macOS only
        return Path.home() / "Library" / "Application Support" / APP
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / APP


def keys_dir() -> Path:
    return config_dir() / "keys"


def key_path(name: str) -> Path:
    """One file per name; readable slug plus a digest, so any name (even odd text) is safe."""
    raw = name.encode("utf-8", "surrogatepass")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name.encode("ascii", "ignore").decode()).strip("-")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return keys_dir() / f"{slug[:40] or 'official'}-{digest}{KEY_SUFFIX}"


@dataclass(frozen=True)
class SigningKey:
    """An official's private key; ``public`` is what others need to check the signatures."""

    name: str
    private: Ed25519PrivateKey
    path: Path

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)

    @functools.cached_property
    def public_bytes(self) -> bytes:  # derived once: every commit writes it
        return self.private.public_key().public_bytes(serialization.Encoding.Raw,
                                                      serialization.PublicFormat.Raw)

    def public(self, encoding: Encoding = "hex") -> str:
        return encode(self.public_bytes, encoding)


def encode(data: bytes, encoding: Encoding = "hex") -> str:
    if encoding == "hex":
        return data.hex()
    if encoding == "base64":
        return base64.b64encode(data).decode("ascii")
    raise ValueError(f"unknown encoding {encoding!r}: use hex or base64")


def decode(text: str | bytes, size: int) -> bytes:
    """Bytes of ``size`` from raw bytes, hex or base64 text; ValueError names the problem."""
    if isinstance(text, bytes | bytearray):
        if len(text) == size:
            return bytes(text)
        text = bytes(text).decode("ascii", "replace")
    text = text.strip()
    if len(text) == 2 * size:
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != size:
        raise ValueError(f"expected {size} bytes as hex or base64, got {len(text)} characters "
                         "that are neither")
    return raw


def _load(name: str, path: Path) -> SigningKey:
    try:
        data = path.read_bytes()
        key = serialization.load_pem_private_key(data, password=None)
    except OSError as e:
        raise KeyStoreError(f"{path}: the signing key of {name} cannot be read ({e.strerror})"
                            ) from e
    except (ValueError, TypeError) as e:
        raise KeyStoreError(f"{path}: the signing key of {name} is damaged ({e})") from e
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyStoreError(f"{path}: not an Ed25519 signing key")
    return SigningKey(name, key, path)


def _create(name: str, path: Path) -> None:
    """Write a new key beside its final name, then link it in: never half a key, never two."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())
        fd, tmp = tempfile.mkstemp(prefix=".new-", suffix=KEY_SUFFIX, dir=folder)
    except OSError as e:
        raise KeyStoreError(f"{folder}: cannot create a signing key there ({e.strerror})") from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)  # fails if another process created it first: theirs wins
        except FileExistsError:
            pass
        except OSError as e:
            raise KeyStoreError(f"{path}: cannot save the signing key ({e.strerror})") from e
    finally:
        Path(tmp).unlink(missing_ok=True)


def load_or_create(name: str) -> SigningKey:
    """The official's key, created (0600, in the config folder) the first time it is needed."""
    if not name or not name.strip():
        raise KeyStoreError("a signing key needs the official's name")
    path = key_path(name)
    if not path.exists():
        _create(name, path)
    return _load(name, path)


def load(name: str) -> SigningKey | None:
    """The official's key if it exists; never creates one."""
    path = key_path(name)
    return _load(name, path) if path.exists() else None


def sign(name: str, data: bytes) -> bytes:
    return load_or_create(name).sign(data)


def public_key(name: str, encoding: Encoding = "hex") -> str:
    return load_or_create(name).public(encoding)


def verify(public_key: str | bytes, data: bytes, signature: str | bytes) -> bool:
    """True when ``signature`` is ``public_key``'s over ``data``; False for anything else."""
    try:
        pub = Ed25519PublicKey.from_public_bytes(decode(public_key, PUBLIC_KEY_BYTES))
        pub.verify(decode(signature, SIGNATURE_BYTES), data)
    except (ValueError, InvalidSignature):
        return False
    return True
