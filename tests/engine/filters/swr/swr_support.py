"""Shared pieces of the libswresample tests: deterministic input signals (integer arithmetic
only, so every machine builds the same bytes), a WAV writer for feeding them to the
reference, the reference's command, and running cine's Swr the way ffmpeg feeds its
converter (one call per demuxed WAV packet of 4096 bytes, then a flush).

CASES: name -> (input (fmt, rate, layout, channels, samples, loud), ffmpeg output argv,
Swr output (fmt, rate, layout, channels), swr options). `loud`: True makes the float
inputs exceed full scale so clipping is exercised; "special" adds huge values, infinities
and NaN (the conversions' out-of-range rules, SIMD head and C tail of a call)."""
from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess

import numpy as np

from cine.engine import chlayout as CL

GOLDENS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "swr_goldens.txt")

ST, MONO, S51, S71 = "stereo", "mono", "5.1(side)", "7.1"

# name: (input, ffmpeg argv, output, options)
CASES = {
    # format changes only: must be byte-identical
    "s16_to_flt": (("s16", 44100, ST, 2, 20000, False), ["-c:a", "pcm_f32le", "-f", "f32le"],
                   ("flt", 44100, ST, 2), None),
    "s16_to_s32": (("s16", 44100, ST, 2, 20000, False), ["-c:a", "pcm_s32le", "-f", "s32le"],
                   ("s32", 44100, ST, 2), None),
    "s16_to_u8": (("s16", 44100, ST, 2, 20000, False), ["-f", "u8"], ("u8", 44100, ST, 2),
                  None),
    "u8_to_s16": (("u8", 22050, MONO, 1, 9000, False), ["-f", "s16le"],
                  ("s16", 22050, MONO, 1), None),
    "s32_to_s16": (("s32", 48000, ST, 2, 20000, False), ["-f", "s16le"],
                   ("s16", 48000, ST, 2), None),
    "s32_to_flt": (("s32", 48000, ST, 2, 20000, False), ["-c:a", "pcm_f32le", "-f", "f32le"],
                   ("flt", 48000, ST, 2), None),
    "flt_to_s16_clip": (("flt", 44100, ST, 2, 20000, True), ["-f", "s16le"],
                        ("s16", 44100, ST, 2), None),
    "flt_to_s32_clip": (("flt", 44100, ST, 2, 20000, True),
                        ["-c:a", "pcm_s32le", "-f", "s32le"], ("s32", 44100, ST, 2), None),
    "flt_to_u8": (("flt", 44100, MONO, 1, 20000, True), ["-f", "u8"],
                  ("u8", 44100, MONO, 1), None),
    "dbl_to_s16": (("dbl", 44100, ST, 2, 20000, True), ["-f", "s16le"],
                   ("s16", 44100, ST, 2), None),
    "flt_special_s16": (("flt", 44100, ST, 2, 2055, "special"), ["-f", "s16le"],
                        ("s16", 44100, ST, 2), None),
    "flt_special_s32": (("flt", 44100, ST, 2, 2055, "special"),
                        ["-c:a", "pcm_s32le", "-f", "s32le"], ("s32", 44100, ST, 2), None),
    "flt_special_u8_mono": (("flt", 44100, ST, 2, 2055, "special"), ["-ac", "1", "-f", "u8"],
                            ("u8", 44100, MONO, 1), None),
    "flt_special_s16_mono": (("flt", 44100, ST, 2, 2055, "special"), ["-ac", "1", "-f", "s16le"],
                             ("s16", 44100, MONO, 1), None),
    "flt_special_16000_s16_mono": (("flt", 44100, ST, 2, 2055, "special"),
                                   ["-ac", "1", "-ar", "16000", "-f", "s16le"],
                                   ("s16", 16000, MONO, 1), None),
    "dbl_special_s16": (("dbl", 44100, ST, 2, 2055, "special"), ["-f", "s16le"],
                        ("s16", 44100, ST, 2), None),
    "dbl_to_flt": (("dbl", 44100, ST, 2, 20000, False), ["-c:a", "pcm_f32le", "-f", "f32le"],
                   ("flt", 44100, ST, 2), None),
    # channel changes (the default matrices)
    "s16_stereo_to_mono": (("s16", 44100, ST, 2, 20000, False), ["-ac", "1", "-f", "s16le"],
                           ("s16", 44100, MONO, 1), None),
    "flt_stereo_to_mono_flt": (("flt", 44100, ST, 2, 20000, True),
                               ["-ac", "1", "-c:a", "pcm_f32le", "-f", "f32le"],
                               ("flt", 44100, MONO, 1), None),
    "s16_51_to_stereo": (("s16", 48000, S51, 6, 12000, False), ["-ac", "2", "-f", "s16le"],
                         ("s16", 48000, ST, 2), None),
    "s16_51_to_mono": (("s16", 48000, S51, 6, 12000, False), ["-ac", "1", "-f", "s16le"],
                       ("s16", 48000, MONO, 1), None),
    "flt_51_to_stereo_flt": (("flt", 48000, S51, 6, 12000, False),
                             ["-ac", "2", "-c:a", "pcm_f32le", "-f", "f32le"],
                             ("flt", 48000, ST, 2), None),
    "flt_51_to_stereo_s16": (("flt", 48000, S51, 6, 12000, True), ["-ac", "2", "-f", "s16le"],
                             ("s16", 48000, ST, 2), None),
    "s16_71_to_stereo": (("s16", 48000, S71, 8, 8000, False), ["-ac", "2", "-f", "s16le"],
                         ("s16", 48000, ST, 2), None),
    "s16_mono_to_stereo": (("s16", 16000, MONO, 1, 9000, False), ["-ac", "2", "-f", "s16le"],
                           ("s16", 16000, ST, 2), None),
    "s16_stereo_to_51": (("s16", 44100, ST, 2, 9000, False),
                         ["-af", "aresample=ochl=5.1", "-f", "s16le"], ("s16", 44100, "5.1", 6),
                         None),
    "s16_51_levels": (("s16", 48000, S51, 6, 12000, False),
                      ["-af", "aresample=ochl=stereo:clev=0.5:slev=0.3:lfe_mix_level=0.2",
                       "-f", "s16le"], ("s16", 48000, ST, 2),
                      {"clev": "0.5", "slev": "0.3", "lfe_mix_level": "0.2"}),
    "s16_rematrix_volume_clip": (("s16", 44100, ST, 2, 20000, False),
                                 ["-af", "aresample=rematrix_volume=1.7", "-f", "s16le"],
                                 ("s16", 44100, ST, 2), {"rematrix_volume": "1.7"}),
    "flt_51_to_21_flt": (("flt", 48000, S51, 6, 12000, True),
                         ["-af", "aresample=ochl=2.1", "-c:a", "pcm_f32le", "-f", "f32le"],
                         ("flt", 48000, "2.1", 3), None),
    # resampling, s16p internal
    "s16_44100_16000": (("s16", 44100, ST, 2, 44100, False), ["-ar", "16000", "-f", "s16le"],
                        ("s16", 16000, ST, 2), None),
    "s16_48000_16000": (("s16", 48000, ST, 2, 30000, False), ["-ar", "16000", "-f", "s16le"],
                        ("s16", 16000, ST, 2), None),
    "s16_22050_16000": (("s16", 22050, MONO, 1, 22050, False), ["-ar", "16000", "-f", "s16le"],
                        ("s16", 16000, MONO, 1), None),
    "s16_8000_16000": (("s16", 8000, MONO, 1, 9000, False), ["-ar", "16000", "-f", "s16le"],
                       ("s16", 16000, MONO, 1), None),
    "s16_16000_48000": (("s16", 16000, MONO, 1, 12000, False), ["-ar", "48000", "-f", "s16le"],
                        ("s16", 48000, MONO, 1), None),
    "s16_44100_48000": (("s16", 44100, ST, 2, 30000, False), ["-ar", "48000", "-f", "s16le"],
                        ("s16", 48000, ST, 2), None),
    "s16_48000_44100": (("s16", 48000, ST, 2, 30000, False), ["-ar", "44100", "-f", "s16le"],
                        ("s16", 44100, ST, 2), None),
    "s16_51_48000_16000_mono": (("s16", 48000, S51, 6, 12000, False),
                                ["-ar", "16000", "-ac", "1", "-f", "s16le"],
                                ("s16", 16000, MONO, 1), None),
    "s16_linear_interp": (("s16", 44100, ST, 2, 20000, False),
                          ["-af", "aresample=16000:exact_rational=0", "-f", "s16le"],
                          ("s16", 16000, ST, 2), {"exact_rational": "0"}),
    "s16_odd_rate": (("s16", 44100, MONO, 1, 20000, False),
                     ["-af", "aresample=16001:filter_size=16:phase_shift=6:cutoff=0.9",
                      "-f", "s16le"], ("s16", 16001, MONO, 1),
                     {"filter_size": "16", "phase_shift": "6", "cutoff": "0.9"}),
    "s16_s32p_internal": (("s16", 44100, ST, 2, 20000, False),
                          ["-af", "aresample=16000:internal_sample_fmt=s32p",
                           "-c:a", "pcm_s32le", "-f", "s32le"], ("s32", 16000, ST, 2),
                          {"internal_sample_fmt": "s32p"}),
    "tiny_no_output": (("s16", 44100, MONO, 1, 61, False), ["-ar", "16000", "-f", "s16le"],
                       ("s16", 16000, MONO, 1), None),
    "tiny_some_output": (("s16", 44100, MONO, 1, 62, False), ["-ar", "16000", "-f", "s16le"],
                         ("s16", 16000, MONO, 1), None),
    # resampling, fltp internal (the whisper command on float decoders)
    "whisper_flt_44100": (("flt", 44100, ST, 2, 44100, True),
                          ["-ac", "1", "-ar", "16000", "-f", "s16le"], ("s16", 16000, MONO, 1),
                          None),
    "whisper_flt_48000": (("flt", 48000, ST, 2, 48000, False),
                          ["-ac", "1", "-ar", "16000", "-f", "s16le"], ("s16", 16000, MONO, 1),
                          None),
    "flt_44100_16000_flt": (("flt", 44100, ST, 2, 30000, True),
                            ["-ar", "16000", "-c:a", "pcm_f32le", "-f", "f32le"],
                            ("flt", 16000, ST, 2), None),
    "flt_16000_48000_flt": (("flt", 16000, MONO, 1, 12000, False),
                            ["-ar", "48000", "-ac", "2", "-c:a", "pcm_f32le", "-f", "f32le"],
                            ("flt", 48000, ST, 2), None),
    "flt_48000_44100_flt": (("flt", 48000, ST, 2, 30000, False),
                            ["-ar", "44100", "-c:a", "pcm_f32le", "-f", "f32le"],
                            ("flt", 44100, ST, 2), None),
    "flt_linear_interp_flt": (("flt", 44100, ST, 2, 20000, False),
                              ["-af", "aresample=16000:exact_rational=0", "-c:a", "pcm_f32le",
                               "-f", "f32le"], ("flt", 16000, ST, 2), {"exact_rational": "0"}),
    "flt_51_48000_16000_s16": (("flt", 48000, S51, 6, 12000, False),
                               ["-ar", "16000", "-ac", "2", "-f", "s16le"],
                               ("s16", 16000, ST, 2), None),
    "s32_44100_16000": (("s32", 44100, ST, 2, 20000, False),
                        ["-ar", "16000", "-c:a", "pcm_s32le", "-f", "s32le"],
                        ("s32", 16000, ST, 2), None),
    # dblp internal, float64 output too: the Kaiser window's I0 as the reference computes it
    "dbl_44100_16000_s16": (("dbl", 44100, ST, 2, 20000, True), ["-ar", "16000", "-f", "s16le"],
                            ("s16", 16000, ST, 2), None),
    "dbl_44100_16000_dbl": (("dbl", 44100, ST, 2, 20000, False),
                            ["-ar", "16000", "-c:a", "pcm_f64le", "-f", "f64le"],
                            ("dbl", 16000, ST, 2), None),
    "dbl_beta16_48000_dbl": (("dbl", 48000, MONO, 1, 9000, False),
                             ["-af", "aresample=22050:kaiser_beta=16", "-c:a", "pcm_f64le",
                              "-f", "f64le"], ("dbl", 22050, MONO, 1), {"kaiser_beta": "16"}),
    "dbl_48000_16000_dbl": (("dbl", 48000, ST, 2, 9000, False),
                            ["-ar", "16000", "-c:a", "pcm_f64le", "-f", "f64le"],
                            ("dbl", 16000, ST, 2), None),
}

_MASKS = {MONO: CL.MONO, ST: CL.STEREO, S51: CL.L5POINT1, S71: CL.L7POINT1,
          "5.1": CL.L5POINT1_BACK}
_BYTES = {"u8": 1, "s16": 2, "s32": 4, "flt": 4, "dbl": 8}


def signal(fmt, rate, channels, n, loud):
    """Triangle waves of a different period per channel plus LCG noise, as int32 full
    scale values; converted to `fmt` exactly (float32 rounding of int32 is IEEE)."""
    t = np.arange(n, dtype=np.int64)
    rows = []
    for c in range(channels):
        period = 37 + 53 * c + rate // 1000
        tri = np.abs((t * 4096 * 4 // period) % 8192 - 4096) - 2048     # -2048..2048
        seed = (t * 1103515245 + 12345 * (c + 1)) & 0x7FFFFFFF
        noise = ((seed * 69069 + 1) & 0xFFFF) - 0x8000                      # -32768..32767
        amp = 3 if loud else 1
        v = tri * (1 << 19) * amp // 2 + noise * (1 << 12)
        rows.append(v)
    x = np.array(rows, dtype=np.int64)
    if loud == "special":
        return _special(x.astype(np.float64) * 2.0 ** -31, fmt)
    if fmt == "flt":
        return (x.astype(np.float64) * 2.0 ** -31).astype(np.float32)
    if fmt == "dbl":
        return x.astype(np.float64) * 2.0 ** -31
    x = np.clip(x, -2 ** 31, 2 ** 31 - 1)
    if fmt == "s32":
        return x.astype(np.int32)
    if fmt == "s16":
        return (x >> 16).astype(np.int16)
    return ((x >> 24) + 128).astype(np.uint8)


SPECIAL = (1e6, -1e6, np.nan, np.inf, -np.inf, 70000.0, -70000.0, 1.0, -1.0, 0.99999,
           65535.99, 65536.0, 3e38)


def _special(x, fmt):
    """SPECIAL values early in each channel and in its last seven samples."""
    x = x.astype(np.float32).astype(np.float64)
    sp = np.array(SPECIAL, dtype=np.float32).astype(np.float64)
    for c in range(x.shape[0]):
        x[c, 100 + 200 * c:100 + 200 * c + len(sp)] = sp
        x[c, -7:] = sp[6 * c % 7:6 * c % 7 + 7]
    return x.astype(np.float32) if fmt == "flt" else x


def wav_bytes(data, fmt, rate, layout):
    """A WAVE_FORMAT_EXTENSIBLE file with the layout's channel mask."""
    channels = data.shape[0]
    bps = _BYTES[fmt]
    payload = np.ascontiguousarray(data.T).astype(data.dtype.newbyteorder("<")).tobytes()
    sub = 3 if fmt in ("flt", "dbl") else 1
    guid = struct.pack("<H", sub) + bytes.fromhex("000000001000800000aa00389b71")
    fmt_chunk = struct.pack("<HHIIHHHHI", 0xFFFE, channels, rate, rate * channels * bps,
                            channels * bps, bps * 8, 22, bps * 8, _MASKS[layout]) + guid
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt_chunk)) + fmt_chunk
    body += b"data" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", len(body)) + body


def run_cine(case):
    """Cine's output bytes (interleaved, as the raw muxers write them) for a case."""
    from cine.engine.filters.swr import Swr
    (fmt, rate, layout, channels, n, loud), _argv, out, opts = case
    data = signal(fmt, rate, channels, n, loud)
    swr = Swr(fmt, rate, layout, channels, out[0], out[1], out[2], out[3], opts)
    step = 4096 // (channels * _BYTES[fmt])
    parts = [swr.convert(data[:, i:i + step]) for i in range(0, n, step)]
    parts.append(swr.flush())
    return np.ascontiguousarray(np.concatenate(parts, axis=1).T).tobytes()


def have_reference() -> bool:
    if not shutil.which("ffmpeg"):
        return False
    try:
        version = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True,
                                 timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "5.1.9" in version.split("\n", 1)[0]


def run_reference(case, tmpdir):
    (fmt, rate, layout, channels, n, loud), argv, _out, _opts = case
    path = os.path.join(tmpdir, "in_%s_%d_%d_%d.wav" % (fmt, rate, channels, n))
    with open(path, "wb") as f:
        f.write(wav_bytes(signal(fmt, rate, channels, n, loud), fmt, rate, layout))
    return subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-i", path] + argv + ["-"],
                          capture_output=True, check=True, timeout=120).stdout


def md5(b: bytes) -> str:
    return hashlib.md5(b).hexdigest()


def read_goldens() -> dict:
    out = {}
    with open(GOLDENS, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, digest, size = line.split()
                out[name] = (digest, int(size))
    return out
