"""Decode the first Vorbis stream of a file with cine's VorbisDecoder, and read the
reference's goldens (goldens.txt, written by make_vorbis_goldens.py); shared by the tests
and the goldens script."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
CORPUS = ROOT.parent / "shared" / "corpus" / "files"
GOLDENS = HERE / "goldens.txt"

# every Vorbis stream of fixtures/ and of the corpus (paths relative to the repository)
FILES = (
    "fixtures/ogg/vorbis_stereo.oga",
    "fixtures/ogg/vorbis_tags.ogg",
    "fixtures/ogg/theora_vorbis.ogv",
    "fixtures/ogg/chained_mixed.ogg",
    "fixtures/ogg/chapters.ogg",
    "fixtures/mkv/vorbis_lace.mka",
    "fixtures/mkv/vorbis51.mka",
    "fixtures/mkv/vp8_vorbis.webm",
    "fixtures/mkv/renamed_webm.mp4",
    "fixtures/vorbis/mono_q0_22k.ogg",
    "fixtures/vorbis/stereo_q10.ogg",
    "fixtures/vorbis/stereo_qm1.ogg",
    "fixtures/vorbis/stereo_8k.ogg",
    "fixtures/vorbis/transients.ogg",
    "fixtures/vorbis/ch3.ogg",
    "fixtures/vorbis/ch6_q2.ogg",
    "fixtures/vorbis/ch8.ogg",
    "fixtures/vorbis/native_stereo.ogg",
    "fixtures/vorbis/native_transients.ogg",
    "fixtures/vorbis/noise_stereo.mka",
    "fixtures/vorbis/noise_transients.mka",
    "../shared/corpus/files/webmbs/test.webm",
    "../shared/corpus/files/mdnaudio/audio-param_viper.ogg",
    "../shared/corpus/files/mdnaudio/voice-change-o-matic_audio_concert-crowd.ogg",
)


class Decoded:
    """Frames of one stream plus what the decoder logged and the packets' end trimming."""

    def __init__(self, frames, lines, errors, padding, skip):
        self.frames = frames
        self.lines = lines              # the decoder's log lines
        self.errors = errors            # CineError codes raised for packets (dropped)
        self.padding = padding          # samples the packets' side data discards at the end
        self.skip = skip                # and at the start

    def interleaved(self):
        import numpy as np
        if not self.frames:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate([f.data for f in self.frames], axis=1).T.ravel()


def decode_file(path) -> Decoded:
    from cine.engine.codecs.vorbis.decoder import VorbisDecoder
    from cine.engine.demux import open_input
    from cine.engine.errors import CineError
    from cine.engine.log import Logger
    lines, errors, frames = [], [], []
    padding = starts = 0
    inp = open_input(str(path))
    try:
        index = next(s.index for s in inp.ctx.streams if s.codecpar.codec_name == "vorbis")
        dec = VorbisDecoder(inp.ctx.streams[index].codecpar,
                            Logger("vorbis", lambda c, level, m: lines.append(m)))
        while True:
            try:
                pkt = inp.read_packet()
            except CineError:               # chained_mixed.ogg: the codec change ends it
                break
            if pkt is None:
                break
            if pkt.stream_index != index:
                continue
            for sd in pkt.side_data:
                if sd.type == "Skip Samples":
                    skip = dict(sd.fields)
                    padding += skip["discard_padding"]
                    starts += skip["skip_samples"]
            try:
                frames.extend(dec.decode(pkt.data, pkt.pts, pkt.dts, pkt.duration))
            except CineError as exc:
                errors.append(exc.code)
        frames.extend(dec.flush())
    finally:
        inp.close()
    return Decoded(frames, lines, errors, padding, starts)


def ffmpeg_ok() -> bool:
    if not shutil.which("ffmpeg"):
        return False
    out = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return out.startswith("ffmpeg version 5.1.9")


def reference(path, fmt: str = "f32le") -> bytes:
    return subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", "-f", fmt,
                           "-"], capture_output=True, check=True).stdout


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def samples_md5(samples) -> str:
    """md5 of float32 samples with -0.0 written as 0.0: the reference's SSE FFT gives some
    zero samples of digital silence the other sign (the only difference left)."""
    import numpy as np
    return md5((np.asarray(samples, dtype=np.float32) + np.float32(0)).tobytes())


def read_goldens() -> dict:
    """path -> (channels, samples per channel, samples_md5 of the reference's f32le output)."""
    out = {}
    for line in GOLDENS.read_text().splitlines():
        if line and not line.startswith("#"):
            path, channels, samples, digest = line.split()
            out[path] = (int(channels), int(samples), digest)
    return out
