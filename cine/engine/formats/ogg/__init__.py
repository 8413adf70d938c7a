"""ogg (RFC 3533 Ogg encapsulation): probe, page reader, logical-stream packet assembly,
per-codec mappings (Opus, Vorbis, FLAC, Theora, Speex) and the OggDemuxer. Importing this
package imports nothing else."""
