"""Containers: one module or package each, listed once in registry.py."""
