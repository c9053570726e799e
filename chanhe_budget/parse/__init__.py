"""Stage 3 — parse: lines become narrative sections, raw tables, tidy tables and statements."""
