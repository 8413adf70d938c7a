"""Parametric stereo (HE-AACv2, ISO/IEC 14496-3 8.6.4) as FFmpeg 5.1.9's float decoder does
it: state.PsState (one per SBR context), parse.read_ps_data (ps_data() from the SBR
extension), apply.apply_ps (a frame of the QMF-domain signal into two channels). Imported
only on the decode path (numpy, numba)."""
