"""Regenerates goldens_truncated/ with the real ffprobe 5.1.9 (refuses any other version):
damaged raw HEVC and ADTS AAC built from fixtures/elementary (cut short, or a NAL unit
removed), probed as <case>.json (-v quiet -of json -show_format -show_streams), <case>.stderr
(the default-level dump with -hide_banner, context addresses replaced by 0x0) and <case>.rc.

The cases pin when the reference's codec parameters appear: HEVC width/profile/pix_fmt only
once a slice names a stored PPS and SPS (the SPS timing sets the frame rate only then too),
where a parameter set the reference refuses is not stored; an AAC sample rate only once a
whole frame decodes."""
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIX = ROOT / "fixtures" / "elementary"
OUT = pathlib.Path(__file__).resolve().parent / "goldens_truncated"
FFPROBE = "/usr/bin/ffprobe"
ARGS = ["-v", "quiet", "-of", "json", "-show_format", "-show_streams"]
# case -> (fixture, edit): "cut:N" keeps the first N bytes, "drop:A:B" removes bytes A..B-1,
# "xor:P:M" flips the bits M (hex) of byte P
CASES = {
    "hevc_no_slice": ("r25.hevc", "cut:533"),             # VPS SPS PPS and part of the SEI
    "hevc_first_slice_header": ("r25.hevc", "cut:2400"),  # ... and the IDR slice's header
    "hevc_rate_no_slice": ("rgb30.hevc", "cut:548"),      # 30 fps timing, no slice: 25 fps
    "hevc_rate_first_slice": ("rgb30.hevc", "cut:2400"),
    "hevc_no_pps": ("rgb30.hevc", "drop:76:87"),          # the only PPS removed
    "hevc_pps_bad_scaling_list": ("r25.hevc", "xor:82:4c"),   # PPS refused: scaling list delta
    "hevc_vps_bad_hrd_count": ("rgb30.hevc", "xor:26:04"),    # VPS refused: hrd count
    "aac_partial_first_frame": ("mono.aac", "cut:182"),
    "aac_one_whole_frame": ("mono.aac", "cut:400"),
    "aac51_partial_first_frame": ("s51.aac", "cut:224"),
}


def build(case: str) -> tuple[str, bytes]:
    """(file name, damaged bytes) of a case."""
    name, edit = CASES[case]
    data = (FIX / name).read_bytes()
    kind, *nums = edit.split(":")
    if kind == "cut":
        return name, data[:int(nums[0])]
    if kind == "xor":
        pos, mask = int(nums[0]), int(nums[1], 16)
        return name, data[:pos] + bytes([data[pos] ^ mask]) + data[pos + 1:]
    a, b = (int(n) for n in nums)
    return name, data[:a] + data[b:]


def normalize_stderr(data: bytes) -> bytes:
    return re.sub(rb" @ 0x[0-9a-f]+\]", b" @ 0x0]", data)


def main() -> int:
    ver = subprocess.run([FFPROBE, "-version"], capture_output=True, text=True).stdout
    if not ver.startswith("ffprobe version 5.1.9"):
        print("refusing: %s is not ffprobe 5.1.9" % FFPROBE, file=sys.stderr)
        return 1
    OUT.mkdir(exist_ok=True)
    for case in CASES:
        name, data = build(case)
        with tempfile.TemporaryDirectory() as d:
            (pathlib.Path(d) / name).write_bytes(data)
            r = subprocess.run([FFPROBE] + ARGS + [name], cwd=d, capture_output=True)
            (OUT / (case + ".json")).write_bytes(r.stdout)
            r = subprocess.run([FFPROBE, "-hide_banner", name], cwd=d, capture_output=True)
            (OUT / (case + ".stderr")).write_bytes(normalize_stderr(r.stderr))
            (OUT / (case + ".rc")).write_text("%d\n" % r.returncode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
