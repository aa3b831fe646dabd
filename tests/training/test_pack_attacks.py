"""Attacks on the trainee's pack: paths outside the extraction folder, zip bombs, member floods.
Each is refused with one line naming the problem, before anything is written or with what was
written removed."""

from __future__ import annotations

import json
import os
import time
import zipfile
from pathlib import Path

import pytest

from reviewtool.training import safezip
from reviewtool.training.pack import open_pack
from reviewtool.training.question import TrainingError
from tests.training.forge import Member, deflated, forge_zip, manifest, stored

CLIP = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 4  # stands in for a clip: never decoded here

GiB = 1 << 30


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def one_line(e: pytest.ExceptionInfo[TrainingError]) -> str:
    text = str(e.value)
    assert "\n" not in text and len(text) < 300, text
    return text


@pytest.mark.parametrize("pack_id", ["../../../outside/evil", "..", "a/b", "", "x" * 200])
def test_a_pack_id_is_never_a_path(tmp_path: Path, pack_id: str) -> None:
    z = forge_zip(tmp_path / "evil.rtpack", [stored("pack.json", manifest(pack=pack_id)),
                                            stored("clips/q1-1.mkv", CLIP)])
    folder = tmp_path / "a" / "b" / "c" / "packs"
    with pytest.raises(TrainingError) as e:
        open_pack(z, folder)
    assert "pack id" in one_line(e)
    assert files_under(tmp_path) == [z]  # nothing written anywhere


def test_an_absolute_pack_id_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "outside" / "evil"
    z = forge_zip(tmp_path / "evil.rtpack", [stored("pack.json", manifest(pack=str(target))),
                                            stored("clips/q1-1.mkv", CLIP)])
    with pytest.raises(TrainingError, match="pack id"):
        open_pack(z, tmp_path / "packs")
    assert not target.exists() and files_under(tmp_path) == [z]


@pytest.mark.parametrize("file", ["clips/../../../escape.mkv", "clips/../pack.json",
                                  "/etc/passwd", "clips/a/../../x.mkv", "clips/", "clips\\..\\x"])
def test_a_segment_cannot_point_outside_the_pack(tmp_path: Path, file: str) -> None:
    items = [{"id": "q1", "title": "Clip 1", "parts": ["sanction"],
              "segments": [{"file": file, "angle": "", "frames": 10}]}]
    z = forge_zip(tmp_path / "evil.rtpack", [stored("pack.json", manifest(items=items)),
                                            stored(file, CLIP)])
    with pytest.raises(TrainingError) as e:
        open_pack(z, tmp_path / "packs")
    assert "clip name" in one_line(e)
    assert files_under(tmp_path) == [z]


def test_a_10_gib_manifest_in_8_kb_is_refused_before_reading(tmp_path: Path) -> None:
    body = deflated(b"\x00" * 4096)  # the header says 10 GiB; zipfile used to read it all
    z = forge_zip(tmp_path / "bomb.rtpack", [Member("pack.json", body, 8, size=10 * GiB)])
    assert z.stat().st_size < 8192
    with pytest.raises(TrainingError) as e:
        open_pack(z, tmp_path / "packs")
    assert "pack.json" in one_line(e) and "limit" in one_line(e)


def test_a_clip_declaring_2_gib_in_2_kb_is_refused_before_writing(tmp_path: Path) -> None:
    body = deflated(b"\x00" * 2048)
    z = forge_zip(tmp_path / "bomb.rtpack", [stored("pack.json", manifest()),
                                            Member("clips/q1-1.mkv", body, 8, size=2 * GiB)])
    assert z.stat().st_size < 2048
    with pytest.raises(TrainingError) as e:
        open_pack(z, tmp_path / "packs")
    assert "compress" in one_line(e)
    assert files_under(tmp_path / "packs") == []


def test_a_real_deflate_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    raw = b"\x00" * (64 << 20)  # 64 MiB of zeros deflate to ~64 KB
    z = tmp_path / "bomb.rtpack"
    with zipfile.ZipFile(z, "w") as out:
        out.writestr("pack.json", manifest())
        out.writestr("clips/q1-1.mkv", raw, compress_type=zipfile.ZIP_DEFLATED)
    with pytest.raises(TrainingError, match="compress"):
        open_pack(z, tmp_path / "packs")
    assert files_under(tmp_path / "packs") == []


def test_a_clip_past_the_size_limit_is_refused(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safezip, "MAX_MEMBER_BYTES", 1000)
    z = forge_zip(tmp_path / "big.rtpack", [stored("pack.json", manifest()),
                                           stored("clips/q1-1.mkv", CLIP)])
    with pytest.raises(TrainingError, match="limit"):
        open_pack(z, tmp_path / "packs")
    assert files_under(tmp_path / "packs") == []


def test_a_pack_larger_than_the_free_space_is_refused(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safezip, "free_bytes", lambda _folder: 100)
    z = forge_zip(tmp_path / "p.rtpack", [stored("pack.json", manifest()),
                                         stored("clips/q1-1.mkv", CLIP)])
    with pytest.raises(TrainingError, match="free"):
        open_pack(z, tmp_path / "packs")
    assert files_under(tmp_path / "packs") == []


def test_a_failure_during_extraction_leaves_no_partial_file(tmp_path: Path) -> None:
    items = [{"id": "q1", "title": "Clip 1", "parts": ["sanction"],
              "segments": [{"file": "clips/q1-1.mkv", "angle": "", "frames": 10},
                           {"file": "clips/q1-2.mkv", "angle": "", "frames": 10}]}]
    z = forge_zip(tmp_path / "hurt.rtpack", [
        stored("pack.json", manifest(items=items)), stored("clips/q1-1.mkv", CLIP),
        Member("clips/q1-2.mkv", CLIP, crc=12345)])  # the second clip is damaged
    with pytest.raises(TrainingError, match="damaged"):
        open_pack(z, tmp_path / "packs")
    assert files_under(tmp_path / "packs") == []


def test_a_full_disk_during_extraction_leaves_no_partial_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    z = forge_zip(tmp_path / "p.rtpack", [stored("pack.json", manifest()),
                                         stored("clips/q1-1.mkv", CLIP * 64)])
    real = safezip._copy_member

    def full(source, target, limit):  # type: ignore[no-untyped-def]
        target.write_bytes(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safezip, "_copy_member", full)
    with pytest.raises(TrainingError, match="No space left"):
        open_pack(z, tmp_path / "packs")
    assert files_under(tmp_path / "packs") == []
    monkeypatch.setattr(safezip, "_copy_member", real)
    opened = open_pack(z, tmp_path / "packs")
    assert opened.clip_path(opened.items[0].segments[0]).read_bytes() == CLIP * 64


def test_overlapping_members_are_refused(tmp_path: Path) -> None:
    """The overlapping-file bomb: many central entries share one compressed kernel."""
    kernel = deflated(b"\x00" * 100_000)
    members = [stored("pack.json", manifest()), Member("clips/q1-1.mkv", kernel, 8,
                                                       size=100_000)]
    forge_zip(tmp_path / "p.rtpack", members)
    with zipfile.ZipFile(tmp_path / "p.rtpack") as zf:
        at = zf.getinfo("clips/q1-1.mkv").header_offset
    members += [Member(f"clips/x{i}.mkv", kernel, 8, size=100_000, offset=at)
                for i in range(5)]
    z = forge_zip(tmp_path / "overlap.rtpack", members)
    with pytest.raises(TrainingError, match="overlap"):
        open_pack(z, tmp_path / "packs")


def test_a_flood_of_members_is_refused_at_once(tmp_path: Path) -> None:
    """300,000 members took 107 s to open; the count is read from the end record first."""
    members = [stored("pack.json", manifest())]
    members += [stored(f"clips/{i}", b"") for i in range(300_000)]
    z = forge_zip(tmp_path / "flood.rtpack", members)
    t0 = time.perf_counter()
    with pytest.raises(TrainingError) as e:
        open_pack(z, tmp_path / "packs")
    elapsed = time.perf_counter() - t0
    assert "300001 members" in one_line(e) and elapsed < 1.0, elapsed


def test_a_manifest_nested_100000_deep_gets_one_line(tmp_path: Path) -> None:
    z = forge_zip(tmp_path / "deep.rtpack", [stored("pack.json", b"[" * 100_000)])
    with pytest.raises(TrainingError) as e:
        open_pack(z, tmp_path / "packs")
    assert "nested" in one_line(e)


@pytest.mark.parametrize("change, message", [
    ({"items": [{"id": "q1", "parts": ["sanction"], "segments": [
        {"file": "clips/q1-1.mkv", "frames": True}]}]}, "frames"),
    ({"items": "nope"}, "items"),
    ({"items": [{"id": "q1", "parts": ["sanction"], "segments": []}]}, "segments"),
    ({"title": 7}, "title"),
])
def test_a_malformed_manifest_is_named(tmp_path: Path, change: dict[str, object],
                                       message: str) -> None:
    z = forge_zip(tmp_path / "m.rtpack", [stored("pack.json", manifest(**change)),
                                         stored("clips/q1-1.mkv", CLIP)])
    with pytest.raises(TrainingError) as e:
        open_pack(z, tmp_path / "packs")
    assert message in one_line(e)


def test_a_sound_forged_pack_opens(tmp_path: Path) -> None:
    """The forging helper writes packs that open: the refusals above are the attacks'."""
    z = forge_zip(tmp_path / "ok.rtpack", [stored("pack.json", manifest()),
                                          stored("clips/q1-1.mkv", CLIP)])
    opened = open_pack(z, tmp_path / "packs")
    assert opened.folder == tmp_path / "packs" / "0123abcd"
    assert opened.clip_path(opened.items[0].segments[0]).read_bytes() == CLIP
    assert json.loads(manifest())["pack"] == opened.id


def test_a_fifo_or_folder_is_not_opened_as_a_pack(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.rtpack")
    for path in (tmp_path / "fifo.rtpack", tmp_path):
        with pytest.raises(TrainingError) as e:
            open_pack(path, tmp_path / "packs")
        assert "not a training pack" in one_line(e)
