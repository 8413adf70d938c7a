"""Video filters of the -vf chains (libavfilter behaviour): each filter is configured from
its input link's properties and then turns frames into frames; graph.py runs a linear chain.
Option values arrive typed, expressions as compiled callables (compat compiles them)."""
