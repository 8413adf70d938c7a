"""The work: containers, codecs, bitstreams, filters and the pipeline. Never imports compat."""
