"""sbr_grid(), sbr_dtdf() and sbr_invf() (ISO/IEC 14496-3 tables 4.66-4.68): the time
borders of a frame's envelopes and noise floors, their delta coding directions and the
inverse filtering modes. Errors log the reference's line and return False."""
from __future__ import annotations

from .context import SbrChannel

FIXFIX, FIXVAR, VARFIX, VARVAR = range(4)
_POINTER_BITS = (0, 1, 2, 2, 3, 3)          # ceil(log2(num_env + 1))
_SLOTS = 16                                  # time slots of a 1024-sample frame


def read_grid(br, ch: SbrChannel, amp_res_header: int, log) -> bool:
    t = ch.t_env
    old_num_env = ch.num_env
    ch.freq_res[0] = ch.freq_res[ch.num_env]
    ch.amp_res = amp_res_header
    ch.env_old = t[old_num_env]
    trail = _SLOTS
    pointer = 0
    frame_class = br.u(2)
    if frame_class == FIXFIX:
        num_env = 1 << br.u(2)
        if num_env > 5:
            log.error("Invalid bitstream, too many SBR envelopes in FIXFIX type SBR frame: %d\n"
                      % num_env)
            return False
        ch.num_env = num_env
        if num_env == 1:
            ch.amp_res = 0
        t[0] = 0
        t[num_env] = trail
        step = (trail + (num_env >> 1)) // num_env
        for i in range(num_env - 1):
            t[i + 1] = (t[i] + step) & 0xFF
        res = br.u(1)
        for i in range(1, num_env + 1):
            ch.freq_res[i] = res
    elif frame_class == FIXVAR:
        trail += br.u(2)
        num_rel = br.u(2)
        num_env = ch.num_env = num_rel + 1
        t[0] = 0
        t[num_env] = trail
        for i in range(num_rel):
            t[num_env - 1 - i] = (t[num_env - i] - 2 * br.u(2) - 2) & 0xFF
        pointer = br.u(_POINTER_BITS[num_env])
        for i in range(num_env):
            ch.freq_res[num_env - i] = br.u(1)
    elif frame_class == VARFIX:
        t[0] = br.u(2)
        num_rel = br.u(2)
        num_env = ch.num_env = num_rel + 1
        t[num_env] = trail
        for i in range(num_rel):
            t[i + 1] = (t[i] + 2 * br.u(2) + 2) & 0xFF
        pointer = br.u(_POINTER_BITS[num_env])
        for i in range(num_env):
            ch.freq_res[i + 1] = br.u(1)
    else:
        t[0] = br.u(2)
        trail += br.u(2)
        lead = br.u(2)
        rel_trail = br.u(2)
        num_env = lead + rel_trail + 1
        if num_env > 5:
            log.error("Invalid bitstream, too many SBR envelopes in VARVAR type SBR frame: %d\n"
                      % num_env)
            return False
        ch.num_env = num_env
        t[num_env] = trail
        for i in range(lead):
            t[i + 1] = (t[i] + 2 * br.u(2) + 2) & 0xFF
        for i in range(rel_trail):
            t[num_env - 1 - i] = (t[num_env - i] - 2 * br.u(2) - 2) & 0xFF
        pointer = br.u(_POINTER_BITS[num_env])
        for i in range(num_env):
            ch.freq_res[i + 1] = br.u(1)
    ch.frame_class = frame_class
    num_env = ch.num_env
    if pointer > num_env + 1:
        log.error("Invalid bitstream, bs_pointer points to a middle noise border outside the "
                  "time borders table: %d\n" % pointer)
        return False
    for i in range(1, num_env + 1):
        if t[i - 1] >= t[i]:
            log.error("Not strictly monotone time borders\n")
            return False
    ch.num_noise = 2 if num_env > 1 else 1
    ch.t_q[0] = t[0]
    ch.t_q[ch.num_noise] = t[num_env]
    if ch.num_noise > 1:
        if frame_class == FIXFIX:
            idx = num_env >> 1
        elif frame_class & 1:
            idx = num_env - max(pointer - 1, 1)
        elif not pointer:
            idx = 1
        elif pointer == 1:
            idx = num_env - 1
        else:
            idx = pointer - 1
        ch.t_q[1] = t[idx]
    ch.e_a[0] = -1 if ch.e_a[1] != old_num_env else 0
    ch.e_a[1] = -1
    if frame_class & 1 and pointer:
        ch.e_a[1] = num_env + 1 - pointer
    elif frame_class == VARFIX and pointer > 1:
        ch.e_a[1] = pointer - 1
    return True


def copy_grid(dst: SbrChannel, src: SbrChannel) -> None:
    """The second channel of a coupled pair takes the first one's grid."""
    dst.freq_res[0] = dst.freq_res[dst.num_env]
    dst.env_old = dst.t_env[dst.num_env]
    dst.e_a[0] = -1 if dst.e_a[1] != dst.num_env else 0
    dst.freq_res[1:] = src.freq_res[1:]
    dst.t_env[:] = src.t_env
    dst.t_q[:] = src.t_q
    dst.num_env = src.num_env
    dst.amp_res = src.amp_res
    dst.num_noise = src.num_noise
    dst.frame_class = src.frame_class
    dst.e_a[1] = src.e_a[1]


def read_dtdf(br, ch: SbrChannel) -> None:
    for i in range(ch.num_env):
        ch.df_env[i] = br.u(1)
    for i in range(ch.num_noise):
        ch.df_noise[i] = br.u(1)


def read_invf(br, ch: SbrChannel, n_q: int) -> None:
    ch.invf[1][:] = ch.invf[0]
    for i in range(n_q):
        ch.invf[0][i] = br.u(2)
