"""Signing keys: one per official, created once, private to the user, signatures checked."""

from __future__ import annotations

import os
import stat
from multiprocessing import get_context
from pathlib import Path

import pytest

from reviewtool.store import keys


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv(keys.CONFIG_ENV, str(folder))
    return folder


def test_key_is_created_once_in_the_config_folder_and_private(config: Path) -> None:
    first = keys.load_or_create("Daniele Orsato")
    again = keys.load_or_create("Daniele Orsato")
    assert first.public() == again.public()
    assert first.path.parent == config / "keys"
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert keys.load_or_create("Marco Di Bello").public() != first.public()
    assert [p.name for p in (config / "keys").iterdir() if p.name.startswith(".")] == []


def test_config_folder_follows_xdg_without_the_override(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.delenv(keys.CONFIG_ENV)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert keys.config_dir() == tmp_path / "xdg" / "reviewtool"


def test_sign_and_verify_in_hex_and_base64() -> None:
    data = b"entry 1"
    sig = keys.sign("VAR One", data)
    for enc in ("hex", "base64"):
        pub = keys.public_key("VAR One", enc)  # type: ignore[arg-type]
        assert keys.verify(pub, data, sig)
        assert keys.verify(pub, data, sig.hex())
        assert not keys.verify(pub, b"entry 2", sig)
    other = keys.public_key("Someone Else")
    assert not keys.verify(other, data, sig)


@pytest.mark.parametrize("pub,sig", [("zz", "00"), ("", ""), ("00" * 32, "not a signature"),
                                     (b"\x00" * 5, b"\x01" * 64)])
def test_verify_says_false_to_garbage(pub: str | bytes, sig: str | bytes) -> None:
    assert keys.verify(pub, b"x", sig) is False


def test_odd_names_get_a_safe_file(config: Path) -> None:
    for name in ("../../etc/passwd", "名前", "a\udc80b", "/abs/path"):
        k = keys.load_or_create(name)
        assert k.path.parent == config / "keys"
        assert keys.verify(k.public(), b"d", k.sign(b"d"))
    assert len(list((config / "keys").iterdir())) == 4


def test_empty_name_and_damaged_key_are_refused_in_one_line() -> None:
    with pytest.raises(keys.KeyStoreError, match="name"):
        keys.load_or_create("  ")
    k = keys.load_or_create("Ref")
    k.path.write_bytes(b"garbage")
    with pytest.raises(keys.KeyStoreError, match="damaged"):
        keys.load_or_create("Ref")


def _make(name: str) -> str:
    return keys.load_or_create(name).public()


def test_two_processes_creating_the_same_key_agree() -> None:
    ctx = get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.map(_make, ["Same Person"] * 4)
    assert len(set(results)) == 1
