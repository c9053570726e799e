"""Bundled templates; importing this package registers them."""

from . import henan, shanghai  # noqa: F401
