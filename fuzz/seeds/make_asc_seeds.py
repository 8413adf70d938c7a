#!/usr/bin/env python3
"""Write the aac_asc fuzz target's seeds: AudioSpecificConfig payloads (ISO/IEC 14496-3
1.6.2.1) covering each branch cine parses, into fuzz/seeds/aac_asc/ (one file each).

  python3 fuzz/seeds/make_asc_seeds.py
"""
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "aac_asc")


def bits(*fields) -> bytes:
    """(value, width) pairs packed MSB first, zero-padded to a whole byte."""
    v, n = 0, 0
    for value, width in fields:
        v, n = (v << width) | (value & ((1 << width) - 1)), n + width
    pad = -n % 8
    return (v << pad).to_bytes((n + pad) // 8, "big")


GA = [(0, 1), (0, 1), (0, 1)]            # frameLengthFlag, dependsOnCoreCoder, extensionFlag
SEEDS = {
    "lc_44k_stereo": bits((2, 5), (4, 4), (2, 4), *GA),
    "lc_48k_51": bits((2, 5), (3, 4), (6, 4), *GA),
    "lc_71": bits((2, 5), (3, 4), (7, 4), *GA),
    "lc_chan13": bits((2, 5), (3, 4), (13, 4), *GA),
    "lc_960": bits((2, 5), (4, 4), (2, 4), (1, 1), (0, 1), (0, 1)),
    "lc_explicit_rate": bits((2, 5), (15, 4), (44056, 24), (1, 4), *GA),
    "he_explicit_sbr": bits((5, 5), (6, 4), (2, 4), (3, 4), (2, 5), *GA),
    "hev2_explicit_ps": bits((29, 5), (6, 4), (1, 4), (3, 4), (2, 5), *GA),
    "sync_ext_sbr_ps": bits((2, 5), (6, 4), (1, 4), *GA, (0x2B7, 11), (5, 5), (1, 1), (3, 4),
                            (0x548, 11), (1, 1)),
    "escape_aot": bits((31, 5), (2, 6), (4, 4), (2, 4), *GA),
    "ld_er": bits((23, 5), (5, 4), (1, 4), *GA, (0, 2)),
    "er_lc_ext": bits((17, 5), (4, 4), (2, 4), (0, 1), (0, 1), (1, 1), (0, 3), (0, 1), (0, 2)),
    "eld": bits((31, 5), (7, 6), (3, 4), (2, 4), (0, 1), (0, 3), (0, 1), (1, 4), (2, 4),
                (0xABCD, 16), (0, 4), (0, 2)),
    "als": bits((31, 5), (4, 6), (4, 4), (2, 4), (0, 5), (0x414C5300, 32), (44100, 32),
                (88200, 32), (1, 16), (0, 32)),
    "bsac_sbr": bits((5, 5), (3, 4), (2, 4), (3, 4), (22, 5), (2, 4), *GA, (0, 16)),
    # chan_config 0: a program_config_element (table 4.2) with 1 front CPE, 1 back SCE, 1 LFE,
    # 1 assoc data, 1 coupling channel, mixdowns, then a 3-byte comment
    "pce": bits((2, 5), (4, 4), (0, 4), *GA, (0, 4), (1, 2), (4, 4), (1, 4), (0, 4), (1, 4),
                (1, 2), (1, 3), (1, 4), (1, 1), (1, 4), (1, 1), (2, 4), (1, 1), (1, 3),
                (1, 1), (0, 4), (0, 1), (1, 4), (2, 4), (3, 4), (1, 1), (1, 4),
                (0, 6), (3, 8), (0x414243, 24)),
}


def main() -> int:
    os.makedirs(OUT, exist_ok=True)
    for name, payload in SEEDS.items():
        with open(os.path.join(OUT, name + ".bin"), "wb") as f:
            f.write(payload)
    print("wrote %d seeds to %s" % (len(SEEDS), OUT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
