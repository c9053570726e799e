"""Bundled templates; importing this package registers them."""

from . import henan  # noqa: F401
