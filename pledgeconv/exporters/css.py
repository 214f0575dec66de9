"""The built-in stylesheet for HTML and EPUB, read once from the package's styles/ folder, with the
house colours of the shared palette."""

from __future__ import annotations

import functools
import re
from importlib.resources import files

from ..palette import PALETTE


def _with_palette(css: str) -> str:
    """Set the ``:root`` colour custom properties (``--accent: #…``) from the palette."""
    return re.sub(
        r"--(" + "|".join(PALETTE) + r"): #[0-9a-fA-F]{6}", lambda m: f"--{m[1]}: #{PALETTE[m[1]]}", css
    )


STYLESHEET: str = _with_palette(files("pledgeconv").joinpath("styles/pledge.css").read_text(encoding="utf-8"))

HYPHENATION_POINT = "\u2027"  # ‧, written for the Korean middle dot; no Korean font has it
MIDDLE_DOT_FAMILY = "Pledgeconv Middle Dot"  # the stylesheet names it first in every font stack


@functools.cache
def middle_dot_font() -> bytes:
    """A one-glyph WOFF with DejaVu Sans' ‧ (tests/middle_dot.py makes it; licence in fonts/)."""
    return files("pledgeconv").joinpath("styles/middle-dot.woff").read_bytes()


def middle_dot_css(url: str) -> str:
    """The ``@font-face`` rule that draws ‧ — and only ‧ — from :func:`middle_dot_font` at ``url``."""
    return (
        f'@font-face {{ font-family: "{MIDDLE_DOT_FAMILY}"; src: url("{url}") format("woff"); '
        "unicode-range: U+2027; }\n"
    )
