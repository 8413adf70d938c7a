"""Runs real client programs (installed by install.sh) against one set of tools and prints
what they answered as JSON. Started by test_clients.py inside the clients' venv, once with
the real FFmpeg's ffmpeg/ffprobe first on PATH and once with cine's:

    python client_driver.py TASKS.json > RESULTS.json

TASKS.json: {"client": NAME, "tooldir": DIR holding ffmpeg and ffprobe,
"ffmpeg_only_dir": DIR holding only ffmpeg, "jobs": N, "tasks": [[OP, FIXTURE], ...]}.
Each task's answer is a JSON value (what the client returned, digests of decoded samples or
frames, or the exception it raised: {"raised": TYPE, "message": TEXT}), in task order.

This file must run under the clients' own interpreters (no import of cine), and uses each
client's public API the way its documentation shows (and, where a client takes the path of
its ffmpeg, the test's tool folder: ffmpeg-python's cmd=,
moviepy's FFMPEG_BINARY and imageio-ffmpeg's IMAGEIO_FFMPEG_EXE are set by the caller).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

CTX: dict = {}
# Python's warning filters are process-wide: tasks that record warnings run one at a time
WARNINGS_LOCK = threading.Lock()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def array_summary(arr) -> dict:
    import numpy as np
    a = np.ascontiguousarray(arr)
    return {"shape": list(a.shape), "dtype": str(a.dtype), "sha": digest(a.tobytes())}


def samples(arr, scale: int = 1) -> dict:
    """Decoded audio: its digest, and the samples saved as OUTDIR/<digest>.npy so that the
    test can judge lossy decoders by issue 7's tolerance (`scale`: the factor that makes them
    s16 values again, 32768 for the clients' floats)."""
    import numpy as np
    out = array_summary(arr)
    out["scale"] = scale
    if CTX.get("outdir"):
        np.save(os.path.join(CTX["outdir"], out["sha"] + ".npy"), np.ascontiguousarray(arr))
    return out


def pcm(data: bytes, width: int = 2) -> dict:
    import numpy as np
    dtype = {1: np.uint8, 2: np.int16, 4: np.int32}.get(width)
    if dtype is None or len(data) % width:
        return {"bytes": len(data), "sha": digest(data)}
    return samples(np.frombuffer(data, dtype))


def raised(exc: BaseException) -> dict:
    return {"raised": type(exc).__name__, "message": str(exc)}


def jsonable(value):
    """Tuples, numpy scalars and other values the clients return, as plain JSON."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if hasattr(value, "item"):
        return value.item()
    return repr(value)


def tool(name: str) -> str:
    return os.path.join(CTX["tooldir"], name)


# ---------------------------------------------------------------- openai-whisper

def whisper_load_audio(path):
    from whisper.audio import load_audio
    try:
        audio = load_audio(path)
    except Exception as exc:          # RuntimeError("Failed to load audio: <stderr>")
        return raised(exc)
    return samples(audio, 32768)


# ---------------------------------------------------------------- ffmpeg-python

def ffmpeg_python_probe(path):
    import ffmpeg
    try:
        return {"probe": ffmpeg.probe(path, cmd=tool("ffprobe"))}
    except ffmpeg.Error as exc:
        return {"raised": "ffmpeg.Error", "stdout": exc.stdout, "stderr": exc.stderr}


def ffmpeg_python_decode(path):
    """The README's idiom: decode to 16 kHz mono s16le on a pipe."""
    import ffmpeg
    try:
        out, err = (ffmpeg.input(path)
                    .output("pipe:", format="s16le", acodec="pcm_s16le", ac=1, ar="16k")
                    .run(cmd=tool("ffmpeg"), capture_stdout=True, capture_stderr=True))
    except ffmpeg.Error as exc:
        return {"raised": "ffmpeg.Error", "stderr": exc.stderr}
    return {"samples": pcm(out), "stderr": err}


# ---------------------------------------------------------------- pydub

def _pydub():
    """pydub as most programs use it: ffmpeg and ffprobe found on PATH. (With
    AudioSegment.converter set to a full path, from_file of a file object reads it with
    `-i -` instead of `-read_ahead_limit -1 -i cache:pipe:0`.)"""
    from pydub import AudioSegment
    return AudioSegment


def _segment(seg) -> dict:
    return {"frame_rate": seg.frame_rate, "channels": seg.channels,
            "sample_width": seg.sample_width, "frame_count": seg.frame_count(),
            "duration_seconds": seg.duration_seconds,
            "samples": pcm(seg.raw_data, seg.sample_width)}


def pydub_mediainfo_json(path):
    _pydub()
    from pydub.utils import mediainfo_json
    try:
        return mediainfo_json(path)
    except Exception as exc:
        return raised(exc)


def pydub_mediainfo_json_fileobj(path):
    _pydub()
    from pydub.utils import mediainfo_json
    try:
        with open(path, "rb") as f:
            return mediainfo_json(f)
    except Exception as exc:
        return raised(exc)


def pydub_from_file(path):
    seg_cls = _pydub()
    try:
        return _segment(seg_cls.from_file(path))
    except Exception as exc:
        return raised(exc)


def pydub_from_file_fileobj(path):
    seg_cls = _pydub()
    try:
        with open(path, "rb") as f:
            return _segment(seg_cls.from_file(f))
    except Exception as exc:
        return raised(exc)


# ---------------------------------------------------------------- moviepy (1.x and 2.x)

def moviepy_parse_infos(path):
    from moviepy.video.io.ffmpeg_reader import ffmpeg_parse_infos
    try:
        return ffmpeg_parse_infos(path)
    except Exception as exc:
        return raised(exc)


def _moviepy_classes():
    try:                                  # 2.x
        from moviepy import AudioFileClip, VideoFileClip
    except ImportError:                   # 1.x (moviepy.editor would import every effect)
        from moviepy.audio.io.AudioFileClip import AudioFileClip
        from moviepy.video.io.VideoFileClip import VideoFileClip
    return AudioFileClip, VideoFileClip


def moviepy_audio(path):
    audio_clip, _ = _moviepy_classes()
    try:
        clip = audio_clip(path)
    except Exception as exc:
        return raised(exc)
    try:
        arr = clip.to_soundarray()
        return {"duration": clip.duration, "fps": clip.fps, "nchannels": clip.nchannels,
                "samples": samples(arr, 32768)}
    except Exception as exc:
        return raised(exc)
    finally:
        clip.close()


def moviepy_video(path):
    _, video_clip = _moviepy_classes()
    import warnings
    try:
        with WARNINGS_LOCK, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            clip = video_clip(path, audio=False)
            try:
                frames = [array_summary(f)["sha"] for f in clip.iter_frames()]
                out = {"size": list(clip.size), "fps": clip.fps, "duration": clip.duration,
                       "frames": frames}
            finally:
                clip.close()
        out["warnings"] = sorted({str(w.message) for w in caught
                                  if "bytes wanted but" in str(w.message)})
        return out
    except Exception as exc:
        return raised(exc)


# ---------------------------------------------------------------- yt-dlp

def _ytdlp(location=None):
    """A post-processor as yt-dlp makes one: ffmpeg/ffprobe found on PATH, or in
    --ffmpeg-location (the context variable yt-dlp sets from it; worker threads keep their
    context, so it is set every time)."""
    from yt_dlp.postprocessor.ffmpeg import FFmpegPostProcessor
    FFmpegPostProcessor._ffmpeg_location.set(location)
    return FFmpegPostProcessor()


def ytdlp_detect(_path):
    out = {}
    for label, location in (("path", None), ("ffmpeg_only", CTX["ffmpeg_only_dir"])):
        pp = _ytdlp(location)
        pp._version_cache.clear()
        pp._features_cache.clear()
        out[label] = {"versions": pp._versions, "available": pp.available,
                      "probe_available": pp.probe_available, "basename": pp.basename,
                      "probe_basename": pp.probe_basename, "features": pp._features}
    return out


def ytdlp_audio_codec(path):
    try:
        return _ytdlp().get_audio_codec(path)
    except Exception as exc:
        return raised(exc)


def ytdlp_audio_codec_ffmpeg_only(path):
    """get_audio_codec without ffprobe: `ffmpeg -i FILE` and a regex over its stderr."""
    try:
        return _ytdlp(CTX["ffmpeg_only_dir"]).get_audio_codec(path)
    except Exception as exc:
        return raised(exc)


def ytdlp_metadata(path):
    pp = _ytdlp()
    out = {}
    try:
        out["metadata"] = pp.get_metadata_object(path)
    except Exception as exc:
        out["metadata"] = raised(exc)
    try:
        out["duration"] = pp._get_real_video_duration(path, fatal=True)
    except Exception as exc:
        out["duration"] = raised(exc)
    return out


# containers whose muxers draw identifiers at random without -fflags +bitexact (yt-dlp
# passes none): the fixed file is compared through the reference ffprobe's view of it
RANDOM_IDS = (".mkv", ".mka", ".webm", ".ogg", ".oga", ".ogv", ".opus", ".spx")


def _final_stats_only(stderr: str) -> str:
    """yt-dlp reads stderr as text (universal newlines): the periodic stats lines, whose
    number depends on timing, end in a newline like the rest; only the last one is kept."""
    lines = stderr.split("\n")
    stats = [i for i, ln in enumerate(lines) if ln.startswith(("frame=", "size="))]
    return "\n".join(ln for i, ln in enumerate(lines) if i not in stats[:-1])


def ytdlp_fixup_timestamp(path):
    """FFmpegFixupTimestampPP on a copy of the file (yt-dlp fixes downloads in place): with
    `setts` in `ffmpeg -bsfs` it runs `ffmpeg -y -loglevel repeat+info -i file:F -c copy -bsf
    setts=ts=TS-STARTPTS -map 0 -dn -ignore_unknown -ss 0.001 -movflags +faststart
    file:F.temp.EXT`. The answer: the run's stderr (which run() drops; recorded from
    real_run_ffmpeg), the fixed file's digest (for Matroska and Ogg, the digest of the real
    ffprobe's streams and packets of it) or the exception raised."""
    import shutil
    import subprocess
    import tempfile
    from yt_dlp.postprocessor.ffmpeg import FFmpegFixupTimestampPP
    FFmpegFixupTimestampPP._ffmpeg_location.set(None)
    pp = FFmpegFixupTimestampPP()
    # YoutubeDL.ffmpeg_fixup adds the post-processor only when it is available (which also
    # reads `ffmpeg -bsfs`: the features run() looks at)
    if not pp.available:
        return {"available": False}
    runs = []
    real = pp.real_run_ffmpeg

    def recording(*args, **kwargs):
        err = real(*args, **kwargs)
        runs.append(err)
        return err
    pp.real_run_ffmpeg = recording
    d = tempfile.mkdtemp(dir=CTX.get("outdir") or None)
    try:
        name = os.path.basename(path)
        copy = os.path.join(d, name)
        shutil.copyfile(path, copy)
        ext = os.path.splitext(name)[1]
        out = {}
        try:
            pp.run({"filepath": copy, "ext": ext[1:]})
        except Exception as exc:
            out["raised"] = {k: v.replace(d, "<dir>") for k, v in raised(exc).items()}
        out["stderr"] = [_final_stats_only(r.replace(d, "<dir>")) for r in runs]
        if ext.lower() in RANDOM_IDS:
            p = subprocess.run(["/usr/bin/ffprobe", "-v", "error", "-show_streams", "-show_packets",
                                "-show_data_hash", "md5", "-of", "json", copy],
                               capture_output=True)
            out["file"] = {"ffprobe": digest(p.stdout), "rc": p.returncode}
        else:
            with open(copy, "rb") as f:
                out["file"] = digest(f.read())
        return out
    finally:
        shutil.rmtree(d, ignore_errors=True)


# ---------------------------------------------------------------- audioread

def audioread_decode(path):
    from audioread.ffdec import FFmpegAudioFile
    try:
        with FFmpegAudioFile(path) as f:
            info = {"samplerate": f.samplerate, "channels": f.channels, "duration": f.duration}
            data = b"".join(f)
    except Exception as exc:
        return raised(exc)
    info["samples"] = pcm(data)
    return info


# ---------------------------------------------------------------- imageio-ffmpeg

def imageio_version(_path):
    import imageio_ffmpeg
    return {"exe": imageio_ffmpeg.get_ffmpeg_exe(), "version": imageio_ffmpeg.get_ffmpeg_version()}


def imageio_count_frames(path):
    import imageio_ffmpeg
    try:
        return list(imageio_ffmpeg.count_frames_and_secs(path))
    except Exception as exc:
        return raised(exc)


def _imageio_read(path, **kwargs):
    import imageio_ffmpeg
    try:
        gen = imageio_ffmpeg.read_frames(path, **kwargs)
        meta = next(gen)
        frames = [digest(f) for f in gen]
    except Exception as exc:
        return raised(exc)
    return {"meta": meta, "frames": frames}


def imageio_read_rgb(path):
    return _imageio_read(path)


def imageio_read_yuv(path):
    return _imageio_read(path, pix_fmt="yuv420p", bits_per_pixel=12)


def imageio_read_keyframes(path):
    return _imageio_read(path, pix_fmt="yuv420p", bits_per_pixel=12,
                         input_params=["-skip_frame", "nokey"])


OPS = {name: fn for name, fn in globals().items()
       if callable(fn) and name.split("_")[0] in ("whisper", "ffmpeg", "pydub", "moviepy",
                                                   "ytdlp", "audioread", "imageio")
       and not name.startswith("_")}


def run_task(task):
    op, path = task
    try:
        return jsonable(OPS[op](path))
    except BaseException as exc:          # the driver itself must always answer
        return {"driver_error": "%s: %s" % (type(exc).__name__, exc)}


def main() -> None:
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    CTX.update(spec)
    tasks = [tuple(t) for t in spec["tasks"]]
    with ThreadPoolExecutor(max(1, int(spec.get("jobs", 1)))) as pool:
        results = list(pool.map(run_task, tasks))
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
