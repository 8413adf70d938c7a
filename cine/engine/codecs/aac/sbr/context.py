"""The SBR state of one channel element (FFmpeg's SpectralBandReplication and its two
SBRData): what the bitstream said (parsed in Python) and the filter banks' and adjustment's
memories (numpy arrays the kernels update)."""
from __future__ import annotations

MAX_ENV = 5
BANDS = 48


class SbrChannel:
    """The parsed side of one channel's SBRData."""

    def __init__(self) -> None:
        self.num_env = 0
        self.num_noise = 0
        self.freq_res = [0] * 7
        self.amp_res = 0
        self.t_env = [0] * 8
        self.env_old = 0            # t_env[num_env] of the previous frame
        self.t_q = [0] * 3
        self.frame_class = 0
        self.e_a = [0, -1]
        self.df_env = [0] * 5
        self.df_noise = [0] * 2
        self.invf = [[0] * 5, [0] * 5]
        self.env_q = [[0] * BANDS for _ in range(MAX_ENV + 1)]
        self.noise_q = [[0] * 5 for _ in range(3)]
        self.harm_flag = 0
        self.harm = [0] * BANDS


class SbrContext:
    """One channel element's SBR: header state, band tables, both channels' data and the
    DSP memories (allocated by apply.new_memories)."""

    def __init__(self, id_aac: int) -> None:
        self.id_aac = id_aac
        self.sample_rate = 0
        self.start = 0
        self.ready = 0              # ready_for_dequant
        self.reset = 0
        self.kx = [0, 0]
        self.m = [0, 0]
        self.pushed = 0             # kx_and_m_pushed
        self.amp_res_header = 0
        self.spectrum = None        # (start, stop, xover, freq_scale, alter_scale, noise_bands)
        self.limiter_bands = 0
        self.limiter_gains = 0
        self.interpol_freq = 0
        self.smoothing = 0
        self.coupling = 0
        self.tables = None          # freq_tables.BandTables
        self.ch = [SbrChannel(), SbrChannel()]
        self.ps = None              # the parametric stereo state, made when first needed
        self.mem = None             # the kernels' memories (apply.py)
        self.kx[0] = self.kx[1]
        self.turnoff()

    def turnoff(self) -> None:
        """sbr_turnoff: pure upsampling until the next header."""
        self.start = 0
        self.ready = 0
        self.kx[1] = 32
        self.m[1] = 0
        self.ch[0].e_a[1] = self.ch[1].e_a[1] = -1
        self.spectrum = None

    @property
    def n(self) -> tuple[int, int]:
        t = self.tables
        return (t.n_low, t.n_high) if t is not None else (0, 0)

    @property
    def n_q(self) -> int:
        return self.tables.n_q if self.tables is not None else 0
