"""H.264 picture order counts of frames (ITU-T H.264 8.2.1: pic_order_cnt_type 0, 1 and 2).

The decoder keeps one PocState per stream: `count(sh, sps)` is the PicOrderCnt of the picture
whose first slice header is sh, and `picture_done(sh, sps, mmco5)` carries the state a picture
leaves to the next one (after a memory_management_control_operation 5 the picture counts as
one with frame_num 0 and order count 0 onwards).

Counts are FFmpeg 5.1.9's: at the start and after an IDR picture prevPicOrderCntMsb is 1 << 16
and the first picture's own pic_order_cnt_lsb stands for prevPicOrderCntLsb (so pictures of
pic_order_cnt_type 0 count from 65536, as the reference's "poc:" debug lines and its frame
num gap frames, whose counts are absolute, go), and prev_frame_num starts at -1.
"""
from __future__ import annotations


_MSB_START = 1 << 16


class PocState:
    def __init__(self) -> None:
        self.prev_msb = _MSB_START     # prevPicOrderCntMsb (type 0)
        self.prev_lsb = -1             # prevPicOrderCntLsb (type 0; -1: the next picture's)
        self.prev_frame_num = -1
        self.prev_offset = 0           # prevFrameNumOffset (types 1 and 2)
        self._msb = 0
        self._offset = 0
        self._top = self._bottom = 0

    def count(self, sh, sps) -> int:
        """PicOrderCnt(CurrPic) of a frame (the smaller of its two field counts)."""
        max_frame_num = 1 << sps.log2_max_frame_num
        if sps.poc_type == 0:
            if sh.idr:
                self.prev_msb, self.prev_lsb = _MSB_START, -1
            max_lsb = 1 << sps.log2_max_poc_lsb
            lsb = sh.poc_lsb
            if self.prev_lsb < 0:
                self.prev_lsb = lsb
            if lsb < self.prev_lsb and self.prev_lsb - lsb >= max_lsb // 2:
                msb = self.prev_msb + max_lsb
            elif lsb > self.prev_lsb and lsb - self.prev_lsb > max_lsb // 2:
                msb = self.prev_msb - max_lsb
            else:
                msb = self.prev_msb
            self._msb = msb
            top = msb + lsb
            bottom = top + sh.delta_poc_bottom
        else:
            if sh.idr:
                offset = 0
            elif self.prev_frame_num > sh.frame_num:
                offset = self.prev_offset + max_frame_num
            else:
                offset = self.prev_offset
            self._offset = offset
            if sps.poc_type == 2:
                if sh.idr:
                    top = 0
                else:
                    top = 2 * (offset + sh.frame_num) - (0 if sh.nal_ref_idc else 1)
                bottom = top
            else:
                top, bottom = self._type1(sh, sps, offset)
        self._top, self._bottom = top, bottom
        return min(top, bottom)

    def _type1(self, sh, sps, offset: int) -> tuple[int, int]:
        cycle = list(getattr(sps, "offset_for_ref_frame", ()) or ())
        n = len(cycle)
        abs_frame_num = offset + sh.frame_num if n else 0
        if not sh.nal_ref_idc and abs_frame_num > 0:
            abs_frame_num -= 1
        expected = 0
        if abs_frame_num > 0:
            cycles, in_cycle = divmod(abs_frame_num - 1, n)
            expected = cycles * sum(cycle) + sum(cycle[:in_cycle + 1])
        if not sh.nal_ref_idc:
            expected += sps.offset_for_non_ref_pic
        top = expected + sh.delta_poc[0]
        bottom = top + sps.offset_for_top_to_bottom_field + sh.delta_poc[1]
        return top, bottom

    def picture_done(self, sh, sps, mmco5: bool) -> None:
        """The state after the picture whose count was computed last."""
        if sps.poc_type == 0:
            if sh.nal_ref_idc:
                if mmco5:
                    self.prev_msb, self.prev_lsb = 0, self._top - min(self._top, self._bottom)
                else:
                    self.prev_msb, self.prev_lsb = self._msb, sh.poc_lsb
        else:
            self.prev_offset = 0 if mmco5 else self._offset
        self.prev_frame_num = 0 if mmco5 else sh.frame_num
