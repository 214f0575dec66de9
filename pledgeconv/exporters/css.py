"""The built-in stylesheet for HTML and EPUB, read once from the package's styles/ folder, with the
house colours of the shared palette."""

from __future__ import annotations

import functools
import pkgutil

from ..palette import css_properties


def _data(name: str) -> bytes:
    """A file of the package's styles/ folder (pkgutil: importlib.resources costs 3 ms of every start)."""
    data = pkgutil.get_data("pledgeconv", f"styles/{name}")
    if data is None:  # a loader that cannot read package data
        raise FileNotFoundError(f"pledgeconv/styles/{name}")
    return data


# The palette's custom properties first, then the rules that use them.
STYLESHEET: str = css_properties() + _data("pledge.css").decode("utf-8")

HYPHENATION_POINT = "\u2027"  # ‧, written for the Korean middle dot; no Korean font has it
MIDDLE_DOT_FAMILY = "Pledgeconv Middle Dot"  # the stylesheet names it first in every font stack


@functools.cache
def middle_dot_font() -> bytes:
    """A one-glyph WOFF with DejaVu Sans' ‧ (tests/middle_dot.py makes it; licence in fonts/)."""
    return _data("middle-dot.woff")


def middle_dot_css(url: str) -> str:
    """The ``@font-face`` rule that draws ‧ — and only ‧ — from :func:`middle_dot_font` at ``url``."""
    return (
        f'@font-face {{ font-family: "{MIDDLE_DOT_FAMILY}"; src: url("{url}") format("woff"); '
        "unicode-range: U+2027; }\n"
    )
