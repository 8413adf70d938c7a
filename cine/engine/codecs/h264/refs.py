"""The H.264 decoded picture buffer as reference pictures (ITU-T H.264 8.2.4, 8.2.5; frames
only): which decoded pictures are short- or long-term references, the reference picture
lists of a slice (initialisation by PicNum for P, by POC for B, and
ref_pic_list_modification), and the marking after each
reference picture (sliding window, memory_management_control_operation 1..6, IDR).

Samples live in one pool of planes per sequence (`DecodedPictureBuffer.pool`): each picture is
decoded straight into a free slot and stays there while it is a reference, so the inter
prediction kernel reads every reference of a slice out of the same arrays (ref slots). A
slot is free when no reference names it (the picture being decoded holds its own).
Frame num gaps are filled as the reference decoder fills them (`add_gap_frame`: "non-existing"
frames marked by the sliding window, a copy of the newest short-term reference, or grey
before anything was recovered; their POCs are unavailable to direct prediction). A reference
missing from a list is replaced by the first picture of the initial list, as the reference
decoder does, and a slice with no reference at all cannot be decoded (the caller conceals
its macroblocks).

Marking reports what FFmpeg 5.1.9's ff_h264_execute_ref_pic_marking logs, through
`log(level, message)`: an MMCO naming a short-term picture that is not there ("mmco: unref
short failure", an error while short-term references exist, else debug), a reference with
the frame_num of a short-term one ("illegal short term buffer state detected") and too many
references ("number of reference frames (L+S) exceeds max (N; probably corrupt input),
discarding one").
"""
from __future__ import annotations

from ...errors import InvalidData
from ...log import DEBUG, ERROR

MAX_REFS = 32          # entries of a reference list kept for the kernels (num_ref_idx_active <= 32)


class RefPicture:
    """A decoded picture in the pool: slot, frame_num, marking, and a serial number that
    identifies it (the deblocking filter compares reference pictures by it)."""
    __slots__ = ("slot", "frame_num", "long_term", "long_idx", "serial", "motion", "poc", "gap",
                 "invalid_gap", "buf")

    def __init__(self, slot: int, frame_num: int, serial: int) -> None:
        self.slot = slot
        self.frame_num = frame_num
        self.long_term = False
        self.long_idx = -1
        self.serial = serial
        # what B slices' direct prediction reads of a co-located picture, once decoded:
        # (intra flag per macroblock, ref_idx, mv, ref_pic) as `layout` names them
        self.motion = None
        self.poc = 0
        # a frame filling a frame_num gap: no POCs of its own (field_poc INT_MAX in the
        # reference), and `invalid_gap` when the SPS does not allow gaps
        self.gap = False
        self.invalid_gap = False
        self.buf = serial                 # which samples it has (a gap frame shares another's)


def _no_log(level: int, message: str) -> None:
    return None


class DecodedPictureBuffer:
    """Reference pictures of one sequence (one SPS geometry)."""

    def __init__(self, sps) -> None:
        import numpy as np
        self.key = _geometry(sps)
        self.max_refs = max(1, sps.ref_frame_count)
        self.ref_frame_count = sps.ref_frame_count
        self.max_frame_num = 1 << sps.log2_max_frame_num
        slots = self.max_refs + 2
        h, w = 16 * sps.mb_height, 16 * sps.mb_width
        ch, cw = (h // 2, w // 2) if sps.chroma_format_idc == 1 else (1, 1)
        self.pool = (np.zeros((slots, h, w), np.uint8), np.zeros((slots, ch, cw), np.uint8),
                     np.zeros((slots, ch, cw), np.uint8))
        self.refs: list[RefPicture] = []
        self.max_long_idx = -1            # MaxLongTermFrameIdx; -1: "no long-term frame indices"
        self.missing = False              # a list of the last slice lacked an entry
        self._serial = 0

    def fits(self, sps) -> bool:
        return self.key == _geometry(sps)

    # -- the picture being decoded ---------------------------------------------------------

    def new_picture(self, frame_num: int, errors: list) -> RefPicture:
        """A slot for the next picture: one that no reference holds (with a damaged stream
        holding too many, the oldest short-term reference is dropped)."""
        used = {r.slot for r in self.refs}
        free = [s for s in range(self.pool[0].shape[0]) if s not in used]
        if not free:
            errors.append("too many reference frames, dropping one")
            self._drop_one()
            used = {r.slot for r in self.refs}
            free = [s for s in range(self.pool[0].shape[0]) if s not in used]
        self._serial += 1
        return RefPicture(free[0], frame_num, self._serial)

    # -- reference lists (8.2.4) -----------------------------------------------------------

    def _pic_num(self, ref: RefPicture, frame_num: int) -> int:
        """PicNum of a short-term reference (FrameNumWrap) for a picture with frame_num."""
        return ref.frame_num - self.max_frame_num if ref.frame_num > frame_num else ref.frame_num

    def list_p(self, sh, log=_no_log) -> list:
        """RefPicList0 of a P slice: the initial list (short-term by descending PicNum, then
        long-term by ascending LongTermPicNum), modified, num_ref_idx_l0_active long. Raises
        InvalidData when no reference picture exists."""
        short = sorted((r for r in self.refs if not r.long_term),
                       key=lambda r: -self._pic_num(r, sh.frame_num))
        longs = sorted((r for r in self.refs if r.long_term), key=lambda r: r.long_idx)
        initial = short + longs
        n = sh.num_ref_idx_active[0]
        lst = (initial + [None] * n)[:n]
        self._modify(lst, sh.ref_pic_list_modification[0], sh.frame_num, log)
        return self._fill_missing([lst], [initial], log)[0]

    def list_b(self, sh, poc: int, log=_no_log) -> tuple:
        """RefPicList0 and RefPicList1 of a B slice of the picture with PicOrderCnt poc
        (8.2.4.2.3: short-term references before the current picture by descending POC, then
        those after it by ascending POC, list 1 the other way round; long-term references
        after them; list 1 equal to a longer list 0 has its first two entries swapped), each
        modified and num_ref_idx_lX_active long. Raises InvalidData without references."""
        short = [r for r in self.refs if not r.long_term]
        before = sorted((r for r in short if r.poc <= poc), key=lambda r: -r.poc)
        after = sorted((r for r in short if r.poc > poc), key=lambda r: r.poc)
        longs = sorted((r for r in self.refs if r.long_term), key=lambda r: r.long_idx)
        initial = [before + after + longs, after + before + longs]
        if len(initial[1]) > 1 and ([r.buf for r in initial[0]] == [r.buf for r in initial[1]]):
            # (the reference compares the pictures' buffers: a gap frame shares its source's)
            initial[1][0], initial[1][1] = initial[1][1], initial[1][0]
        out = []
        for lst in range(2):
            n = sh.num_ref_idx_active[lst]
            refs = (initial[lst] + [None] * n)[:n]
            self._modify(refs, sh.ref_pic_list_modification[lst], sh.frame_num, log)
            out.append(refs)
        out = self._fill_missing(out, initial, log)
        return out[0], out[1]

    def _fill_missing(self, lists: list, initial: list, log) -> list:
        """Entries the initial lists or a modification left empty take their list's first
        initial entry ("Missing reference picture, default is POC"; the reference then also
        forgets its output order guess: `missing` tells the caller). Raises InvalidData when
        that list is empty (no reference picture at all)."""
        out = []
        for lst, init in zip(lists, initial):
            default = init[0] if init else None
            filled = []
            for r in lst:
                if r is None:
                    log(ERROR, "Missing reference picture, default is %d\n"
                        % (default.poc if default is not None else 0))
                    self.missing = True
                    if default is None:
                        raise InvalidData("no reference picture for a %s slice"
                                          % ("B" if len(lists) == 2 else "P"))
                    r = default
                filled.append(r)
            out.append(filled)
        return out

    def _modify(self, lst: list, ops, frame_num: int, log=_no_log) -> None:
        """ref_pic_list_modification (8.2.4.3) of one list, in place."""
        pred = frame_num                         # picNumLXPred starts at CurrPicNum
        n = len(lst)
        for index, (idc, value) in enumerate(ops):
            if index >= n:
                break
            if idc in (0, 1):
                delta = value + 1
                if delta > self.max_frame_num:
                    log(ERROR, "abs_diff_pic_num overflow\n")
                    raise InvalidData("abs_diff_pic_num overflow")
                no_wrap = pred - delta if idc == 0 else pred + delta
                no_wrap %= self.max_frame_num
                pred = no_wrap
                pic_num = no_wrap - self.max_frame_num if no_wrap > frame_num else no_wrap
                pic = next((r for r in self.refs if not r.long_term
                            and self._pic_num(r, frame_num) == pic_num), None)
            else:
                if value > 31:
                    log(ERROR, "long_term_pic_idx overflow\n")
                    raise InvalidData("long_term_pic_idx overflow")
                pic = next((r for r in self.refs if r.long_term and r.long_idx == value), None)
            if pic is None:
                log(ERROR, "reference picture missing during reorder\n")
                lst[index] = None
                continue
            # insert at index, the later copy of the same picture goes
            rest = [r for r in lst[index:] if r is not pic]
            lst[index:] = ([pic] + rest)[:n - index]

    # -- marking (8.2.5) --------------------------------------------------------------------

    def mark(self, sh, current: RefPicture, errors: list, log=_no_log) -> bool:
        """Decoded reference picture marking after `current` (a picture with nal_ref_idc != 0)
        was decoded with slice header sh (its first slice's; None: a frame filling a gap,
        marked by the sliding window). False when the reference's marking reports an
        error (which also denies an I picture its recovery)."""
        ok = True
        if sh is not None and sh.idr:
            self.refs = []
            if sh.long_term_reference:
                current.long_term, current.long_idx = True, 0
                self.max_long_idx = 0
            else:
                self.max_long_idx = -1
        elif sh is not None and sh.mmco is not None:
            ok = self._mmco(sh.mmco, current, log)
        elif len(self.refs) >= self.max_refs:
            # sliding window: the short-term reference with the smallest FrameNumWrap goes
            short = [r for r in self.refs if not r.long_term]
            if short:
                oldest = min(short, key=lambda r: self._pic_num(r, current.frame_num))
                self.refs.remove(oldest)
        if current.long_term:
            self.refs = [r for r in self.refs if not (r.long_term and r.long_idx == current.long_idx)]
        else:
            dup = next((r for r in self.refs if not r.long_term
                        and r.frame_num == current.frame_num), None)
            if dup is not None:
                self.refs.remove(dup)
                log(ERROR, "illegal short term buffer state detected\n")
                ok = False
        self.refs.append(current)
        if len(self.refs) > self.max_refs:
            longs = sum(1 for r in self.refs if r.long_term)
            log(ERROR, "number of reference frames (%d+%d) exceeds max (%d; probably corrupt "
                "input), discarding one\n" % (longs, len(self.refs) - longs, self.ref_frame_count))
            errors.append("number of reference frames (%d) exceeds max (%d; probably corrupt "
                          "input), discarding one" % (len(self.refs), self.max_refs))
            self._drop_one()
            ok = False
        # frames filling a gap the SPS does not allow go once far enough behind
        mask = self.max_frame_num - 1
        self.refs = [r for r in self.refs if not (
            r.invalid_gap and not r.long_term
            and (current.frame_num - r.frame_num) & mask > self.ref_frame_count)]
        return ok

    def add_gap_frame(self, frame_num: int, invalid: bool, recovered: bool, log=_no_log) -> None:
        """A frame standing for a missing one (frame_num gap): marked by the sliding window,
        its samples those of the newest short-term reference before it (its POC 2 more),
        or grey while nothing was recovered (without one)."""
        short = [r for r in self.refs if not r.long_term]
        prev = max(short, key=lambda r: r.serial) if short else None
        gap = self.new_picture(frame_num, [])
        gap.gap, gap.invalid_gap = True, invalid
        self.mark(None, gap, [], log)
        if gap not in self.refs:
            return
        planes = self.pool
        if prev is not None:
            for plane in planes:
                plane[gap.slot] = plane[prev.slot]
            gap.poc = prev.poc + 2
            gap.buf = prev.buf
        elif not recovered:
            for plane in planes:
                plane[gap.slot] = 128

    def _drop_one(self) -> None:
        short = [r for r in self.refs if not r.long_term]
        if short:
            self.refs.remove(min(short, key=lambda r: r.serial))
        elif self.refs:
            self.refs.remove(min(self.refs, key=lambda r: r.long_idx))

    def _mmco(self, ops, current: RefPicture, log) -> bool:
        cur = current.frame_num
        mask = self.max_frame_num - 1
        ok = True
        for op, a, b in ops:
            if op in (1, 3):
                target = (cur - (a + 1)) & mask
                pic = next((r for r in self.refs if not r.long_term and r.frame_num == target),
                           None)
                if pic is None:
                    if op == 1 or not any(r.long_term and r.long_idx == b and r.frame_num == target
                                          for r in self.refs):
                        short = any(not r.long_term for r in self.refs)
                        log(ERROR if short else DEBUG, "mmco: unref short failure\n")
                        ok = False
                    continue
                if op == 1:
                    self.refs.remove(pic)
                else:
                    self.refs = [r for r in self.refs
                                 if not (r.long_term and r.long_idx == b)]
                    pic.long_term, pic.long_idx = True, b
            elif op == 2:
                self.refs = [r for r in self.refs if not (r.long_term and r.long_idx == a)]
            elif op == 4:
                self.max_long_idx = b - 1
                self.refs = [r for r in self.refs
                             if not (r.long_term and r.long_idx > self.max_long_idx)]
            elif op == 5:
                self.refs = []
                self.max_long_idx = -1
                current.frame_num = 0
            elif op == 6:
                self.refs = [r for r in self.refs if not (r.long_term and r.long_idx == a)]
                current.long_term, current.long_idx = True, a
        return ok


def _geometry(sps) -> tuple:
    return (sps.mb_width, sps.mb_height, sps.chroma_format_idc, max(1, sps.ref_frame_count),
            sps.log2_max_frame_num)
