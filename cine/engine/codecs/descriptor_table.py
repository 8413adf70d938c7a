"""Codec descriptors of FFmpeg 5.1.9 as its `-codecs` listing shows them (Debian build):
name, media type (v a s d t), whether a decoder exists (D), properties (I intra-only, L lossy,
S lossless) and the long name. Generated from the reference tool's observable output.
"""

TABLE = """\
012v|v|D|I-S|Uncompressed 4:2:2 10-bit
4xm|v|D|-L-|4X Movie
8bps|v|D|I-S|QuickTime 8BPS video
a64_multi|v|-|IL-|Multicolor charset for Commodore 64
a64_multi5|v|-|IL-|Multicolor charset for Commodore 64, extended with 5th color (colram)
aasc|v|D|--S|Autodesk RLE
agm|v|D|-L-|Amuse Graphics Movie
aic|v|D|IL-|Apple Intermediate Codec
alias_pix|v|D|I-S|Alias/Wavefront PIX image
amv|v|D|IL-|AMV Video
anm|v|D|-L-|Deluxe Paint Animation
ansi|v|D|-L-|ASCII/ANSI art
apng|v|D|--S|APNG (Animated Portable Network Graphics) image
arbc|v|D|-L-|Gryphon's Anim Compressor
argo|v|D|-L-|Argonaut Games Video
asv1|v|D|IL-|ASUS V1
asv2|v|D|IL-|ASUS V2
aura|v|D|IL-|Auravision AURA
aura2|v|D|IL-|Auravision Aura 2
av1|v|D|-L-|Alliance for Open Media AV1
avrn|v|D|---|Avid AVI Codec
avrp|v|D|I-S|Avid 1:1 10-bit RGB Packer
avs|v|D|-L-|AVS (Audio Video Standard) video
avs2|v|-|-L-|AVS2-P2/IEEE1857.4
avs3|v|-|-L-|AVS3-P2/IEEE1857.10
avui|v|D|I-S|Avid Meridien Uncompressed
ayuv|v|D|I-S|Uncompressed packed MS 4:4:4:4
bethsoftvid|v|D|-L-|Bethesda VID video
bfi|v|D|-L-|Brute Force & Ignorance
binkvideo|v|D|-L-|Bink video
bintext|v|D|I--|Binary text
bitpacked|v|D|I-S|Bitpacked
bmp|v|D|I-S|BMP (Windows and OS/2 bitmap)
bmv_video|v|D|--S|Discworld II BMV video
brender_pix|v|D|I-S|BRender PIX image
c93|v|D|-L-|Interplay C93
cavs|v|D|-L-|Chinese AVS (Audio Video Standard) (AVS1-P2, JiZhun profile)
cdgraphics|v|D|-L-|CD Graphics video
cdtoons|v|D|--S|CDToons video
cdxl|v|D|IL-|Commodore CDXL video
cfhd|v|D|-L-|GoPro CineForm HD
cinepak|v|D|-L-|Cinepak
clearvideo|v|D|-L-|Iterated Systems ClearVideo
cljr|v|D|IL-|Cirrus Logic AccuPak
cllc|v|D|I-S|Canopus Lossless Codec
cmv|v|D|-L-|Electronic Arts CMV video
cpia|v|D|---|CPiA video format
cri|v|D|ILS|Cintel RAW
cscd|v|D|--S|CamStudio
cyuv|v|D|IL-|Creative YUV (CYUV)
daala|v|-|-LS|Daala
dds|v|D|ILS|DirectDraw Surface image decoder
dfa|v|D|-L-|Chronomaster DFA
dirac|v|D|-LS|Dirac
dnxhd|v|D|IL-|VC3/DNxHD
dpx|v|D|I-S|DPX (Digital Picture Exchange) image
dsicinvideo|v|D|-L-|Delphine Software International CIN video
dvvideo|v|D|IL-|DV (Digital Video)
dxa|v|D|--S|Feeble Files/ScummVM DXA
dxtory|v|D|I-S|Dxtory
dxv|v|D|IL-|Resolume DXV
escape124|v|D|-L-|Escape 124
escape130|v|D|-L-|Escape 130
exr|v|D|ILS|OpenEXR image
ffv1|v|D|--S|FFmpeg video codec #1
ffvhuff|v|D|I-S|Huffyuv FFmpeg variant
fic|v|D|-L-|Mirillis FIC
fits|v|D|I-S|FITS (Flexible Image Transport System)
flashsv|v|D|--S|Flash Screen Video v1
flashsv2|v|D|-L-|Flash Screen Video v2
flic|v|D|--S|Autodesk Animator Flic video
flv1|v|D|-L-|FLV / Sorenson Spark / Sorenson H.263 (Flash Video)
fmvc|v|D|--S|FM Screen Capture Codec
fraps|v|D|I-S|Fraps
frwu|v|D|I-S|Forward Uncompressed
g2m|v|D|-L-|Go2Meeting
gdv|v|D|-L-|Gremlin Digital Video
gem|v|D|-L-|GEM Raster image
gif|v|D|--S|CompuServe GIF (Graphics Interchange Format)
h261|v|D|-L-|H.261
h263|v|D|-L-|H.263 / H.263-1996, H.263+ / H.263-1998 / H.263 version 2
h263i|v|D|-L-|Intel H.263
h263p|v|D|-L-|H.263+ / H.263-1998 / H.263 version 2
h264|v|D|-LS|H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10
hap|v|D|IL-|Vidvox Hap
hevc|v|D|-L-|H.265 / HEVC (High Efficiency Video Coding)
hnm4video|v|D|-L-|HNM 4 video
hq_hqa|v|D|IL-|Canopus HQ/HQA
hqx|v|D|IL-|Canopus HQX
huffyuv|v|D|I-S|HuffYUV
hymt|v|D|I-S|HuffYUV MT
idcin|v|D|-L-|id Quake II CIN video
idf|v|D|I--|iCEDraw text
iff_ilbm|v|D|-L-|IFF ACBM/ANIM/DEEP/ILBM/PBM/RGB8/RGBN
imm4|v|D|-L-|Infinity IMM4
imm5|v|D|-L-|Infinity IMM5
indeo2|v|D|-L-|Intel Indeo 2
indeo3|v|D|-L-|Intel Indeo 3
indeo4|v|D|-L-|Intel Indeo Video Interactive 4
indeo5|v|D|-L-|Intel Indeo Video Interactive 5
interplayvideo|v|D|-L-|Interplay MVE video
ipu|v|D|IL-|IPU Video
jpeg2000|v|D|ILS|JPEG 2000
jpegls|v|D|ILS|JPEG-LS
jpegxl|v|D|ILS|JPEG XL
jv|v|D|IL-|Bitmap Brothers JV video
kgv1|v|D|-L-|Kega Game Video
kmvc|v|D|-L-|Karl Morton's video codec
lagarith|v|D|I-S|Lagarith lossless
ljpeg|v|-|I-S|Lossless JPEG
loco|v|D|I-S|LOCO
lscr|v|D|-L-|LEAD Screen Capture
m101|v|D|I-S|Matrox Uncompressed SD
mad|v|D|-L-|Electronic Arts Madcow Video
magicyuv|v|D|I-S|MagicYUV video
mdec|v|D|IL-|Sony PlayStation MDEC (Motion DECoder)
mimic|v|D|-L-|Mimic
mjpeg|v|D|IL-|Motion JPEG
mjpegb|v|D|IL-|Apple MJPEG-B
mmvideo|v|D|-L-|American Laser Games MM Video
mobiclip|v|D|-L-|MobiClip Video
motionpixels|v|D|-L-|Motion Pixels video
mpeg1video|v|D|-L-|MPEG-1 video
mpeg2video|v|D|-L-|MPEG-2 video
mpeg4|v|D|-L-|MPEG-4 part 2
msa1|v|D|-L-|MS ATC Screen
mscc|v|D|I-S|Mandsoft Screen Capture Codec
msmpeg4v1|v|D|-L-|MPEG-4 part 2 Microsoft variant version 1
msmpeg4v2|v|D|-L-|MPEG-4 part 2 Microsoft variant version 2
msmpeg4v3|v|D|-L-|MPEG-4 part 2 Microsoft variant version 3
msp2|v|D|I-S|Microsoft Paint (MSP) version 2
msrle|v|D|--S|Microsoft RLE
mss1|v|D|-L-|MS Screen 1
mss2|v|D|IL-|MS Windows Media Video V9 Screen
msvideo1|v|D|-L-|Microsoft Video 1
mszh|v|D|I-S|LCL (LossLess Codec Library) MSZH
mts2|v|D|-L-|MS Expression Encoder Screen
mv30|v|D|-L-|MidiVid 3.0
mvc1|v|D|IL-|Silicon Graphics Motion Video Compressor 1
mvc2|v|D|IL-|Silicon Graphics Motion Video Compressor 2
mvdv|v|D|-L-|MidiVid VQ
mvha|v|D|IL-|MidiVid Archive Codec
mwsc|v|D|--S|MatchWare Screen Capture Codec
mxpeg|v|D|-L-|Mobotix MxPEG video
notchlc|v|D|IL-|NotchLC
nuv|v|D|-L-|NuppelVideo/RTJPEG
paf_video|v|D|-L-|Amazing Studio Packed Animation File Video
pam|v|D|I-S|PAM (Portable AnyMap) image
pbm|v|D|I-S|PBM (Portable BitMap) image
pcx|v|D|I-S|PC Paintbrush PCX image
pfm|v|D|I-S|PFM (Portable FloatMap) image
pgm|v|D|I-S|PGM (Portable GrayMap) image
pgmyuv|v|D|I-S|PGMYUV (Portable GrayMap YUV) image
pgx|v|D|I-S|PGX (JPEG2000 Test Format)
phm|v|D|I-S|PHM (Portable HalfFloatMap) image
photocd|v|D|-L-|Kodak Photo CD
pictor|v|D|IL-|Pictor/PC Paint
pixlet|v|D|IL-|Apple Pixlet
png|v|D|--S|PNG (Portable Network Graphics) image
ppm|v|D|I-S|PPM (Portable PixelMap) image
prores|v|D|IL-|Apple ProRes (iCodec Pro)
prosumer|v|D|IL-|Brooktree ProSumer Video
psd|v|D|I-S|Photoshop PSD file
ptx|v|D|IL-|V.Flash PTX image
qdraw|v|D|I-S|Apple QuickDraw
qoi|v|D|I-S|QOI (Quite OK Image)
qpeg|v|D|-L-|Q-team QPEG
qtrle|v|D|--S|QuickTime Animation (RLE) video
r10k|v|D|I-S|AJA Kona 10-bit RGB Codec
r210|v|D|I-S|Uncompressed RGB 10-bit
rasc|v|D|-L-|RemotelyAnywhere Screen Capture
rawvideo|v|D|I-S|raw video
rl2|v|D|IL-|RL2 video
roq|v|D|-L-|id RoQ video
rpza|v|D|-L-|QuickTime video (RPZA)
rscc|v|D|--S|innoHeim/Rsupport Screen Capture Codec
rv10|v|D|-L-|RealVideo 1.0
rv20|v|D|-L-|RealVideo 2.0
rv30|v|D|-L-|RealVideo 3.0
rv40|v|D|-L-|RealVideo 4.0
sanm|v|D|-L-|LucasArts SANM/SMUSH video
scpr|v|D|-LS|ScreenPressor
screenpresso|v|D|--S|Screenpresso
sga|v|D|-L-|Digital Pictures SGA Video
sgi|v|D|I-S|SGI image
sgirle|v|D|I-S|SGI RLE 8-bit
sheervideo|v|D|I-S|BitJazz SheerVideo
simbiosis_imx|v|D|-L-|Simbiosis Interactive IMX Video
smackvideo|v|D|-L-|Smacker video
smc|v|D|-L-|QuickTime Graphics (SMC)
smvjpeg|v|D|IL-|Sigmatel Motion Video
snow|v|D|-LS|Snow
sp5x|v|D|IL-|Sunplus JPEG (SP5X)
speedhq|v|D|IL-|NewTek SpeedHQ
srgc|v|D|I-S|Screen Recorder Gold Codec
sunrast|v|D|I-S|Sun Rasterfile image
svg|v|D|--S|Scalable Vector Graphics
svq1|v|D|-L-|Sorenson Vector Quantizer 1 / Sorenson Video 1 / SVQ1
svq3|v|D|-L-|Sorenson Vector Quantizer 3 / Sorenson Video 3 / SVQ3
targa|v|D|I-S|Truevision Targa image
targa_y216|v|D|I-S|Pinnacle TARGA CineWave YUV16
tdsc|v|D|-L-|TDSC
tgq|v|D|-L-|Electronic Arts TGQ video
tgv|v|D|-L-|Electronic Arts TGV video
theora|v|D|-L-|Theora
thp|v|D|IL-|Nintendo Gamecube THP video
tiertexseqvideo|v|D|-L-|Tiertex Limited SEQ video
tiff|v|D|I-S|TIFF image
tmv|v|D|IL-|8088flex TMV
tqi|v|D|-L-|Electronic Arts TQI video
truemotion1|v|D|-L-|Duck TrueMotion 1.0
truemotion2|v|D|-L-|Duck TrueMotion 2.0
truemotion2rt|v|D|IL-|Duck TrueMotion 2.0 Real Time
tscc|v|D|--S|TechSmith Screen Capture Codec
tscc2|v|D|-L-|TechSmith Screen Codec 2
txd|v|D|IL-|Renderware TXD (TeXture Dictionary) image
ulti|v|D|-L-|IBM UltiMotion
utvideo|v|D|I-S|Ut Video
v210|v|D|I-S|Uncompressed 4:2:2 10-bit
v210x|v|D|I-S|Uncompressed 4:2:2 10-bit
v308|v|D|I-S|Uncompressed packed 4:4:4
v408|v|D|I-S|Uncompressed packed QT 4:4:4:4
v410|v|D|I-S|Uncompressed 4:4:4 10-bit
vb|v|D|-L-|Beam Software VB
vble|v|D|I-S|VBLE Lossless Codec
vbn|v|D|-L-|Vizrt Binary Image
vc1|v|D|-L-|SMPTE VC-1
vc1image|v|D|-L-|Windows Media Video 9 Image v2
vcr1|v|D|IL-|ATI VCR1
vixl|v|D|IL-|Miro VideoXL
vmdvideo|v|D|-L-|Sierra VMD video
vmnc|v|D|--S|VMware Screen Codec / VMware Video
vp3|v|D|-L-|On2 VP3
vp4|v|D|-L-|On2 VP4
vp5|v|D|-L-|On2 VP5
vp6|v|D|-L-|On2 VP6
vp6a|v|D|-L-|On2 VP6 (Flash version, with alpha channel)
vp6f|v|D|-L-|On2 VP6 (Flash version)
vp7|v|D|-L-|On2 VP7
vp8|v|D|-L-|On2 VP8
vp9|v|D|-L-|Google VP9
vvc|v|-|-L-|H.266 / VVC (Versatile Video Coding)
wcmv|v|D|--S|WinCAM Motion Video
webp|v|D|ILS|WebP
wmv1|v|D|-L-|Windows Media Video 7
wmv2|v|D|-L-|Windows Media Video 8
wmv3|v|D|-L-|Windows Media Video 9
wmv3image|v|D|-L-|Windows Media Video 9 Image
wnv1|v|D|IL-|Winnov WNV1
wrapped_avframe|v|D|--S|AVFrame to AVPacket passthrough
ws_vqa|v|D|-L-|Westwood Studios VQA (Vector Quantized Animation) video
xan_wc3|v|D|-L-|Wing Commander III / Xan
xan_wc4|v|D|-L-|Wing Commander IV / Xxan
xbin|v|D|I--|eXtended BINary text
xbm|v|D|I-S|XBM (X BitMap) image
xface|v|D|IL-|X-face image
xpm|v|D|I-S|XPM (X PixMap) image
xwd|v|D|I-S|XWD (X Window Dump) image
y41p|v|D|I-S|Uncompressed YUV 4:1:1 12-bit
ylc|v|D|I-S|YUY2 Lossless Codec
yop|v|D|-L-|Psygnosis YOP Video
yuv4|v|D|I-S|Uncompressed packed 4:2:0
zerocodec|v|D|--S|ZeroCodec Lossless Video
zlib|v|D|I-S|LCL (LossLess Codec Library) ZLIB
zmbv|v|D|--S|Zip Motion Blocks Video
4gv|a|-|IL-|4GV (Fourth Generation Vocoder)
8svx_exp|a|D|IL-|8SVX exponential
8svx_fib|a|D|IL-|8SVX fibonacci
aac|a|D|IL-|AAC (Advanced Audio Coding)
aac_latm|a|D|IL-|AAC LATM (Advanced Audio Coding LATM syntax)
ac3|a|D|IL-|ATSC A/52A (AC-3)
acelp.kelvin|a|D|IL-|Sipro ACELP.KELVIN
adpcm_4xm|a|D|IL-|ADPCM 4X Movie
adpcm_adx|a|D|IL-|SEGA CRI ADX ADPCM
adpcm_afc|a|D|IL-|ADPCM Nintendo Gamecube AFC
adpcm_agm|a|D|IL-|ADPCM AmuseGraphics Movie AGM
adpcm_aica|a|D|IL-|ADPCM Yamaha AICA
adpcm_argo|a|D|IL-|ADPCM Argonaut Games
adpcm_ct|a|D|IL-|ADPCM Creative Technology
adpcm_dtk|a|D|IL-|ADPCM Nintendo Gamecube DTK
adpcm_ea|a|D|IL-|ADPCM Electronic Arts
adpcm_ea_maxis_xa|a|D|IL-|ADPCM Electronic Arts Maxis CDROM XA
adpcm_ea_r1|a|D|IL-|ADPCM Electronic Arts R1
adpcm_ea_r2|a|D|IL-|ADPCM Electronic Arts R2
adpcm_ea_r3|a|D|IL-|ADPCM Electronic Arts R3
adpcm_ea_xas|a|D|IL-|ADPCM Electronic Arts XAS
adpcm_g722|a|D|IL-|G.722 ADPCM
adpcm_g726|a|D|IL-|G.726 ADPCM
adpcm_g726le|a|D|IL-|G.726 ADPCM little-endian
adpcm_ima_acorn|a|D|IL-|ADPCM IMA Acorn Replay
adpcm_ima_alp|a|D|IL-|ADPCM IMA High Voltage Software ALP
adpcm_ima_amv|a|D|IL-|ADPCM IMA AMV
adpcm_ima_apc|a|D|IL-|ADPCM IMA CRYO APC
adpcm_ima_apm|a|D|IL-|ADPCM IMA Ubisoft APM
adpcm_ima_cunning|a|D|IL-|ADPCM IMA Cunning Developments
adpcm_ima_dat4|a|D|IL-|ADPCM IMA Eurocom DAT4
adpcm_ima_dk3|a|D|IL-|ADPCM IMA Duck DK3
adpcm_ima_dk4|a|D|IL-|ADPCM IMA Duck DK4
adpcm_ima_ea_eacs|a|D|IL-|ADPCM IMA Electronic Arts EACS
adpcm_ima_ea_sead|a|D|IL-|ADPCM IMA Electronic Arts SEAD
adpcm_ima_iss|a|D|IL-|ADPCM IMA Funcom ISS
adpcm_ima_moflex|a|D|IL-|ADPCM IMA MobiClip MOFLEX
adpcm_ima_mtf|a|D|IL-|ADPCM IMA Capcom's MT Framework
adpcm_ima_oki|a|D|IL-|ADPCM IMA Dialogic OKI
adpcm_ima_qt|a|D|IL-|ADPCM IMA QuickTime
adpcm_ima_rad|a|D|IL-|ADPCM IMA Radical
adpcm_ima_smjpeg|a|D|IL-|ADPCM IMA Loki SDL MJPEG
adpcm_ima_ssi|a|D|IL-|ADPCM IMA Simon & Schuster Interactive
adpcm_ima_wav|a|D|IL-|ADPCM IMA WAV
adpcm_ima_ws|a|D|IL-|ADPCM IMA Westwood
adpcm_ms|a|D|IL-|ADPCM Microsoft
adpcm_mtaf|a|D|IL-|ADPCM MTAF
adpcm_psx|a|D|IL-|ADPCM Playstation
adpcm_sbpro_2|a|D|IL-|ADPCM Sound Blaster Pro 2-bit
adpcm_sbpro_3|a|D|IL-|ADPCM Sound Blaster Pro 2.6-bit
adpcm_sbpro_4|a|D|IL-|ADPCM Sound Blaster Pro 4-bit
adpcm_swf|a|D|IL-|ADPCM Shockwave Flash
adpcm_thp|a|D|IL-|ADPCM Nintendo THP
adpcm_thp_le|a|D|IL-|ADPCM Nintendo THP (Little-Endian)
adpcm_vima|a|D|IL-|LucasArts VIMA audio
adpcm_xa|a|D|IL-|ADPCM CDROM XA
adpcm_yamaha|a|D|IL-|ADPCM Yamaha
adpcm_zork|a|D|IL-|ADPCM Zork
alac|a|D|I-S|ALAC (Apple Lossless Audio Codec)
amr_nb|a|D|IL-|AMR-NB (Adaptive Multi-Rate NarrowBand)
amr_wb|a|D|IL-|AMR-WB (Adaptive Multi-Rate WideBand)
ape|a|D|I-S|Monkey's Audio
aptx|a|D|IL-|aptX (Audio Processing Technology for Bluetooth)
aptx_hd|a|D|IL-|aptX HD (Audio Processing Technology for Bluetooth)
atrac1|a|D|IL-|ATRAC1 (Adaptive TRansform Acoustic Coding)
atrac3|a|D|IL-|ATRAC3 (Adaptive TRansform Acoustic Coding 3)
atrac3al|a|D|I-S|ATRAC3 AL (Adaptive TRansform Acoustic Coding 3 Advanced Lossless)
atrac3p|a|D|IL-|ATRAC3+ (Adaptive TRansform Acoustic Coding 3+)
atrac3pal|a|D|I-S|ATRAC3+ AL (Adaptive TRansform Acoustic Coding 3+ Advanced Lossless)
atrac9|a|D|IL-|ATRAC9 (Adaptive TRansform Acoustic Coding 9)
avc|a|D|IL-|On2 Audio for Video Codec
binkaudio_dct|a|D|IL-|Bink Audio (DCT)
binkaudio_rdft|a|D|IL-|Bink Audio (RDFT)
bmv_audio|a|D|IL-|Discworld II BMV audio
celt|a|-|IL-|Constrained Energy Lapped Transform (CELT)
codec2|a|D|IL-|codec2 (very low bitrate speech codec)
comfortnoise|a|D|IL-|RFC 3389 Comfort Noise
cook|a|D|IL-|Cook / Cooker / Gecko (RealAudio G2)
derf_dpcm|a|D|IL-|DPCM Xilam DERF
dfpwm|a|D|-L-|DFPWM (Dynamic Filter Pulse Width Modulation)
dolby_e|a|D|IL-|Dolby E
dsd_lsbf|a|D|IL-|DSD (Direct Stream Digital), least significant bit first
dsd_lsbf_planar|a|D|IL-|DSD (Direct Stream Digital), least significant bit first, planar
dsd_msbf|a|D|IL-|DSD (Direct Stream Digital), most significant bit first
dsd_msbf_planar|a|D|IL-|DSD (Direct Stream Digital), most significant bit first, planar
dsicinaudio|a|D|IL-|Delphine Software International CIN audio
dss_sp|a|D|IL-|Digital Speech Standard - Standard Play mode (DSS SP)
dst|a|D|I-S|DST (Direct Stream Transfer)
dts|a|D|ILS|DCA (DTS Coherent Acoustics)
dvaudio|a|D|IL-|DV audio
eac3|a|D|IL-|ATSC A/52B (AC-3, E-AC-3)
evrc|a|D|IL-|EVRC (Enhanced Variable Rate Codec)
fastaudio|a|D|IL-|MobiClip FastAudio
flac|a|D|I-S|FLAC (Free Lossless Audio Codec)
g723_1|a|D|IL-|G.723.1
g729|a|D|IL-|G.729
gremlin_dpcm|a|D|IL-|DPCM Gremlin
gsm|a|D|IL-|GSM
gsm_ms|a|D|IL-|GSM Microsoft variant
hca|a|D|IL-|CRI HCA
hcom|a|D|IL-|HCOM Audio
iac|a|D|IL-|IAC (Indeo Audio Coder)
ilbc|a|D|IL-|iLBC (Internet Low Bitrate Codec)
imc|a|D|IL-|IMC (Intel Music Coder)
interplay_dpcm|a|D|IL-|DPCM Interplay
interplayacm|a|D|IL-|Interplay ACM
mace3|a|D|IL-|MACE (Macintosh Audio Compression/Expansion) 3:1
mace6|a|D|IL-|MACE (Macintosh Audio Compression/Expansion) 6:1
metasound|a|D|IL-|Voxware MetaSound
mlp|a|D|--S|MLP (Meridian Lossless Packing)
mp1|a|D|IL-|MP1 (MPEG audio layer 1)
mp2|a|D|IL-|MP2 (MPEG audio layer 2)
mp3|a|D|IL-|MP3 (MPEG audio layer 3)
mp3adu|a|D|IL-|ADU (Application Data Unit) MP3 (MPEG audio layer 3)
mp3on4|a|D|IL-|MP3onMP4
mp4als|a|D|I-S|MPEG-4 Audio Lossless Coding (ALS)
mpegh_3d_audio|a|-|-L-|MPEG-H 3D Audio
msnsiren|a|D|IL-|MSN Siren
musepack7|a|D|IL-|Musepack SV7
musepack8|a|D|IL-|Musepack SV8
nellymoser|a|D|IL-|Nellymoser Asao
opus|a|D|IL-|Opus (Opus Interactive Audio Codec)
paf_audio|a|D|IL-|Amazing Studio Packed Animation File Audio
pcm_alaw|a|D|IL-|PCM A-law / G.711 A-law
pcm_bluray|a|D|I-S|PCM signed 16|20|24-bit big-endian for Blu-ray media
pcm_dvd|a|D|I-S|PCM signed 20|24-bit big-endian
pcm_f16le|a|D|I-S|PCM 16.8 floating point little-endian
pcm_f24le|a|D|I-S|PCM 24.0 floating point little-endian
pcm_f32be|a|D|I-S|PCM 32-bit floating point big-endian
pcm_f32le|a|D|I-S|PCM 32-bit floating point little-endian
pcm_f64be|a|D|I-S|PCM 64-bit floating point big-endian
pcm_f64le|a|D|I-S|PCM 64-bit floating point little-endian
pcm_lxf|a|D|I-S|PCM signed 20-bit little-endian planar
pcm_mulaw|a|D|IL-|PCM mu-law / G.711 mu-law
pcm_s16be|a|D|I-S|PCM signed 16-bit big-endian
pcm_s16be_planar|a|D|I-S|PCM signed 16-bit big-endian planar
pcm_s16le|a|D|I-S|PCM signed 16-bit little-endian
pcm_s16le_planar|a|D|I-S|PCM signed 16-bit little-endian planar
pcm_s24be|a|D|I-S|PCM signed 24-bit big-endian
pcm_s24daud|a|D|I-S|PCM D-Cinema audio signed 24-bit
pcm_s24le|a|D|I-S|PCM signed 24-bit little-endian
pcm_s24le_planar|a|D|I-S|PCM signed 24-bit little-endian planar
pcm_s32be|a|D|I-S|PCM signed 32-bit big-endian
pcm_s32le|a|D|I-S|PCM signed 32-bit little-endian
pcm_s32le_planar|a|D|I-S|PCM signed 32-bit little-endian planar
pcm_s64be|a|D|I-S|PCM signed 64-bit big-endian
pcm_s64le|a|D|I-S|PCM signed 64-bit little-endian
pcm_s8|a|D|I-S|PCM signed 8-bit
pcm_s8_planar|a|D|I-S|PCM signed 8-bit planar
pcm_sga|a|D|I-S|PCM SGA
pcm_u16be|a|D|I-S|PCM unsigned 16-bit big-endian
pcm_u16le|a|D|I-S|PCM unsigned 16-bit little-endian
pcm_u24be|a|D|I-S|PCM unsigned 24-bit big-endian
pcm_u24le|a|D|I-S|PCM unsigned 24-bit little-endian
pcm_u32be|a|D|I-S|PCM unsigned 32-bit big-endian
pcm_u32le|a|D|I-S|PCM unsigned 32-bit little-endian
pcm_u8|a|D|I-S|PCM unsigned 8-bit
pcm_vidc|a|D|IL-|PCM Archimedes VIDC
qcelp|a|D|IL-|QCELP / PureVoice
qdm2|a|D|IL-|QDesign Music Codec 2
qdmc|a|D|IL-|QDesign Music
ra_144|a|D|IL-|RealAudio 1.0 (14.4K)
ra_288|a|D|IL-|RealAudio 2.0 (28.8K)
ralf|a|D|I-S|RealAudio Lossless
roq_dpcm|a|D|IL-|DPCM id RoQ
s302m|a|D|I-S|SMPTE 302M
sbc|a|D|IL-|SBC (low-complexity subband codec)
sdx2_dpcm|a|D|IL-|DPCM Squareroot-Delta-Exact
shorten|a|D|I-S|Shorten
sipr|a|D|IL-|RealAudio SIPR / ACELP.NET
siren|a|D|IL-|Siren
smackaudio|a|D|IL-|Smacker audio
smv|a|-|IL-|SMV (Selectable Mode Vocoder)
sol_dpcm|a|D|IL-|DPCM Sol
sonic|a|D|I--|Sonic
sonicls|a|-|I--|Sonic lossless
speex|a|D|IL-|Speex
tak|a|D|--S|TAK (Tom's lossless Audio Kompressor)
truehd|a|D|--S|TrueHD
truespeech|a|D|IL-|DSP Group TrueSpeech
tta|a|D|I-S|TTA (True Audio)
twinvq|a|D|IL-|VQF TwinVQ
vmdaudio|a|D|IL-|Sierra VMD audio
vorbis|a|D|IL-|Vorbis
wavesynth|a|D|I--|Wave synthesis pseudo-codec
wavpack|a|D|ILS|WavPack
westwood_snd1|a|D|IL-|Westwood Audio (SND1)
wmalossless|a|D|I-S|Windows Media Audio Lossless
wmapro|a|D|IL-|Windows Media Audio 9 Professional
wmav1|a|D|IL-|Windows Media Audio 1
wmav2|a|D|IL-|Windows Media Audio 2
wmavoice|a|D|IL-|Windows Media Audio Voice
xan_dpcm|a|D|IL-|DPCM Xan
xma1|a|D|IL-|Xbox Media Audio 1
xma2|a|D|IL-|Xbox Media Audio 2
bin_data|d|-|---|binary data
dvd_nav_packet|d|-|---|DVD Nav packet
epg|d|-|---|Electronic Program Guide
klv|d|-|---|SMPTE 336M Key-Length-Value (KLV) metadata
mpegts|d|-|---|raw MPEG-TS stream
otf|d|-|---|OpenType font
scte_35|d|-|---|SCTE 35 Message Queue
timed_id3|d|-|---|timed ID3 metadata
ttf|d|-|---|TrueType font
arib_caption|s|-|---|ARIB STD-B24 caption
ass|s|D|---|ASS (Advanced SSA) subtitle
dvb_subtitle|s|D|---|DVB subtitles
dvb_teletext|s|D|---|DVB teletext
dvd_subtitle|s|D|---|DVD subtitles
eia_608|s|D|---|EIA-608 closed captions
hdmv_pgs_subtitle|s|D|---|HDMV Presentation Graphic Stream subtitles
hdmv_text_subtitle|s|-|---|HDMV Text subtitle
jacosub|s|D|---|JACOsub subtitle
microdvd|s|D|---|MicroDVD subtitle
mov_text|s|D|---|MOV text
mpl2|s|D|---|MPL2 subtitle
pjs|s|D|---|PJS (Phoenix Japanimation Society) subtitle
realtext|s|D|---|RealText subtitle
sami|s|D|---|SAMI subtitle
srt|s|-|---|SubRip subtitle with embedded timing
ssa|s|-|---|SSA (SubStation Alpha) subtitle
stl|s|D|---|Spruce subtitle format
subrip|s|D|---|SubRip subtitle
subviewer|s|D|---|SubViewer subtitle
subviewer1|s|D|---|SubViewer v1 subtitle
text|s|D|---|raw UTF-8 text
ttml|s|-|---|Timed Text Markup Language
vplayer|s|D|---|VPlayer subtitle
webvtt|s|D|---|WebVTT subtitle
xsub|s|D|---|XSUB
"""
