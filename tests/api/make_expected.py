"""Regenerate expected_summary.json from the real ffprobe 5.1.9 (run from the repo root)."""
import json
import subprocess
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:
    cur = json.loads((HERE / "expected_summary.json").read_text())
    out = {}
    for f in cur:
        j = json.loads(subprocess.run(["/usr/bin/ffprobe", "-v", "quiet", "-of", "json", "-show_format",
                                       "-show_streams", f], capture_output=True, check=True).stdout)
        v = [s for s in j["streams"] if s["codec_type"] == "video"]
        out[f] = {"duration": float(j["format"]["duration"]) if "duration" in j["format"] else None,
                  "width": v[0]["width"] if v else None, "height": v[0]["height"] if v else None,
                  "has_audio": any(s["codec_type"] == "audio" for s in j["streams"])}
    (HERE / "expected_summary.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
