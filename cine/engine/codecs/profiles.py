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
    "hevc": {1: "Main", 2: "Main 10", 3: "Main Still Picture", 4: "Rext"},
    "av1": {0: "Main", 1: "High", 2: "Professional"},
    "vp9": {0: "Profile 0", 1: "Profile 1", 2: "Profile 2", 3: "Profile 3"},
    "mpeg4": {
        0: "Simple Profile", 1: "Simple Scalable Profile", 2: "Core Profile", 3: "Main Profile",
        4: "N-bit Profile", 5: "Scalable Texture Profile", 6: "Simple Face Animation Profile",
        7: "Basic Animated Texture Profile", 8: "Hybrid Profile",
        9: "Advanced Real Time Simple Profile", 10: "Code Scalable Profile",
        11: "Advanced Coding Profile", 12: "Advanced Core Profile",
        13: "Advanced Scalable Texture Profile", 14: "Simple Studio Profile",
        15: "Advanced Simple Profile",
    },
    "mjpeg": {0xC0: "Baseline", 0xC1: "Sequential", 0xC2: "Progressive", 0xC3: "Lossless",
              0xF7: "JPEG LS"},
    "prores": {0: "Proxy", 1: "LT", 2: "Standard", 3: "HQ", 4: "4444", 5: "XQ"},
    "dnxhd": {0: "DNXHD", 1: "DNXHR LB", 2: "DNXHR SQ", 3: "DNXHR HQ", 4: "DNXHR HQX",
              5: "DNXHR 444"},
    "dts": {20: "DTS", 30: "DTS-ES", 40: "DTS 96/24", 50: "DTS-HD HRA", 60: "DTS-HD MA",
            70: "DTS Express"},
    "vc1": {0: "Simple", 1: "Main", 2: "Complex", 3: "Advanced"},
    "wmv3": {0: "Simple", 1: "Main", 2: "Complex", 3: "Advanced"},
    "mpeg2video": {0: "4:2:2", 1: "High", 2: "Spatially Scalable", 3: "SNR Scalable",
                   4: "Main", 5: "Simple", -100: "Reserved"},
    "jpeg2000": {
        1: "JPEG 2000 codestream restriction 0", 2: "JPEG 2000 codestream restriction 1",
        32768: "JPEG 2000 no codestream restrictions", 3: "JPEG 2000 digital cinema 2K",
        4: "JPEG 2000 digital cinema 4K",
    },
    "vvc": {1: "Main 10", 33: "Main 10 4:4:4"},
    "arib_caption": {0: "Profile A", 1: "Profile C"},
}
# aac_latm shares the AAC profile table (codec_desc.c).
PROFILES["aac_latm"] = PROFILES["aac"]
