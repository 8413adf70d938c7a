"""UTF-8 validation of tag keys/values (validate_string, string_validation/sv options) against the
reference, on a file whose tags hold invalid UTF-8 and XML-invalid control characters. The
context's tags carry the raw bytes the way the engine should: decoded with surrogateescape."""
from __future__ import annotations

import subprocess

import pytest

import ffprobe_jsonctx as J

TITLE = b"A\xff\xfeB\xc3(C\xe2\x82"
ARTIST = b"ctl\x01\x0cX"


@pytest.fixture(scope="module")
def badutf(media_dir):
    path = media_dir + "/badutf.m4a"
    subprocess.run(["/usr/bin/ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=d=0.2",
                    "-c:a", "aac", "-metadata", b"title=" + TITLE,
                    "-metadata", b"artist=" + ARTIST, path], check=True)
    return "badutf.m4a"


@pytest.mark.parametrize("writer", ["default", "json", "xml", "flat", "csv", "ini",
                                    "json=sv=ignore", "xml=sv=ignore", "default=sv=fail",
                                    "json=svr=XY", "flat=string_validation=replace:svr=?",
                                    "compact=sv=2"])
def test_invalid_utf8_tags(media_dir, badutf, monkeypatch, capfdbinary, writer):
    ctx, book = J.load_context(badutf, media_dir)
    raw = {"title": TITLE.decode("utf-8", "surrogateescape"),
           "artist": ARTIST.decode("utf-8", "surrogateescape")}
    ctx.tags = J.Tags([(k, raw.get(k, v)) for k, v in ctx.tags.items()])
    monkeypatch.chdir(media_dir)
    args = ["-hide_banner", "-v", "warning", "-of", writer, "-show_entries",
            "format_tags=title,artist", badutf]
    with J.patched_engine(monkeypatch, ctx, book):
        out, err, rc = J.run_cine(args, capfdbinary)
    ref_out, ref_err, ref_rc = J.reference(args, media_dir)
    assert out == ref_out
    assert rc == ref_rc
    import re
    norm = lambda b: re.sub(rb"@ 0x[0-9a-f]+", b"@ 0x", b)  # noqa: E731
    assert norm(err) == norm(ref_err)
