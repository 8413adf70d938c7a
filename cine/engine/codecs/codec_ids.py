"""AVCodecID numbers of FFmpeg 5.1.9 by codec name (libavcodec/codec_id.h), as the reference
prints them in messages such as "Codec 'hevc' (173) is not supported by the bitstream filter"
and "Tag ... incompatible with output codec id '27'". Generated data: name=number pairs.
"""
from __future__ import annotations

_TABLE = """\
mpeg1video=1 mpeg2video=2 h261=3 h263=4 rv10=5 rv20=6 mjpeg=7 mjpegb=8 ljpeg=9 sp5x=10 jpegls=11
mpeg4=12 rawvideo=13 msmpeg4v1=14 msmpeg4v2=15 msmpeg4v3=16 wmv1=17 wmv2=18 h263p=19 h263i=20
flv1=21 svq1=22 svq3=23 dvvideo=24 huffyuv=25 cyuv=26 h264=27 indeo3=28 vp3=29 theora=30 asv1=31
asv2=32 ffv1=33 4xm=34 vcr1=35 cljr=36 mdec=37 roq=38 interplayvideo=39 xan_wc3=40 xan_wc4=41
rpza=42 cinepak=43 ws_vqa=44 msrle=45 msvideo1=46 idcin=47 8bps=48 smc=49 flic=50 truemotion1=51
vmdvideo=52 mszh=53 zlib=54 qtrle=55 tscc=56 ulti=57 qdraw=58 vixl=59 qpeg=60 png=61 ppm=62
pbm=63 pgm=64 pgmyuv=65 pam=66 ffvhuff=67 rv30=68 rv40=69 vc1=70 wmv3=71 loco=72 wnv1=73 aasc=74
indeo2=75 fraps=76 truemotion2=77 bmp=78 cscd=79 mmvideo=80 zmbv=81 avs=82 smackvideo=83 nuv=84
kmvc=85 flashsv=86 cavs=87 jpeg2000=88 vmnc=89 vp5=90 vp6=91 vp6f=92 targa=93 dsicinvideo=94
tiertexseqvideo=95 tiff=96 gif=97 dxa=98 dnxhd=99 thp=100 sgi=101 c93=102 bethsoftvid=103
ptx=104 txd=105 vp6a=106 amv=107 vb=108 pcx=109 sunrast=110 indeo4=111 indeo5=112 mimic=113
rl2=114 escape124=115 dirac=116 bfi=117 cmv=118 motionpixels=119 tgv=120 tgq=121 tqi=122
aura=123 aura2=124 v210x=125 tmv=126 v210=127 dpx=128 mad=129 frwu=130 flashsv2=131
cdgraphics=132 r210=133 anm=134 binkvideo=135 iff_ilbm=136 kgv1=137 yop=138 vp8=139 pictor=140
ansi=141 a64_multi=142 a64_multi5=143 r10k=144 mxpeg=145 lagarith=146 prores=147 jv=148 dfa=149
wmv3image=150 vc1image=151 utvideo=152 bmv_video=153 vble=154 dxtory=155 v410=156 xwd=157
cdxl=158 xbm=159 zerocodec=160 mss1=161 msa1=162 tscc2=163 mts2=164 cllc=165 mss2=166 vp9=167
aic=168 escape130=169 g2m=170 webp=171 hnm4video=172 hevc=173 fic=174 alias_pix=175
brender_pix=176 paf_video=177 exr=178 vp7=179 sanm=180 sgirle=181 mvc1=182 mvc2=183 hqx=184
tdsc=185 hq_hqa=186 hap=187 dds=188 dxv=189 screenpresso=190 rscc=191 avs2=192 pgx=193 avs3=194
msp2=195 vvc=196 y41p=197 avrp=198 012v=199 avui=200 ayuv=201 targa_y216=202 v308=203 v408=204
yuv4=205 avrn=206 cpia=207 xface=208 snow=209 smvjpeg=210 apng=211 daala=212 cfhd=213
truemotion2rt=214 m101=215 magicyuv=216 sheervideo=217 ylc=218 psd=219 pixlet=220 speedhq=221
fmvc=222 scpr=223 clearvideo=224 xpm=225 av1=226 bitpacked=227 mscc=228 srgc=229 svg=230 gdv=231
fits=232 imm4=233 prosumer=234 mwsc=235 wcmv=236 rasc=237 hymt=238 arbc=239 agm=240 lscr=241
vp4=242 imm5=243 mvdv=244 mvha=245 cdtoons=246 mv30=247 notchlc=248 pfm=249 mobiclip=250
photocd=251 ipu=252 argo=253 cri=254 simbiosis_imx=255 sga=256 gem=257 vbn=258 jpegxl=259
qoi=260 phm=261 pcm_s16le=65536 pcm_s16be=65537 pcm_u16le=65538 pcm_u16be=65539 pcm_s8=65540
pcm_u8=65541 pcm_mulaw=65542 pcm_alaw=65543 pcm_s32le=65544 pcm_s32be=65545 pcm_u32le=65546
pcm_u32be=65547 pcm_s24le=65548 pcm_s24be=65549 pcm_u24le=65550 pcm_u24be=65551
pcm_s24daud=65552 pcm_s16le_planar=65554 pcm_dvd=65555 pcm_f32be=65556 pcm_f32le=65557
pcm_f64be=65558 pcm_f64le=65559 pcm_bluray=65560 pcm_lxf=65561 s302m=65562 pcm_s8_planar=65563
pcm_s24le_planar=65564 pcm_s32le_planar=65565 pcm_s16be_planar=65566 pcm_s64le=65567
pcm_s64be=65568 pcm_f16le=65569 pcm_f24le=65570 pcm_vidc=65571 pcm_sga=65572 adpcm_ima_qt=69632
adpcm_ima_wav=69633 adpcm_ima_dk3=69634 adpcm_ima_dk4=69635 adpcm_ima_ws=69636
adpcm_ima_smjpeg=69637 adpcm_ms=69638 adpcm_4xm=69639 adpcm_xa=69640 adpcm_adx=69641
adpcm_ea=69642 adpcm_g726=69643 adpcm_ct=69644 adpcm_swf=69645 adpcm_yamaha=69646
adpcm_sbpro_4=69647 adpcm_sbpro_3=69648 adpcm_sbpro_2=69649 adpcm_thp=69650 adpcm_ima_amv=69651
adpcm_ea_r1=69652 adpcm_ea_r3=69653 adpcm_ea_r2=69654 adpcm_ima_ea_sead=69655
adpcm_ima_ea_eacs=69656 adpcm_ea_xas=69657 adpcm_ea_maxis_xa=69658 adpcm_ima_iss=69659
adpcm_g722=69660 adpcm_ima_apc=69661 adpcm_vima=69662 adpcm_afc=69663 adpcm_ima_oki=69664
adpcm_dtk=69665 adpcm_ima_rad=69666 adpcm_g726le=69667 adpcm_thp_le=69668 adpcm_psx=69669
adpcm_aica=69670 adpcm_ima_dat4=69671 adpcm_mtaf=69672 adpcm_agm=69673 adpcm_argo=69674
adpcm_ima_ssi=69675 adpcm_zork=69676 adpcm_ima_apm=69677 adpcm_ima_alp=69678 adpcm_ima_mtf=69679
adpcm_ima_cunning=69680 adpcm_ima_moflex=69681 adpcm_ima_acorn=69682 amr_nb=73728 amr_wb=73729
ra_144=77824 ra_288=77825 roq_dpcm=81920 interplay_dpcm=81921 xan_dpcm=81922 sol_dpcm=81923
sdx2_dpcm=81924 gremlin_dpcm=81925 derf_dpcm=81926 mp2=86016 mp3=86017 aac=86018 ac3=86019
dts=86020 vorbis=86021 dvaudio=86022 wmav1=86023 wmav2=86024 mace3=86025 mace6=86026
vmdaudio=86027 flac=86028 mp3adu=86029 mp3on4=86030 shorten=86031 alac=86032 westwood_snd1=86033
gsm=86034 qdm2=86035 cook=86036 truespeech=86037 tta=86038 smackaudio=86039 qcelp=86040
wavpack=86041 dsicinaudio=86042 imc=86043 musepack7=86044 mlp=86045 gsm_ms=86046 atrac3=86047
ape=86048 nellymoser=86049 musepack8=86050 speex=86051 wmavoice=86052 wmapro=86053
wmalossless=86054 atrac3p=86055 eac3=86056 sipr=86057 mp1=86058 twinvq=86059 truehd=86060
mp4als=86061 atrac1=86062 binkaudio_rdft=86063 binkaudio_dct=86064 aac_latm=86065 qdmc=86066
celt=86067 g723_1=86068 g729=86069 8svx_exp=86070 8svx_fib=86071 bmv_audio=86072 ralf=86073
iac=86074 ilbc=86075 opus=86076 comfortnoise=86077 tak=86078 metasound=86079 paf_audio=86080
avc=86081 dss_sp=86082 codec2=86083 wavesynth=86084 sonic=86085 sonicls=86086 evrc=86087
smv=86088 dsd_lsbf=86089 dsd_msbf=86090 dsd_lsbf_planar=86091 dsd_msbf_planar=86092 4gv=86093
interplayacm=86094 xma1=86095 xma2=86096 dst=86097 atrac3al=86098 atrac3pal=86099 dolby_e=86100
aptx=86101 aptx_hd=86102 sbc=86103 atrac9=86104 hcom=86105 acelp.kelvin=86106
mpegh_3d_audio=86107 siren=86108 hca=86109 fastaudio=86110 msnsiren=86111 dfpwm=86112
dvd_subtitle=94208 dvb_subtitle=94209 text=94210 xsub=94211 ssa=94212 mov_text=94213
hdmv_pgs_subtitle=94214 dvb_teletext=94215 srt=94216 microdvd=94217 eia_608=94218 jacosub=94219
sami=94220 realtext=94221 stl=94222 subviewer1=94223 subviewer=94224 subrip=94225 webvtt=94226
mpl2=94227 vplayer=94228 pjs=94229 ass=94230 hdmv_text_subtitle=94231 ttml=94232
arib_caption=94233 ttf=98304 scte_35=98305 epg=98306 bintext=98307 xbin=98308 idf=98309
otf=98310 klv=98311 dvd_nav_packet=98312 timed_id3=98313 bin_data=98314 mpegts=131072
wrapped_avframe=135169
"""

IDS: dict[str, int] = {k: int(v) for k, v in (t.split("=") for t in _TABLE.split())}


def codec_id(name: str | None) -> int:
    """The AVCodecID number of a codec name; 0 (AV_CODEC_ID_NONE) when unknown."""
    return IDS.get(name or "", 0)
