"""Decode the keyframes of a file with cine's H264Decoder (the way `ffmpeg -skip_frame nokey`
does) and read the reference's framemd5 goldens; shared by the tests and the diff tool."""
from __future__ import annotations

import hashlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
FIXTURES = ROOT / "fixtures" / "h264"
GOLDENS = HERE / "goldens" / "decode"
CORPUS = ROOT.parent / "shared" / "corpus" / "files"


def first_h264_stream(ctx) -> int:
    for st in ctx.streams:
        if st.codecpar.codec_name == "h264":
            return st.index
    raise LookupError("no h264 stream")


def decode_keyframes(path, capture=None, skip_frame: str = "nokey", threads: int = 1) -> list:
    """VideoFrames of every keyframe (what `skip_frame` leaves) of the first H.264 stream, in
    output order. capture(job, arrays) is called with each decoded picture's PictureJob and
    kernel arrays (for the diff tool; threads 1 only)."""
    from cine.engine.demux import open_input
    from cine.engine.codecs.h264 import decoder as h264_decoder, layout
    from cine.engine.codecs.h264.decoder import H264Decoder
    saved = layout.picture_arrays, h264_decoder.decode_picture
    if capture is not None:
        last = {}

        def arrays_spy(*args):
            last["arrays"] = saved[0](*args)
            return last["arrays"]

        def decode_spy(job):
            frame = saved[1](job)
            capture(job, last["arrays"])
            return frame
        layout.picture_arrays, h264_decoder.decode_picture = arrays_spy, decode_spy
    inp = open_input(str(path))
    try:
        index = first_h264_stream(inp.ctx)
        st = inp.ctx.streams[index]
        tb = (st.time_base.num, st.time_base.den)
        dec = H264Decoder(st.codecpar.extradata, skip_frame=skip_frame, time_base=tb,
                          video_delay=st.codecpar.video_delay, threads=threads)
        frames = []
        while True:
            pkt = inp.read_packet()
            if pkt is None:
                break
            if pkt.stream_index == index:
                frames.extend(dec.decode(pkt.data, pkt.pts, pkt.dts, pkt.duration))
        frames.extend(dec.flush())
        return frames
    finally:
        inp.close()
        layout.picture_arrays, h264_decoder.decode_picture = saved


def frame_md5(frame) -> str:
    h = hashlib.md5()
    for plane in frame.planes:
        h.update(plane.tobytes())
    return h.hexdigest()


def golden_lines(golden: Path) -> list[tuple[int, str]]:
    """(size, md5) of each frame line of a framemd5 golden."""
    return [(size, md5) for _pts, size, md5 in golden_frames(golden)[1]]


def golden_frames(golden: Path):
    """((tb_num, tb_den), [(pts, size, md5)]) of a framemd5 golden."""
    tb = (1, 1)
    out = []
    for line in golden.read_text().splitlines():
        if line.startswith("#tb 0:"):
            num, den = line.split(":")[1].strip().split("/")
            tb = (int(num), int(den))
        if line.startswith("#") or not line.strip():
            continue
        fields = [f.strip() for f in line.split(",")]
        out.append((int(fields[2]), int(fields[4]), fields[5]))
    return tb, out


def decode_damaged(files, rng, rounds: int, most_flips: int, skip_frames=()) -> None:
    """`rounds` times: one of `files` with 1..most_flips bytes replaced or bit-flipped (and cut
    somewhere three times in ten) decoded NAL by NAL (with a skip_frame drawn from
    `skip_frames` when given); every frame must have its planes' shape, and CineError is the
    only exception allowed."""
    from cine.engine.codecs.h264.avcc import split_annexb
    from cine.engine.codecs.h264.decoder import H264Decoder
    from cine.engine.errors import CineError
    for _ in range(rounds):
        data = bytearray(rng.choice(files).read_bytes())
        for _ in range(rng.randint(1, most_flips)):
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256) if rng.random() < 0.5 else data[i] ^ (1 << rng.randrange(8))
        if rng.random() < 0.3:
            data = data[:rng.randrange(len(data))]
        dec = (H264Decoder(b"", skip_frame=rng.choice(skip_frames)) if skip_frames
               else H264Decoder(b""))
        try:
            for nal in split_annexb(bytes(data)):
                for f in dec.decode(b"\x00\x00\x00\x01" + nal, 0, 0, 1):
                    assert f.planes[0].shape == (f.height, f.width)
            dec.flush()
        except CineError:
            pass
