"""python -m cine [ffprobe|ffmpeg] ARGS...: the same faces as the console scripts."""
from cine.compat.cli import cine_main

if __name__ == "__main__":
    cine_main()
