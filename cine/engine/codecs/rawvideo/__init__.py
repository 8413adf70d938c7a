"""Uncompressed video: the pixel format a fourcc or bit depth stands for."""
