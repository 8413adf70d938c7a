"""SBR (cine/engine/codecs/aac/sbr): the band tables against the fixture crafter's own
derivation (fixtures/aac/craft_sbr.py) and against cases whose tables the reference's output
pins down (the crafted fixtures decode bit-exactly with them), the reference's band table
error lines, payload parsing round-trips through the crafter's writer (single channel and
channel pairs, coupled or not, both amplitude resolutions, CRC), the payload reader's
behaviour past the packet, and hostile payloads and packets: nothing but InvalidData ever
escapes, and nothing hangs."""
import os
import random
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aac_support import fixture_module, path_of  # noqa: E402

from cine.engine.codecs.aac.decoder import AacDecoder  # noqa: E402
from cine.engine.codecs.aac.sbr import freq_tables as F, huffman as H  # noqa: E402
from cine.engine.codecs.aac.sbr.apply import Scratch, apply  # noqa: E402
from cine.engine.codecs.aac.sbr.bits import SbrReader  # noqa: E402
from cine.engine.codecs.aac.sbr.context import SbrContext  # noqa: E402
from cine.engine.codecs.aac.sbr.data import decode_extension  # noqa: E402
from cine.engine.errors import InvalidData  # noqa: E402
from cine.engine.log import Logger  # noqa: E402
from cine.engine.model import CodecParameters  # noqa: E402

FIXTURES = path_of("fixtures/aac")


CRAFT = fixture_module("craft_sbr")
KEYS = ("start", "stop", "xover", "freq_scale", "alter_scale", "noise_bands")


class _Dec:
    """What decode_extension and apply need of the decoder."""

    def __init__(self, ps=-1, ext_sample_rate=44100):
        self.lines = []
        self.log = Logger("aac", lambda _c, level, msg: self.lines.append((level, msg)))
        self.ps = ps
        self.ext_sample_rate = ext_sample_rate
        self.profile = None
        self.warned = set()


# -- band tables ---------------------------------------------------------------------------

@pytest.mark.parametrize("rate", [22050, 32000, 44100, 48000])
def test_band_tables_match_the_crafters(rate):
    """Every spectrum the crafter accepts, every 5th one: the same master, derived, noise
    tables and patches from an independent derivation."""
    for hdr, tab in CRAFT.valid_spectra(rate)[::5]:
        t, kx, m = F.derive(rate, tuple(hdr[k] for k in KEYS), 2)
        assert (t.k0, t.k2, kx, m) == (tab.k0, tab.k2, tab.kx, tab.m), hdr
        assert (t.master, t.high, t.low, t.noise) == (tab.master, tab.high, tab.low, tab.noise)
        assert t.patch_sizes == tab.patches and t.n_q == tab.n_q


@pytest.mark.parametrize("params, limiter, kx, m, sizes, starts, lim", [
    # sbr_header_change.aac's first header, then its one with kx 32 (a single patch, the
    # limiter at 1.2 bands per octave merging every band); a 2-patch one with k0 = kx = 32
    ((4, 8, 2, 3, 1, 0), 2, 15, 28, [9, 9, 10], [3, 4, 3], [15, 18, 24, 33, 43]),
    ((14, 7, 4, 0, 0, 2), 3, 32, 8, [8], [20], [32, 40]),
    ((15, 11, 0, 0, 1, 1), 2, 32, 23, [15, 8], [16, 23], [32, 39, 47, 55]),
])
def test_band_tables_known(params, limiter, kx, m, sizes, starts, lim):
    t, got_kx, got_m = F.derive(44100, params, limiter)
    assert (got_kx, got_m, t.patch_sizes, t.patch_starts, t.lim) == (kx, m, sizes, starts, lim)
    assert t.n_lim == len(lim) - 1


def test_limiter_band_variants():
    t, kx, _m = F.derive(44100, (4, 8, 2, 3, 1, 0), 2)
    F.limiter_table(t, kx, 0)
    assert t.lim == [t.low[0], t.low[-1]] and t.n_lim == 1
    for bands in (1, 2, 3):
        F.limiter_table(t, kx, bands)
        assert t.lim[0] == kx and t.lim[-1] == t.low[-1]
        assert all(a < b for a, b in zip(t.lim, t.lim[1:])) and t.n_lim == len(t.lim) - 1


@pytest.mark.parametrize("rate, params, message", [
    # the reference's lines for these headers (crafted streams decoded by FFmpeg 5.1.9)
    (44100, (15, 14, 4, 3, 0, 3), "Start frequency border too high: 45\n"),
    (44100, (14, 5, 7, 0, 1, 0), "Invalid bitstream, crossover band index beyond array "
                                 "bounds: 7\n"),
    (44100, (0, 15, 0, 1, 0, 0), "Invalid vDk0[1]: 0\n"),
    (32000, (0, 13, 0, 1, 0, 3), "Invalid bitstream, too many QMF subbands: 54\n"),
    (11025, (0, 0, 0, 0, 0, 0), "Unsupported sample rate for SBR: 11025\n"),
])
def test_band_table_errors(rate, params, message):
    with pytest.raises(F.BandError) as exc:
        F.derive(rate, params, 2)
    assert exc.value.args[0] == message


def test_reset_failure_turns_sbr_off():
    sbr = SbrContext(0)
    sbr.sample_rate = 44100
    sbr.spectrum = (0, 15, 0, 1, 0, 0)
    sbr.start = 1
    from cine.engine.codecs.aac.sbr.header import reset
    dec = _Dec()
    reset(sbr, dec.log)
    assert [m for _l, m in dec.lines] == [
        "Invalid vDk0[1]: 0\n", "SBR reset failed. Switching SBR to pure upsampling mode.\n"]
    assert (sbr.start, sbr.kx[1], sbr.m[1], sbr.spectrum) == (0, 32, 0, None)


# -- parsing ---------------------------------------------------------------------------------

def _payload_bytes(bits: str, crc: bool) -> tuple[bytes, int]:
    head = "1110" if crc else "1101"
    if crc:
        head += format(CRAFT.sbr_crc(bits), "010b")
    cnt = (len(head) + len(bits) + 7) // 8
    bits = head + bits
    bits += "0" * (cnt * 8 - len(bits))
    return int(bits, 2).to_bytes(cnt, "big"), cnt


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("elem", [0, 1])
def test_payloads_round_trip_through_the_writer(seed, elem):
    """The crafter's payloads parse to its values: the last envelope and noise floor of each
    channel (balance values doubled), every bit of the payload read, no message."""
    rate = (44100, 48000, 32000)[seed % 3]
    crafter = CRAFT.Crafter(rate // 2, random.Random(seed), False, seed % 2 == 1, False)
    sbr = SbrContext(elem)
    dec = _Dec()
    for block in range(40):
        bits = crafter.sbr_payload(elem).text()
        crc = block % 3 == 1
        data, cnt = _payload_bytes(bits, crc)
        br = SbrReader(data, 4)
        decode_extension(sbr, br, crc, cnt, elem, rate // 2, dec)
        assert dec.lines == []
        assert br.pos == 4 + (10 if crc else 0) + len(bits)
        assert sbr.start == 1 and sbr.tables is not None
        assert (sbr.kx[1], sbr.m[1]) == (crafter.tab.kx, crafter.tab.m)
        for c in range(2 if elem else 1):
            ch = sbr.ch[c]
            want = crafter.chs[c]
            scale = 2 if c == 1 and sbr.coupling else 1
            n = sbr.n[ch.freq_res[ch.num_env]]
            assert ch.env_q[ch.num_env][:n] == [scale * v for v in want.env]
            assert ch.noise_q[ch.num_noise][:sbr.n_q] == [scale * v for v in want.noise]
            assert ch.t_env[ch.num_env] - 16 == want.lead


def test_huffman_books_are_complete_prefix_codes():
    for name, (codes, longest, k, lut) in H.DECODE.items():
        assert sum(2.0 ** -(c.bit_length() - 1) for c in codes) == 1.0, name
        assert len(codes) == len(H.BOOKS[name])
        # the lookup table agrees with the codewords it holds
        for value, word in H.BOOKS[name].items():
            if len(word) <= k:
                assert lut[int(word, 2) << (k - len(word))] == (value, len(word)), name


def test_reader_past_the_packet():
    """Zero bits past the end, the position stopping 8 bits after it (the reference's
    checked reader), whatever is read or skipped."""
    br = SbrReader(b"\xff", 4)
    assert br.u(4) == 15 and br.u(8) == 0 and br.pos == 16
    br.skip(100)
    assert br.pos == 16 and br.u(20) == 0 and br.pos == 16
    assert H.read(br, H.DECODE["ENV_T15"]) == 0 and br.pos == 16


# -- hostile input ---------------------------------------------------------------------------

@pytest.mark.parametrize("elem", [0, 1])
def test_random_payloads_never_raise(elem):
    """Arbitrary payload bytes (after a valid header block): parsing and the kernels never
    raise, whatever state the bytes leave."""
    rng = random.Random(7 + elem)
    crafter = CRAFT.Crafter(22050, random.Random(1), False, True, False)
    sbr = SbrContext(elem)
    dec = _Dec(ext_sample_rate=44100)
    scratch = Scratch()
    pcm = np.zeros((128, 1024), np.float32)
    pcm[:2] = np.sin(np.arange(1024, dtype=np.float32) * 0.3) * 0.3
    out = np.zeros((128, 2048), np.float32)
    for block in range(60):
        if block % 4 == 0:
            data, cnt = _payload_bytes(crafter.sbr_payload(elem).text(), False)
        else:
            cnt = rng.randrange(1, 60)
            data = bytes([0xD0 | rng.randrange(16)]) + rng.randbytes(cnt - 1)
        decode_extension(sbr, SbrReader(data, 4), 0, cnt, elem, 22050, dec)
        apply(dec, sbr, elem, 0, pcm, out, scratch)
    assert any("invalid" in m or "Expected" in m or "Invalid" in m for _l, m in dec.lines)


def _adts_frames(data):
    pos = 0
    while pos + 7 <= len(data):
        size = ((data[pos + 3] & 3) << 11) | (data[pos + 4] << 3) | (data[pos + 5] >> 5)
        yield data[pos:pos + size]
        pos += size


@pytest.mark.parametrize("name", ["sbr_stereo.aac", "sbr_mono.aac", "sbr_header_change.aac",
                                  "ps_mono.aac"])
def test_damaged_packets_raise_only_invalid_data(name):
    """Bits flipped in the second half of packets (where the SBR fill element is) and tails
    zeroed: each packet decodes or raises InvalidData."""
    frames = list(_adts_frames(open(os.path.join(FIXTURES, name), "rb").read()))
    rng = random.Random(name)
    par = CodecParameters(codec_type="audio", codec_name="aac", sample_rate=22050, channels=2)
    dec = AacDecoder(par, Logger("aac"))
    decoded = 0
    for i, pkt in enumerate(frames):
        pkt = bytearray(pkt)
        if i % 3 == 1 and len(pkt) > 20:
            for _ in range(rng.randint(1, 4)):
                pkt[rng.randrange(len(pkt) // 2, len(pkt))] ^= 1 << rng.randrange(8)
        elif i % 7 == 2:
            cut = rng.randrange(1, 10)
            pkt[len(pkt) - cut:] = bytes(cut)
        try:
            out = dec.decode(bytes(pkt), i, i, 1024)
            decoded += 1
            for f in out:
                assert f.data.shape[1] == 2048
        except InvalidData:
            pass
    assert decoded > len(frames) // 2


def _asc(ext_index):
    """AOT 5 (SBR), 24 kHz core, stereo, the extension rate's index, then AAC LC."""
    bits = "00101" + "0110" + "0010" + format(ext_index, "04b") + "00010" + "000"
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def _decode_all(dec, packets):
    return np.concatenate([f.data for p in packets for f in dec.decode(p, 0, 0, 1024)], 1)


def test_explicit_sbr_matches_implicit():
    """sbr_stereo.aac's raw blocks with an explicit AudioSpecificConfig (48 kHz) decode to
    what its ADTS frames (implicit signalling) decode to; with the extension rate equal to
    the core's the synthesis is the downsampled one: 1024 samples a frame at 24 kHz."""
    data = open(os.path.join(FIXTURES, "sbr_stereo.aac"), "rb").read()
    frames = list(_adts_frames(data))
    implicit = _decode_all(AacDecoder(CodecParameters(
        codec_type="audio", codec_name="aac", sample_rate=24000, channels=2),
        Logger("aac")), frames)
    par = CodecParameters(codec_type="audio", codec_name="aac", sample_rate=48000, channels=2,
                          extradata=_asc(3))
    dec = AacDecoder(par, Logger("aac"))
    explicit = _decode_all(dec, [f[7:] for f in frames])
    assert explicit.shape == implicit.shape == (2, 2048 * len(frames))
    assert np.array_equal(explicit, implicit) and dec.skip_samples_multiplier == 2
    par.extradata = _asc(6)
    dec = AacDecoder(par, Logger("aac"))
    out = [f for p in frames for f in dec.decode(p[7:], 0, 0, 1024)]
    assert all(f.data.shape == (2, 1024) and f.sample_rate == 24000 for f in out)
    assert dec.skip_samples_multiplier == 1
