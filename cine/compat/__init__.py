"""The faces: argv in, bytes out. Never parses media bytes; talks to cine.engine."""
