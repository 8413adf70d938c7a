"""demux -> (decode -> filter -> encode) -> mux: the jobs the ffmpeg face runs.

compat builds a Job (job.py) from argv; the engine runs it. Stream copy (copy.py) is the first
path; decoding paths join it in later phases.
"""
