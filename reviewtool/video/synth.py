"""Synthetic clips with the frame index stamped into every picture, for tests and benchmarks.

Pictures are generated here and encoded by the FFmpeg binary that ships with the
``imageio-ffmpeg`` package (a test dependency): libx264/libx265 with long and open GOPs and
B-frames, MPEG-2 (progressive and interlaced), MJPEG, in MP4, MOV, MKV, AVI, MPEG-TS and MXF,
and variable frame rate. Nothing here is needed to review real footage.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reviewtool.video.stamp import stamp

X264_BFRAMES = ["-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-pix_fmt", "yuv420p"]


@dataclass(frozen=True)
class ClipKind:
    name: str
    suffix: str
    args: tuple[str, ...]
    vfr: bool = False
    interlaced: bool = False


def _x264(gop: int, open_gop: bool = True) -> tuple[str, ...]:
    params = f"keyint={gop}:min-keyint={gop}:scenecut=0:open-gop={int(open_gop)}:bframes=3"
    return (*X264_BFRAMES, "-g", str(gop), "-x264-params", params)


KINDS: dict[str, ClipKind] = {k.name: k for k in (
    ClipKind("h264_mp4", ".mp4", _x264(48)),
    ClipKind("h264_mkv", ".mkv", _x264(60)),
    ClipKind("h264_mov", ".mov", _x264(30, open_gop=False)),
    ClipKind("hevc_mp4", ".mp4", ("-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt",
                                  "yuv420p", "-tag:v", "hvc1", "-x265-params",
                                  "keyint=40:min-keyint=40:bframes=3:open-gop=1:scenecut=0:"
                                  "log-level=error")),
    ClipKind("mpeg2_mxf", ".mxf", ("-c:v", "mpeg2video", "-g", "15", "-bf", "2", "-q:v", "3",
                                   "-pix_fmt", "yuv422p")),
    ClipKind("h264_ts", ".ts", (*_x264(50), "-f", "mpegts")),
    ClipKind("mpeg2_mts", ".mts", ("-c:v", "mpeg2video", "-g", "12", "-bf", "2", "-q:v", "3",
                                   "-f", "mpegts")),
    ClipKind("mjpeg_avi", ".avi", ("-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", "yuvj420p")),
    ClipKind("vfr_mkv", ".mkv", _x264(40), vfr=True),
    ClipKind("interlaced_mpeg2_ts", ".ts", ("-vf", "setfield=tff", "-c:v", "mpeg2video",
                                            "-g", "12", "-bf", "2", "-q:v", "3", "-flags",
                                            "+ilme+ildct", "-f", "mpegts"), interlaced=True),
    ClipKind("interlaced_h264_mkv", ".mkv", ("-vf", "setfield=tff", *X264_BFRAMES, "-g", "50",
                                             "-x264-params", "keyint=50:tff=1:bframes=3"),
             interlaced=True),
)}


def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg
    except ImportError as e:  # pragma: no cover - the test extra installs it
        raise RuntimeError("making synthetic clips needs imageio-ffmpeg "
                           "(pip install -e '.[test]')") from e
    return str(imageio_ffmpeg.get_ffmpeg_exe())


def picture(index: int, width: int, height: int, texture: np.ndarray) -> np.ndarray:
    """One frame: a textured background that moves with the index, and the stamp."""
    shift = (index * 7) % texture.shape[1]
    pic = np.roll(texture, shift, axis=1)[:height, :width].copy()
    return stamp(pic, index)


def texture_for(width: int, height: int, seed: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    small = rng.integers(40, 200, size=(height // 8 + 1, width // 8 + 1, 3), dtype=np.uint8)
    tex = np.repeat(np.repeat(small, 8, axis=0), 8, axis=1)[:height, :width]
    grad = np.linspace(0, 50, width, dtype=np.float32)[None, :, None]
    return np.clip(tex.astype(np.float32) + grad, 0, 255).astype(np.uint8)


def vfr_timestamps(frames: int, fps: float) -> list[float]:
    """Frame times for a VFR clip: normal rate, then twice as fast, then irregular
    (durations of 1, 2 and 3 frame periods in turn). ``_vfr_expression`` is the same curve."""
    times, t = [], 0.0
    a, b = frames // 3, 2 * (frames // 3)
    for i in range(frames):
        times.append(t)
        t += 1 / fps if i < a else (0.5 / fps if i < b else (1 + (i - b) % 3) / fps)
    return times


def _vfr_expression(frames: int, fps: float) -> str:
    a, b = frames // 3, 2 * (frames // 3)
    k = f"(N-{b})"
    third = f"({k}+3*floor({k}/3)+eq(mod({k},3),2))"
    return (f"if(lt(N,{a}),N/{fps},if(lt(N,{b}),{a}/{fps}+(N-{a})*0.5/{fps},"
            f"{a}/{fps}+{b - a}*0.5/{fps}+{third}/{fps}))/TB")


def make_clip(path: str | Path, kind: str | ClipKind, frames: int = 100,
              size: tuple[int, int] = (640, 360), fps: float = 25.0) -> Path:
    """Encode ``frames`` stamped pictures to ``path`` as ``kind``; returns the path."""
    k = KINDS[kind] if isinstance(kind, str) else kind
    out = Path(path)
    width, height = size
    cmd = [ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
           "-s", f"{width}x{height}", "-r", str(fps), "-i", "-"]
    if k.vfr:
        curve = _vfr_expression(frames, fps)
        cmd += ["-vf", f"settb=1/1000,setpts='{curve}'", "-fps_mode", "passthrough",
                "-enc_time_base", "1:1000"]
    cmd += [*k.args, str(out)]
    return _encode(cmd, out, k.name, frames, width, height)


FIELD_CODECS = {
    "mpeg2_ts": (".ts", ("-c:v", "mpeg2video", "-g", "12", "-bf", "2", "-q:v", "2", "-flags",
                         "+ilme+ildct", "-f", "mpegts")),
    "h264_mkv": (".mkv", (*X264_BFRAMES, "-g", "50", "-crf", "16")),
}


def make_field_clip(path: str | Path, codec: str, order: str = "tff", frames: int = 50,
                    size: tuple[int, int] = (640, 360), fps: float = 25.0) -> Path:
    """An interlaced clip whose two fields show different moments, each stamped with its own
    field number: frame n carries field 2n first in time and 2n+1 second (``order`` "tff":
    the top field first, "bff": the bottom one). Proves field stepping, which a clip with the
    same picture in both fields cannot."""
    if order not in ("tff", "bff"):
        raise ValueError('order must be "tff" or "bff"')
    out = Path(path)
    width, height = size
    args = FIELD_CODECS[codec][1]
    if codec == "h264_mkv":
        args = (*args, "-x264-params", f"keyint=50:bframes=3:{order}=1")
    cmd = [ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
           "-s", f"{width}x{height}", "-r", str(2 * fps), "-i", "-",
           "-vf", f"interlace=scan={order}:lowpass=off", *args, str(out)]
    return _encode(cmd, out, f"{codec} {order}", 2 * frames, width, height)


def _encode(cmd: list[str], out: Path, name: str, frames: int, width: int,
            height: int) -> Path:
    """Feed ``frames`` stamped pictures to the FFmpeg command ``cmd`` writing ``out``."""
    texture = texture_for(width + 64, height)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None
    try:
        for i in range(frames):
            proc.stdin.write(picture(i, width, height, texture).tobytes())
        proc.stdin.close()
    except BrokenPipeError:
        pass
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.wait() != 0:
        raise RuntimeError(f"ffmpeg could not make {out.name} ({name}): {err.strip()}")
    return out
