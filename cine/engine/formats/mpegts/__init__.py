"""MPEG-2 transport stream demuxer (ISO/IEC 13818-1): packets, PSI tables, PES reassembly."""
