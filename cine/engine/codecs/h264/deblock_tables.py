"""Thresholds of the H.264 deblocking filter (plain data; `deblock_jit` turns them into numpy
constants). All three are indexed by indexA or indexB = Clip3(0, 51, qPav + filterOffset)."""

# alpha' as a function of indexA (Table 8-16); 8-bit video uses alpha = alpha'
ALPHA = (0,) * 16 + (
    4, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 17, 20, 22, 25, 28, 32, 36,
    40, 45, 50, 56, 63, 71, 80, 90, 101, 113, 127, 144, 162, 182, 203, 226, 255, 255,
)

# beta' as a function of indexB (Table 8-16)
BETA = (0,) * 16 + (
    2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 6, 6, 7, 7, 8, 8, 9, 9,
    10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 18, 18,
)

# tC0' as a function of indexA (Table 8-17), one tuple per boundary strength: bS = 1, 2, 3
TC0_BS1 = (0,) * 23 + (
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 6, 6, 7, 8, 9, 10, 11, 13,
)
TC0_BS2 = (0,) * 21 + (
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 8, 8, 10, 11, 12, 13, 15,
    17,
)
TC0_BS3 = (0,) * 17 + (
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 6, 6, 7, 8, 9, 10, 11, 13, 14,
    16, 18, 20, 23, 25,
)
