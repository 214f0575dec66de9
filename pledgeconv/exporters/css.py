"""The built-in stylesheet for HTML and EPUB, read once from the package's styles/ folder."""

from __future__ import annotations

from importlib.resources import files

STYLESHEET: str = files("pledgeconv").joinpath("styles/pledge.css").read_text(encoding="utf-8")
