"""Option tables of the filters cine runs, as FFmpeg 5.1.9 declares them (libavfilter/f_select.c,
vf_scale.c, vf_fps.c, vf_format.c, vf_aspect.c, vf_thumbnail.c, vf_transpose.c, vf_hflip.c,
vf_vflip.c, vf_null.c, af_anull.c, af_pan.c), and
av_opt_set's checks of a value (libavutil/opt.c): numbers are expressions over the option's
named constants (plus default, max, min, none, all), booleans take yes/no words or an integer;
sizes are av_parse_video_size's (libavutil/parseutils.c).

Each option row: (name, type, default, min, max, unit); a row naming the same field as the row
before it (an alias) is (name, "=" + canonical name). Shorthand (positional) values fill the
non-alias rows in order, as process_options does.
"""
from __future__ import annotations

import errno
import math

from cine.compat.expr import ExprError, compile_expr

INT_MAX = 2147483647
INT_MIN = -2147483648
DBL_MAX = 1.7976931348623157e308

_SELECT = (("expr", "string", "1", 0, 0, None), ("e", "=expr"),
           ("outputs", "int", 1, 1, INT_MAX, None), ("n", "=outputs"))
_ASPECT_MAX = ("max", "int", 100, 1, INT_MAX, None)
_RANGE = (("auto", 0), ("unknown", 0), ("full", 2), ("limited", 1), ("jpeg", 2), ("mpeg", 1),
          ("tv", 1), ("pc", 2))

# filter -> (media, priv class name or None, option rows, {unit: ((const, value), ...)})
FILTERS = {
    "null": ("video", None, (), {}),
    "anull": ("audio", None, (), {}),
    "select": ("video", "select", _SELECT, {}),
    "aselect": ("audio", "aselect", _SELECT, {}),
    "scale": ("video", "scale(2ref)", (
        ("w", "string", None, 0, 0, None), ("width", "=w"),
        ("h", "string", None, 0, 0, None), ("height", "=h"),
        ("flags", "string", "", 0, 0, None),
        ("interl", "bool", 0, -1, 1, None),
        ("size", "string", None, 0, 0, None), ("s", "=size"),
        ("in_color_matrix", "string", "auto", 0, 0, "color"),
        ("out_color_matrix", "string", None, 0, 0, "color"),
        ("in_range", "int", 0, 0, 2, "range"), ("out_range", "int", 0, 0, 2, "range"),
        ("in_v_chr_pos", "int", -513, -513, 512, None),
        ("in_h_chr_pos", "int", -513, -513, 512, None),
        ("out_v_chr_pos", "int", -513, -513, 512, None),
        ("out_h_chr_pos", "int", -513, -513, 512, None),
        ("force_original_aspect_ratio", "int", 0, 0, 2, "force_oar"),
        ("force_divisible_by", "int", 1, 1, 256, None),
        ("param0", "double", 123456.0, INT_MIN, INT_MAX, None),
        ("param1", "double", 123456.0, INT_MIN, INT_MAX, None),
        ("eval", "int", 0, 0, 1, "eval"),
    ), {"range": _RANGE, "force_oar": (("disable", 0), ("decrease", 1), ("increase", 2)),
        "eval": (("init", 0), ("frame", 1))}),
    "fps": ("video", "fps", (
        ("fps", "string", "25", 0, 0, None),
        ("start_time", "double", DBL_MAX, -DBL_MAX, DBL_MAX, None),
        ("round", "int", 5, 0, 5, "round"),
        ("eof_action", "int", 0, 0, 1, "eof_action"),
    ), {"round": (("zero", 0), ("inf", 1), ("down", 2), ("up", 3), ("near", 5)),
        "eof_action": (("round", 0), ("pass", 1))}),
    "format": ("video", "(no)format", (("pix_fmts", "string", None, 0, 0, None),), {}),
    "setsar": ("video", "setsar", (("sar", "string", "0", 0, 0, None), ("ratio", "=sar"),
                                   ("r", "=sar"), _ASPECT_MAX), {}),
    "setdar": ("video", "setdar", (("dar", "string", "0", 0, 0, None), ("ratio", "=dar"),
                                   ("r", "=dar"), _ASPECT_MAX), {}),
    "thumbnail": ("video", "thumbnail", (("n", "int", 100, 2, INT_MAX, None),), {}),
    "transpose": ("video", "transpose", (
        ("dir", "int", 0, 0, 7, "dir"),
        ("passthrough", "int", 0, 0, INT_MAX, "passthrough"),
    ), {"dir": (("cclock_flip", 0), ("clock", 1), ("cclock", 2), ("clock_flip", 3)),
        "passthrough": (("none", 0), ("portrait", 2), ("landscape", 1))}),
    "hflip": ("video", "hflip", (), {}),
    "vflip": ("video", "vflip", (), {}),
    "aresample": ("audio", "aresample", (("sample_rate", "int", 0, 0, INT_MAX, None),), {}),
    "pan": ("audio", "pan", (("args", "string", None, 0, 0, None),), {}),
    "aformat": ("audio", "aformat", (
        ("sample_fmts", "string", None, 0, 0, None), ("f", "=sample_fmts"),
        ("sample_rates", "string", None, 0, 0, None), ("r", "=sample_rates"),
        ("channel_layouts", "string", None, 0, 0, None), ("cl", "=channel_layouts"),
    ), {}),
    "volume": ("audio", "volume", (
        ("volume", "string", "1.0", 0, 0, None),
        ("precision", "int", 1, 0, 2, "precision"),
        ("eval", "int", 0, 0, 1, "eval"),
        ("replaygain", "int", 0, 0, 3, "replaygain"),
        ("replaygain_preamp", "double", 0.0, -15.0, 15.0, None),
        ("replaygain_noclip", "bool", 1, 0, 1, None),
    ), {"precision": (("fixed", 0), ("float", 1), ("double", 2)),
        "eval": (("once", 0), ("frame", 1)),
        "replaygain": (("drop", 0), ("ignore", 1), ("track", 2), ("album", 3))}),
}
# libswresample's options in its table's order (libswresample/options.c), which aresample
# also takes by name (its child class)
SWR_OPTIONS_ORDER = (
    "isr", "in_sample_rate", "osr", "out_sample_rate", "isf", "in_sample_fmt", "osf",
    "out_sample_fmt", "tsf", "internal_sample_fmt", "icl", "in_channel_layout", "ocl",
    "out_channel_layout", "clev", "center_mix_level", "slev", "surround_mix_level",
    "lfe_mix_level", "rmvol", "rematrix_volume", "rematrix_maxval", "flags", "swr_flags",
    "dither_scale", "dither_method", "filter_size", "phase_shift", "linear_interp",
    "exact_rational", "cutoff", "resample_cutoff", "resampler", "precision", "cheby",
    "min_comp", "min_hard_comp", "comp_duration", "max_soft_comp", "async", "first_pts",
    "matrix_encoding", "filter_type", "kaiser_beta", "output_sample_bits", "ich",
    "in_channel_count", "och", "out_channel_count", "uch", "used_channel_count")
# libswscale's options in its table's order (libswscale/options.c), which scale also takes by
# name (its child class)
SWS_OPTIONS_ORDER = (
    "sws_flags", "srcw", "srch", "dstw", "dsth", "src_format", "dst_format", "src_range",
    "dst_range", "param0", "param1", "src_v_chr_pos", "src_h_chr_pos", "dst_v_chr_pos",
    "dst_h_chr_pos", "sws_dither", "gamma", "alphablend", "threads")
SWS_OPTIONS = frozenset(SWS_OPTIONS_ORDER)
# the filters here with timeline support (the 'enable' option)
TIMELINE = frozenset(("thumbnail", "hflip", "vflip", "volume"))
# AVFilterContext's own options: every filter with options takes them
GENERIC_OPTIONS = frozenset(("thread_type", "enable", "threads", "extra_hw_frames"))

# every filter FFmpeg 5.1.9 has (`ffmpeg -filters`): a name outside this set is "No such filter"
ALL_FILTERS = frozenset("""
    abench abitscope abuffer abuffersink acompressor acontrast acopy acrossfade acrossover 
    acrusher acue addroi adeclick adeclip adecorrelate adelay adenorm aderivative adrawgraph 
    adynamicequalizer adynamicsmooth aecho aemphasis aeval aevalsrc aexciter afade afftdn 
    afftfilt afifo afir afirsrc aformat afreqshift afwtdn agate agraphmonitor ahistogram aiir 
    aintegral ainterleave alatency alimiter allpass allrgb allyuv aloop alphaextract alphamerge 
    amerge ametadata amix amovie amplify amultiply anequalizer anlmdn anlmf anlms anoisesrc 
    anull anullsink anullsrc apad aperms aphasemeter aphaser aphaseshift apsyclip apulsator 
    arealtime aresample areverse arnndn asdr asegment aselect asendcmd asetnsamples asetpts 
    asetrate asettb ashowinfo asidedata asoftclip aspectralstats asplit asr ass astats 
    astreamselect asubboost asubcut asupercut asuperpass asuperstop atadenoise atempo atilt 
    atrim avectorscope avgblur avgblur_opencl avgblur_vulkan avsynctest axcorrelate azmq 
    bandpass bandreject bass bbox bench bilateral biquad bitplanenoise blackdetect blackframe 
    blend blend_vulkan blockdetect blurdetect bm3d boxblur boxblur_opencl bs2b buffer 
    buffersink bwdif cas cellauto channelmap channelsplit chorus chromaber_vulkan chromahold 
    chromakey chromakey_cuda chromanr chromashift ciescope codecview color colorbalance 
    colorchannelmixer colorchart colorcontrast colorcorrect colorhold colorize colorkey 
    colorkey_opencl colorlevels colormap colormatrix colorspace colorspectrum colortemperature 
    compand compensationdelay concat convolution convolution_opencl convolve copy cover_rect 
    crop cropdetect crossfeed crystalizer cue curves datascope dblur dcshift dctdnoiz deband 
    deblock decimate deconvolve dedot deesser deflate deflicker deinterlace_qsv 
    deinterlace_vaapi dejudder delogo denoise_vaapi derain deshake deshake_opencl despill 
    detelecine dialoguenhance dilation dilation_opencl displace dnn_classify dnn_detect 
    dnn_processing doubleweave drawbox drawgraph drawgrid drawtext drmeter dynaudnorm earwax 
    ebur128 edgedetect elbg entropy epx eq equalizer erosion erosion_opencl estdif exposure 
    extractplanes extrastereo fade feedback fftdnoiz fftfilt field fieldhint fieldmatch 
    fieldorder fifo fillborders find_rect firequalizer flanger flip_vulkan flite floodfill 
    format fps framepack framerate framestep freezedetect freezeframes frei0r frei0r_src fspp 
    gblur gblur_vulkan geq gradfun gradients graphmonitor grayworld greyedge guided haas 
    haldclut haldclutsrc hdcd headphone hflip hflip_vulkan highpass highshelf hilbert histeq 
    histogram hqdn3d hqx hstack hsvhold hsvkey hue huesaturation hwdownload hwmap hwupload 
    hwupload_cuda hysteresis identity idet il inflate interlace interleave join kerndeint 
    kirsch ladspa lagfun latency lenscorrection libplacebo life limitdiff limiter loop loudnorm 
    lowpass lowshelf lumakey lut lut1d lut2 lut3d lutrgb lutyuv lv2 mandelbrot maskedclamp 
    maskedmax maskedmerge maskedmin maskedthreshold maskfun mcompand median mergeplanes 
    mestimate metadata midequalizer minterpolate mix monochrome morpho movie mpdecimate 
    mptestsrc msad multiply negate nlmeans nlmeans_opencl nnedi noformat noise normalize null 
    nullsink nullsrc openclsrc oscilloscope overlay overlay_cuda overlay_opencl overlay_qsv 
    overlay_vaapi overlay_vulkan owdenoise pad pad_opencl pal100bars pal75bars palettegen 
    paletteuse pan perms perspective phase photosensitivity pixdesctest pixelize pixscope pp 
    pp7 premultiply prewitt prewitt_opencl procamp_vaapi program_opencl pseudocolor psnr pullup 
    qp random readeia608 readvitc realtime remap remap_opencl removegrain removelogo 
    repeatfields replaygain reverse rgbashift rgbtestsrc roberts roberts_opencl rotate 
    rubberband sab scale scale2ref scale_cuda scale_qsv scale_vaapi scale_vulkan scdet scharr 
    scroll segment select selectivecolor sendcmd separatefields setdar setfield setparams 
    setpts setrange setsar settb sharpness_vaapi shear showcqt showfreqs showinfo showpalette 
    showspatial showspectrum showspectrumpic showvolume showwaves showwavespic shuffleframes 
    shufflepixels shuffleplanes sidechaincompress sidechaingate sidedata sierpinski signalstats 
    signature silencedetect silenceremove sinc sine siti smartblur smptebars smptehdbars sobel 
    sobel_opencl sofalizer spectrumsynth speechnorm split spp sr ssim stereo3d stereotools 
    stereowiden streamselect subtitles super2xsai superequalizer surround swaprect swapuv 
    tblend telecine testsrc testsrc2 thistogram threshold thumbnail thumbnail_cuda tile 
    tiltshelf tinterlace tlut2 tmedian tmidequalizer tmix tonemap tonemap_opencl tonemap_vaapi 
    tpad transpose transpose_opencl transpose_vaapi transpose_vulkan treble tremolo trim 
    unpremultiply unsharp unsharp_opencl untile v360 vaguedenoiser varblur vectorscope vflip 
    vflip_vulkan vfrdet vibrance vibrato vidstabdetect vidstabtransform vif vignette 
    virtualbass vmafmotion volume volumedetect vpp_qsv vstack w3fdif waveform weave xbr 
    xcorrelate xfade xfade_opencl xmedian xstack yadif yadif_cuda yaepblur yuvtestsrc zmq 
    zoompan zscale
""".split())


def canonical(filt: str, key: str):
    """The canonical name of one of the filter's options (its own, not a constant), or None."""
    for row in FILTERS[filt][2]:
        if row[0] == key:
            return row[1][1:] if row[1][0] == "=" else key
    return None


def shorthand(filt: str) -> list:
    """The options positional values fill, in order."""
    return [row[0] for row in FILTERS[filt][2] if row[1][0] != "="]


def row(filt: str, name: str):
    return next(r for r in FILTERS[filt][2] if r[0] == name)


class OptionValueError(Exception):
    """av_opt_set refused a value: `lines` are (component, text) pairs, `code` its AVERROR."""

    def __init__(self, lines: list, code: int):
        super().__init__(code)
        self.lines, self.code = lines, code


def _number(filt: str, r: tuple, value: str, cls: str) -> float:
    name, _typ, default, lo, hi, unit = r
    consts = FILTERS[filt][3].get(unit, ())
    found = [v for c, v in consts if c == value]
    if found:
        return float(found[0])
    names = tuple(c for c, _v in consts) + ("default", "max", "min", "none", "all")
    values = tuple(float(v) for _c, v in consts) + (float(default), float(hi), float(lo),
                                                     0.0, -1.0)
    logged = []
    try:
        d = compile_expr(value, names, log=lambda _lvl, t: logged.append(t))(*values)
        code = -errno.EINVAL if math.isnan(d) else 0
    except ExprError as e:
        logged, d, code = [line + "\n" for line in e.lines], math.nan, e.code
    if code:
        lines = [((cls, "Eval"), t) for t in logged]
        raise OptionValueError(lines + [(cls, 'Unable to parse option value "%s"\n' % value)],
                               code)
    return d


def number(filt: str, name: str, value: str) -> float:
    """The number a value check_value accepted stands for."""
    return _number(filt, row(filt, canonical(filt, name)), value, FILTERS[filt][1])


def _strtol_whole(value: str):
    """strtol(value, &end, 10) when it reads the whole string (an empty one reads as 0)."""
    text = value.lstrip(" \t\n\v\f\r")
    digits = text[1:] if text[:1] in ("+", "-") else text
    if value == "":
        return 0
    if not digits or not (digits.isascii() and digits.isdigit()):
        return None
    return max(min(int(text), (1 << 63) - 1), -(1 << 63))


def check_value(filt: str, name: str, value: str) -> None:
    """av_opt_set(priv, name, value): returns when the filter takes it, else OptionValueError
    with the lines the reference logs (under the filter's class name)."""
    r = row(filt, canonical(filt, name))
    typ, lo, hi, cls = r[1], r[3], r[4], FILTERS[filt][1]
    if typ == "string":
        return
    if typ == "bool":
        low = value.lower()
        if value == "auto":
            n = -1
        elif low in ("true", "y", "yes", "enable", "enabled", "on"):
            n = 1
        elif low in ("false", "n", "no", "disable", "disabled", "off"):
            n = 0
        else:
            n = _strtol_whole(value)
        if n is None or n < lo or n > hi:
            raise OptionValueError([(cls, 'Unable to parse option value "%s" as boolean\n'
                                     % value)], -errno.EINVAL)
        return
    d = _number(filt, r, value, cls)
    if hi < d or lo > d:
        raise OptionValueError([(cls, "Value %f for parameter '%s' out of range [%g - %g]\n"
                                 % (d, name, lo, hi))], -errno.ERANGE)


# av_parse_video_size's abbreviations (libavutil/parseutils.c)
VIDEO_SIZES = {
    "ntsc": (720, 480), "pal": (720, 576), "qntsc": (352, 240), "qpal": (352, 288),
    "sntsc": (640, 480), "spal": (768, 576), "film": (352, 240), "ntsc-film": (352, 240),
    "sqcif": (128, 96), "qcif": (176, 144), "cif": (352, 288), "4cif": (704, 576),
    "16cif": (1408, 1152), "qqvga": (160, 120), "qvga": (320, 240), "vga": (640, 480),
    "svga": (800, 600), "xga": (1024, 768), "uxga": (1600, 1200), "qxga": (2048, 1536),
    "sxga": (1280, 1024), "qsxga": (2560, 2048), "hsxga": (5120, 4096), "wvga": (852, 480),
    "wxga": (1366, 768), "wsxga": (1600, 1024), "wuxga": (1920, 1200), "woxga": (2560, 1600),
    "wqhd": (2560, 1440), "wqsxga": (3200, 2048), "wquxga": (3840, 2400),
    "whsxga": (6400, 4096), "whuxga": (7680, 4800), "cga": (320, 200), "ega": (640, 350),
    "hd480": (852, 480), "hd720": (1280, 720), "hd1080": (1920, 1080), "quadhd": (2560, 1440),
    "2k": (2048, 1080), "2kdci": (2048, 1080), "2kflat": (1998, 1080), "2kscope": (2048, 858),
    "4k": (4096, 2160), "4kdci": (4096, 2160), "4kflat": (3996, 2160), "4kscope": (4096, 1716),
    "nhd": (640, 360), "hqvga": (240, 160), "wqvga": (400, 240), "fwqvga": (432, 240),
    "hvga": (480, 320), "qhd": (960, 540), "uhd2160": (3840, 2160), "uhd4320": (7680, 4320),
}


def strtol(text: str, pos: int) -> tuple[int, int]:
    """strtol(text + pos, &end, 10): (value, end), end == pos when nothing was read."""
    i = pos
    while i < len(text) and text[i] in " \t\n\v\f\r":
        i += 1
    j = i + (text[i:i + 1] in ("+", "-"))
    k = j
    while k < len(text) and "0" <= text[k] <= "9":
        k += 1
    if k == j:
        return 0, pos
    return max(min(int(text[i:k]), (1 << 63) - 1), -(1 << 63)), k


def parse_video_size(text: str):
    """av_parse_video_size: (w, h), or None where the reference returns EINVAL."""
    if text in VIDEO_SIZES:
        return VIDEO_SIZES[text]
    w, p = strtol(text, 0)
    p += p < len(text)
    h, p = strtol(text, p)
    if p < len(text) or w <= 0 or h <= 0 or w > 2**31 - 1 or h > 2**31 - 1:
        return None
    return w, h
