"""Profile names per codec as FFmpeg 5.1.9 prints them (libavcodec/profiles.c), keyed by the
FF_PROFILE_* integer values."""

PROFILES: dict[str, dict[int, str]] = {
    "h264": {
        66: "Baseline", 66 | 512: "Constrained Baseline", 77: "Main", 88: "Extended",
        100: "High", 110: "High 10", 110 | 2048: "High 10 Intra", 122: "High 4:2:2",
        122 | 2048: "High 4:2:2 Intra", 144: "High 4:4:4", 244: "High 4:4:4 Predictive",
        244 | 2048: "High 4:4:4 Intra", 44: "CAVLC 4:4:4", 118: "Multiview High",
        128: "Stereo High",
    },
    "aac": {
        0: "Main", 1: "LC", 2: "SSR", 3: "LTP", 4: "HE-AAC", 28: "HE-AACv2", 22: "LD",
        38: "ELD",
    },
}
