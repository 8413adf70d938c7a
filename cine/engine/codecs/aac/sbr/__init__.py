"""Spectral Band Replication (HE-AAC, ISO/IEC 14496-3 subpart 4.6.18) for the AAC decoder, as
FFmpeg 5.1.9's float decoder applies it.

Parsing (bits.py, huffman.py, header.py, grid.py, data.py) and the frequency band tables
(freq_tables.py) run in plain Python on the SBR state of a channel element (context.py);
the per-sample work (QMF analysis and synthesis, HF generation and adjustment) runs in the
numba kernels of qmf_jit.py, hf_gen_jit.py and hf_adjust_jit.py, one call per channel
element and frame (apply_jit.py; apply.py gathers its arguments). Nothing here is imported
on the probe path.
"""
