PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := fixtures/mp4/h264_aac.mp4

.PHONY: run test install install-test clean bench regen

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

test: install-test
	$(BIN)/python -m pytest -q -p no:cacheprovider

regen:
	$(BIN)/python compat-tests/regen

bench: install
	$(BIN)/python bench/probe.py

clean:
	rm -rf $(VENV) build *.egg-info
