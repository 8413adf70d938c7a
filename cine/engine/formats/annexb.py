def probe(buf, filename=""): return 0
probe_ac3=probe_eac3=probe_h264=probe_hevc=probe
