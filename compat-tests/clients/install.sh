#!/usr/bin/env bash
# Installs the real programs of issue 8 from their package registries (never vendored) into
# venvs of their own beside this script, pinned; the Go client comes from Debian's packages.
# Every step may fail on its own: test_clients.py skips a client that is not installed.
#
#   .venv           ffmpeg-python, pydub, moviepy 2.x, yt-dlp, audioread, imageio-ffmpeg,
#                   openai-whisper (without triton: load_audio needs torch and numpy only)
#   .venv-moviepy1  moviepy 1.x (its imageio/decorator pins clash with moviepy 2.x)
#   build/goprobe   the Go driver (goprobe.go) built offline against Debian's
#                   golang-gopkg-vansante-go-ffprobe.v2-dev in /usr/share/gocode
set -u
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
PIP_Q=${PIP_Q:--q}
status=0

step() {  # step NAME COMMAND...: runs it, reports, never stops the script
    local name=$1; shift
    # (pip's notes about this machine's local index folders are left out)
    if "$@" 2> >(grep -v "is neither a file nor a directory" >&2); then
        echo "clients: $name installed"
    else
        echo "clients: $name NOT installed (see above)"; status=1
    fi
}

venv() {
    [ -x "$1/bin/python" ] || "$PYTHON" -m venv "$1"
}

venv .venv
step ffmpeg-python .venv/bin/pip install $PIP_Q ffmpeg-python==0.2.0
step pydub .venv/bin/pip install $PIP_Q pydub==0.25.1
step moviepy2 .venv/bin/pip install $PIP_Q moviepy==2.2.1
step yt-dlp .venv/bin/pip install $PIP_Q yt-dlp==2026.10.26
step audioread .venv/bin/pip install $PIP_Q audioread==3.1.0
step imageio-ffmpeg .venv/bin/pip install $PIP_Q imageio-ffmpeg==0.8.1
# openai-whisper requires triton on linux x86_64 (GPU kernels only, ~400 MB); its audio
# loading needs torch (the CPU wheel), numpy and the package's own imports
step openai-whisper bash -c ".venv/bin/pip install $PIP_Q torch==2.13.0 numpy tiktoken tqdm more-itertools numba \
    && .venv/bin/pip install $PIP_Q --no-deps openai-whisper==20250625"

venv .venv-moviepy1
# numpy < 1.24: moviepy 1.x stacks audio chunks from a generator (np.vstack refuses that since)
step moviepy1 .venv-moviepy1/bin/pip install $PIP_Q moviepy==1.0.3 'numpy<1.24'

# Go: go-ffprobe.v2 from Debian's golang-gopkg-vansante-go-ffprobe.v2-dev (GOPATH layout in
# /usr/share/gocode), built offline in GOPATH mode; GO_FFPROBE_GOPATH names another GOPATH
# that holds src/gopkg.in/vansante/go-ffprobe.v2 (e.g. where Debian's release lacks the package)
GOPATH_DIR=${GO_FFPROBE_GOPATH:-/usr/share/gocode}
PKG=$GOPATH_DIR/src/gopkg.in/vansante/go-ffprobe.v2
if [ "${CLIENTS_NO_APT:-0}" != 1 ] && { ! command -v go >/dev/null || [ ! -d "$PKG" ]; }; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq >/dev/null 2>&1
        apt-get install -y -qq golang-go >/dev/null 2>&1 || echo "clients: apt-get install golang-go failed"
        [ -d "$PKG" ] || apt-get install -y -qq golang-gopkg-vansante-go-ffprobe.v2-dev >/dev/null 2>&1 \
            || echo "clients: Debian has no golang-gopkg-vansante-go-ffprobe.v2-dev here"
    else
        echo "clients: apt-get install golang-go golang-gopkg-vansante-go-ffprobe.v2-dev as root"
    fi
fi
if command -v go >/dev/null && [ -d "$PKG" ]; then
    mkdir -p build
    step go-ffprobe env GOPATH="$GOPATH_DIR" GO111MODULE=off GOFLAGS= GOCACHE="$PWD/build/gocache" \
        go build -o build/goprobe goprobe.go
else
    echo "clients: go-ffprobe NOT installed (needs go and $PKG)"; status=1
fi
exit $status
