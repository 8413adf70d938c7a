"""A hand-made Main-profile CABAC stream with I_PCM macroblocks (x264 never emits them),
written with the test-side CABAC encoder from ITU-T H.264 7.3 and 9.3: two IDR pictures of
4x3 macroblocks in two slices each. Macroblocks cycle through I_PCM, I_16x16 without residual
(varied mb_qp_delta, prediction modes valid for the available neighbours) and I_NxN with
coded_block_pattern 0, so every context that depends on an I_PCM neighbour is exercised.
make_cabac_goldens.py writes it to data/cabac_ipcm.h264; FFmpeg's grid of it is the golden."""
from .cabac_encoder import Encoder

MB_W, MB_H = 4, 3
PCM, I16, INXN = 0, 1, 2


class Bits:
    def __init__(self):
        self.bits = []

    def u(self, n, v):
        self.bits.extend((v >> (n - 1 - i)) & 1 for i in range(n))

    def ue(self, v):
        n = (v + 1).bit_length()
        self.u(n - 1, 0)
        self.u(n, v + 1)

    def se(self, v):
        self.ue(2 * v - 1 if v > 0 else -2 * v)

    def tobytes(self):
        return bytes(int("".join(map(str, self.bits[i:i + 8])), 2) for i in range(0, len(self.bits), 8))


def nal(header, rbsp):
    out = bytearray(b"\x00\x00\x00\x01" + bytes((header,)))
    zeros = 0
    for b in rbsp:
        if zeros >= 2 and b <= 3:
            out.append(3)
            zeros = 0
        out.append(b)
        zeros = zeros + 1 if b == 0 else 0
    return bytes(out)


def _trailing(b):
    b.u(1, 1)
    while len(b.bits) % 8:
        b.bits.append(0)
    return b.tobytes()


def sps():
    b = Bits()
    for n, v in ((8, 77), (8, 0), (8, 10)):
        b.u(n, v)           # profile_idc Main, constraint flags, level_idc
    for v in (0, 0, 2, 1):
        b.ue(v)             # sps id, log2_max_frame_num_minus4, poc type 2, max_num_ref_frames
    b.u(1, 0)               # gaps_in_frame_num_value_allowed_flag
    b.ue(MB_W - 1)
    b.ue(MB_H - 1)
    b.u(3, 0b110)           # frame_mbs_only, direct_8x8_inference, no cropping
    b.u(1, 0)               # no VUI
    return nal(0x67, _trailing(b))


def pps():
    b = Bits()
    b.ue(0)
    b.ue(0)
    b.u(1, 1)               # entropy_coding_mode_flag: CABAC
    b.u(1, 0)
    for v in (0, 0, 0):
        b.ue(v)             # slice groups, num_ref_idx l0/l1
    b.u(3, 0)               # weighted_pred_flag, weighted_bipred_idc
    for v in (-4, 0, 0):
        b.se(v)             # pic_init_qp_minus26, pic_init_qs_minus26, chroma_qp_index_offset
    b.u(3, 0)               # no deblocking control, constrained intra, redundant_pic_cnt
    return nal(0x68, _trailing(b))


def _kind(mb, pic):
    return (mb % MB_W + 2 * (mb // MB_W) + pic) % 3


def slice_nal(pic, first, last, seed, samples):
    b = Bits()
    b.ue(first)
    b.ue(7)                 # slice_type I
    b.ue(0)
    b.u(4, 0)               # frame_num
    b.ue(pic)               # idr_pic_id
    b.u(2, 0)               # dec_ref_pic_marking
    slice_qp = 22 + (3 if first else -2)
    b.se(slice_qp - 22)
    while len(b.bits) % 8:
        b.bits.append(1)    # cabac_alignment_one_bit
    enc = Encoder(slice_qp)
    enc.bits = b.bits
    kinds, chroma_modes = {}, {}
    prev_dqp = 0
    for mb in range(first, last):
        x = mb % MB_W
        left = mb - 1 if x > 0 and mb - 1 >= first else -1
        top = mb - MB_W if mb - MB_W >= first else -1
        kind = _kind(mb, pic)
        kinds[mb] = kind
        chroma_modes[mb] = 0
        inc = sum(1 for n in (left, top) if n >= 0 and kinds[n] != INXN)
        enc.decision(3 + inc, int(kind != INXN))
        if kind == PCM:
            enc.terminate(1)
            enc.align_zero()
            pcm = []
            for k in range(384):
                seed[0] = (seed[0] * 1103515245 + 12345) & 0x7FFFFFFF
                pcm.append((40 * x + 70 * pic + (k >= 256) * 60 + (seed[0] >> 16) % 50) % 256)
            enc.raw_bytes(pcm)
            samples[pic, mb] = pcm
            enc.start()
            prev_dqp = 0
        elif kind == I16:
            enc.terminate(0)
            luma_mode = 0 if top >= 0 else (1 if left >= 0 else 2)
            enc.decision(3 + 3, 0)          # no AC
            enc.decision(3 + 4, 0)          # no chroma
            enc.decision(3 + 6, luma_mode >> 1)
            enc.decision(3 + 7, luma_mode & 1)
            chroma = 2 if top >= 0 else (1 if left >= 0 else 0)
            chroma_modes[mb] = chroma
            _chroma_mode(enc, chroma, left, top, kinds, chroma_modes)
            dqp = (3, -2, 0, 30, -25)[(mb + pic) % 5]   # 30: QP wraps as FFmpeg does
            k = 2 * dqp - 1 if dqp > 0 else -2 * dqp
            for i in range(k + 1):
                enc.decision(60 + (prev_dqp if i == 0 else (2 if i == 1 else 3)), int(i < k))
            prev_dqp = int(dqp != 0)
            # Intra16x16DCLevel coded_block_flag: unavailable and I_PCM neighbours count 1,
            # I_16x16 ones their own (0), I_NxN ones 0
            cond = [1 if n < 0 or kinds[n] == PCM else 0 for n in (left, top)]
            enc.decision(85 + cond[0] + 2 * cond[1], 0)
        else:
            for _ in range(16):
                enc.decision(68, 1)         # prev_intra4x4_pred_mode_flag
            _chroma_mode(enc, 0, left, top, kinds, chroma_modes)
            for b8 in range(4):             # coded_block_pattern luma: all zero
                if b8 & 1:
                    ca = 1
                else:
                    ca = 0 if left < 0 or kinds[left] == PCM else 1
                if b8 & 2:
                    cb = 1
                else:
                    cb = 0 if top < 0 or kinds[top] == PCM else 1
                enc.decision(73 + ca + 2 * cb, 0)
            cond = [1 if n >= 0 and kinds[n] == PCM else 0 for n in (left, top)]
            enc.decision(77 + cond[0] + 2 * cond[1], 0)
            prev_dqp = 0
        enc.terminate(int(mb == last - 1))  # end_of_slice_flag
    enc.align_zero()
    return nal(0x65, enc.tobytes())


def _chroma_mode(enc, mode, left, top, kinds, chroma_modes):
    inc = sum(1 for n in (left, top) if n >= 0 and kinds[n] != PCM and chroma_modes[n] != 0)
    enc.decision(64 + inc, int(mode > 0))
    for i in range(1, 3):
        if mode >= i:
            enc.decision(64 + 3, int(mode > i))


def make(samples=None):
    """The stream; `samples` (a dict) receives the I_PCM samples by (picture, macroblock)."""
    samples = {} if samples is None else samples
    seed = [11]
    out = sps() + pps()
    half = MB_W * MB_H // 2
    for pic in range(2):
        out += slice_nal(pic, 0, half, seed, samples) + slice_nal(pic, half, MB_W * MB_H, seed, samples)
    return out
