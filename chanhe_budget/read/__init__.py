"""Stage 1 — read: a source (path, str, bytes, PDF) becomes normalised, numbered lines."""
