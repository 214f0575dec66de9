"""The built-in stylesheet for HTML and EPUB, read once from the package's styles/ folder, with the
house colours of the shared palette."""

from __future__ import annotations

import re
from importlib.resources import files

from ..palette import PALETTE


def _with_palette(css: str) -> str:
    """Set the ``:root`` colour custom properties (``--accent: #…``) from the palette."""
    return re.sub(
        r"--(" + "|".join(PALETTE) + r"): #[0-9a-fA-F]{6}", lambda m: f"--{m[1]}: #{PALETTE[m[1]]}", css
    )


STYLESHEET: str = _with_palette(files("pledgeconv").joinpath("styles/pledge.css").read_text(encoding="utf-8"))
