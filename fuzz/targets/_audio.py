"""What the audio decoder fuzz targets (aac_decode, alac_decode, flac_decode, mp3_decode,
opus_decode, vorbis_decode) share.

An input is one configuration byte, then packets separated by SEP. The byte picks one of the
target's fixtures (modulo their number), whose codec parameters (extradata: the
AudioSpecificConfig, ALAC cookie, STREAMINFO, OpusHead or Vorbis headers; rate, channels,
layout) open the decoder, as a demuxer would have given them; every non-empty packet is then
decoded in turn and the decoder flushed. A packet that fails with CineError is dropped and
decoding goes on with the next one, as the ffmpeg face does ("Error while decoding stream"):
so a damaged packet is also tested for the state it leaves behind. Anything but CineError, a
hang or runaway memory is a finding.
"""
import copy
import os

from cine.engine.demux import open_input
from cine.engine.errors import CineError
from cine.engine.log import Logger

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEP = b"#PKT"
MAX_PACKETS = 16        # per input: a few frames of state are what matters, not their number


def codecpars(fixtures: list) -> list:
    """The codec parameters of the first audio stream of each (repository-relative) fixture."""
    out = []
    for name in fixtures:
        inp = open_input(os.path.join(ROOT, name))
        try:
            out.append(next(st.codecpar for st in inp.ctx.streams
                            if st.codecpar.codec_type == "audio"))
        finally:
            inp.close()
    return out


def packets(data: bytes) -> list:
    """The input's packets: what follows its configuration byte, cut at SEP, empty ones left
    out (the ffmpeg face never sends an empty packet to a decoder)."""
    return [p for p in data[1:].split(SEP)[:MAX_PACKETS] if p]


def decode(cls, configs: list, data: bytes) -> int:
    """Open cls with the codec parameters data[0] picks, decode every packet, flush: the
    number of samples that came out. Only CineError may escape (opening can fail with it)."""
    if not data:
        return 0
    dec = cls(copy.deepcopy(configs[data[0] % len(configs)]), Logger("fuzz"))
    samples = 0
    for i, packet in enumerate(packets(data)):
        try:
            samples += sum(f.nb_samples for f in dec.decode(packet, i, i, 1))
        except CineError:
            pass
    return samples + sum(f.nb_samples for f in dec.flush())
