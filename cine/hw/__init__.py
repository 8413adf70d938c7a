"""Optional hardware acceleration (cffi bindings); importing it never fails."""
