"""Matroska / WebM (matroska,webm): EBML parsing, header elements, clusters and packets."""
