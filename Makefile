PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := fixtures/mp4/h264_aac.mp4

.PHONY: run test install install-test clean bench regen fuzz fuzz-smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e .

run: install
	$(BIN)/ffprobe -hide_banner -show_format -show_streams -of json $(SAMPLE)
	$(BIN)/cine probe $(SAMPLE)

install-test: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'

# one pytest worker per CPU; a file's tests stay on one worker (the golden suite runs its
# cases in parallel itself)
test: install-test
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto --dist loadfile
	$(MAKE) fuzz-smoke

# every fuzz target for FUZZ_TIME seconds each; the corpus grows under ~/.cache/cine/fuzz
FUZZ_TIME ?= 600
FUZZ_JOBS ?= 1

fuzz: install-test
	$(BIN)/python fuzz/campaign.py --time $(FUZZ_TIME) --jobs $(FUZZ_JOBS)

# CI: 10 s per target from the seeds alone, two at a time (34 targets: ~4 min with start-up),
# so that make test stays under 30 minutes on a 2-core box; any finding fails
fuzz-smoke: install-test
	$(BIN)/python fuzz/campaign.py --time 10 --jobs 2 --fresh

# the numba kernels compiled ahead of time into cine/_aot/ (what the frozen binaries load;
# CINE_AOT=1 loads it in development); aot-test decodes with it, every kernel call's
# argument types checked against its signature (CINE_AOT_CHECK=1)
.PHONY: aot aot-test
AOT_TESTS := tests/packaging \
	tests/engine/codecs/flac/test_flac_reference.py \
	tests/engine/codecs/alac/test_alac_reference.py \
	tests/engine/codecs/aac/test_aac_decode.py \
	tests/engine/codecs/mp3/test_mp3_decode.py \
	tests/engine/codecs/opus/test_opus_decode.py \
	tests/engine/codecs/vorbis/test_vorbis_decode.py \
	tests/engine/filters/swr/test_swr_goldens.py \
	tests/engine/filters/swr/test_swr_chunking.py \
	tests/engine/codecs/h264/test_decode_reference.py \
	tests/engine/codecs/mjpeg/test_encoder_goldens.py \
	tests/engine/filters/test_resample.py

aot: install
	$(BIN)/python packaging/aot_build.py

aot-test: aot install-test
	CINE_AOT=1 CINE_AOT_CHECK=1 $(BIN)/python -m pytest -q -p no:cacheprovider $(AOT_TESTS)

# frozen single-file dist/ffprobe, dist/ffmpeg and dist/cine for this platform (PyInstaller
# onedir bundle behind a C launcher that unpacks it once into ~/.cache/cine/<key>/:
# packaging/README.md); builds cine/_aot first when it is missing or stale. Needs gcc and zlib.
.PHONY: dist
dist: install
	$(BIN)/python -m pip install -q -e '.[dist]'
	nice $(BIN)/python packaging/build_dist.py

# the golden suite (compat-tests/) run against the frozen single files instead of the
# development tree: the CI job .ci/dist
.PHONY: compat-dist
compat-dist: dist install-test
	CINE_BIN_DIR=$(CURDIR)/dist $(BIN)/python -m pytest -q -p no:cacheprovider compat-tests

regen:
	$(BIN)/python compat-tests/regen

# issue 8: real programs (openai-whisper, ffmpeg-python, pydub, moviepy 1.x and 2.x, yt-dlp,
# audioread, imageio-ffmpeg, go-ffprobe) run with the real tools and with cine, answers compared
# (compat-tests/clients/README.md). clients-install puts them in compat-tests/clients/.venv*
# (a client that cannot be installed is skipped); CLIENT_FIXTURES=GLOB,... runs a part.
.PHONY: clients clients-install
clients-install:
	bash compat-tests/clients/install.sh || true

clients: install-test clients-install
	CINE_CLIENTS=1 $(BIN)/python -m pytest -q -p no:cacheprovider compat-tests/clients

# the bench times a regular (non-editable) install: an editable install's import hook costs
# ~8 ms per run (bench/README.md)
BENCH_VENV := bench/out/venv

bench: install
	rm -rf $(BENCH_VENV) && $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install -q .
	$(BIN)/python bench/probe.py --cine $(BENCH_VENV)/bin/ffprobe

clean:
	rm -rf $(VENV) build *.egg-info
