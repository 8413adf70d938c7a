"""The kernel registry: every module that declares numba kernels (`*_jit.py`), one line each.

The ahead-of-time build imports exactly these and compiles every `@kernel` they declare
(`cine.engine.jit.DECLARED`); a test checks that every `*_jit.py` under `cine/` is listed here
and that importing the list declares at least one kernel (or, for a module of helpers that
kernels call, one helper) per module. This module itself is plain data: importing it imports
nothing.
"""

# bump when a kernel's numerics change in a way the numba cache could not notice
CACHE_TAG = "1"

KERNEL_MODULES = (
    "cine.engine.codecs.h264.intra_pred_jit",
    "cine.engine.codecs.h264.transform_jit",
    "cine.engine.codecs.h264.recon_jit",
    "cine.engine.codecs.h264.cabac_engine_jit",
    "cine.engine.codecs.h264.cabac_inter_jit",
    "cine.engine.codecs.h264.cabac_jit",
    "cine.engine.bitstream.bits_jit",
    "cine.engine.codecs.h264.cavlc_jit",
    "cine.engine.codecs.h264.deblock_jit",
    "cine.engine.codecs.h264.mvpred_jit",
    "cine.engine.codecs.h264.mvpred_b_jit",
    "cine.engine.codecs.h264.inter_pred_jit",
    "cine.engine.codecs.mjpeg.dct_jit",
    "cine.engine.codecs.mjpeg.entropy_jit",
    "cine.engine.codecs.mjpeg.huffman_jit",
    "cine.engine.codecs.mjpeg.variance_jit",
    "cine.engine.filters.resample_jit",
    "cine.engine.filters.yuv2rgb_jit",
    "cine.engine.codecs.vorbis.packet_jit",
    "cine.engine.codecs.vorbis.imdct_jit",
    "cine.engine.filters.swr.polyphase_jit",
    "cine.engine.filters.swr.mix_out_jit",
    "cine.engine.codecs.flac.subframe_jit",
    "cine.engine.codecs.alac.element_jit",
    "cine.engine.codecs.aac.spectral_jit",
    "cine.engine.codecs.aac.prediction_jit",
    "cine.engine.codecs.aac.raw_block_jit",
    "cine.engine.codecs.aac.synthesis_jit",
    "cine.engine.codecs.aac.ltp_jit",
    "cine.engine.codecs.aac.sbr.qmf_jit",
    "cine.engine.codecs.aac.sbr.hf_gen_jit",
    "cine.engine.codecs.aac.sbr.hf_adjust_jit",
    "cine.engine.codecs.aac.sbr.apply_jit",
    "cine.engine.codecs.aac.ps.hybrid_jit",
    "cine.engine.codecs.aac.ps.decorrelate_jit",
    "cine.engine.codecs.aac.ps.stereo_jit",
    "cine.engine.codecs.aac.ps.frame_jit",
    "cine.engine.codecs.opus.range_coder_jit",
    "cine.engine.codecs.opus.celt.side_jit",
    "cine.engine.codecs.opus.celt.pvq_jit",
    "cine.engine.codecs.opus.celt.finish_jit",
    "cine.engine.codecs.opus.celt.synth_jit",
    "cine.engine.codecs.opus.silk.lpc_jit",
    "cine.engine.codecs.opus.silk.frame_jit",
    "cine.engine.codecs.mp3.imdct_jit",
    "cine.engine.codecs.mp3.synthesis_jit",
    "cine.engine.codecs.mp3.spectrum_jit",
    "cine.engine.codecs.mp3.layer3_jit",
    "cine.engine.codecs.mp3.layer12_jit",
    "cine.engine.codecs.mp3.synthesis_fixed_jit",
    "cine.engine.codecs.opus.resampler_jit",
    "cine.engine.codecs.opus.lean_jit",
)
