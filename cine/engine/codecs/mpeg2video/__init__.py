"""MPEG-1/MPEG-2 video (ISO/IEC 11172-2, ISO/IEC 13818-2) header parsing for probing."""
