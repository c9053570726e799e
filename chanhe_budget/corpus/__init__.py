"""Many documents: catalogue, cached loading, year-on-year, exports and the Fiscal Data Package."""

from __future__ import annotations

from .collection import Corpus, load_corpus

__all__ = ["Corpus", "load_corpus"]
