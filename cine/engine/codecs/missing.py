"""The reference's "not implemented" reports (avpriv_report_missing_feature and
avpriv_request_sample, FFmpeg 5.1.9 libavutil/log.c), as the log lines they print at
warning level."""
from __future__ import annotations

NOT_IMPLEMENTED = (" is not implemented. Update your FFmpeg version to the newest one from Git."
                   " If the problem still occurs, it means that your file has a feature which"
                   " has not been implemented.\n")
SAMPLE_REQUEST = ("If you want to help, upload a sample of this file to"
                  " https://streams.videolan.org/upload/ and contact the ffmpeg-devel mailing"
                  " list. (ffmpeg-devel@ffmpeg.org)\n")


def missing_feature(what: str, sample: bool = False) -> list[str]:
    """The warning lines for a missing feature ("Audio object type 42")."""
    lines = [what + NOT_IMPLEMENTED]
    if sample:
        lines.append(SAMPLE_REQUEST)
    return lines


def log_unsupported(logger, exc) -> None:
    """Log a cine Unsupported raised with a missing_feature text (detail lines joined).

    FFmpeg 5.1.9 logs "<what>" and " is not implemented..." in two av_log calls, so two such
    reports in a row never merge into "Last message repeated"."""
    for line in exc.detail.splitlines(keepends=True):
        if line.endswith(NOT_IMPLEMENTED) and len(line) > len(NOT_IMPLEMENTED):
            logger.warning(line[:-len(NOT_IMPLEMENTED)])
            logger.warning(NOT_IMPLEMENTED)
        else:
            logger.warning(line)
