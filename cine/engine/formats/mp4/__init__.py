"""mov,mp4,m4a,3gp,3g2,mj2 (ISO/IEC 14496-12/14, QuickTime File Format): probe, box readers,
sample index and the Mp4Demuxer. Importing this package imports nothing else."""
