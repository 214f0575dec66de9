"""Bundled fonts: find them inside the installed package (or the source tree) by name."""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

BUNDLED = {
    "regular": "NanumGothic.ttf",
    "bold": "NanumGothicBold.ttf",
    "symbols": "DejaVuSans.ttf",
    "symbols-bold": "DejaVuSans-Bold.ttf",
}


@functools.cache
def font_dir() -> Path:
    """The folder holding the bundled fonts: ``pledgeconv/fonts`` in a wheel, ``fonts/`` in a checkout."""
    packaged = Path(str(files("pledgeconv"))) / "fonts"
    if (packaged / BUNDLED["regular"]).is_file():
        return packaged
    source_tree = Path(__file__).resolve().parent.parent / "fonts"
    if (source_tree / BUNDLED["regular"]).is_file():
        return source_tree
    raise FileNotFoundError("the bundled fonts are missing from this installation of pledgeconv")


def bundled(role: str) -> Path:
    """The path of a bundled font: "regular", "bold", "symbols" or "symbols-bold"."""
    return font_dir() / BUNDLED[role]
