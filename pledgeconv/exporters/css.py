"""The built-in stylesheet for HTML and EPUB, read once from the package's styles/ folder, with the
house colours of the shared palette."""

from __future__ import annotations

import functools
import pkgutil

from .. import outline
from ..palette import css_properties

# Lists as deep as Word's nine levels get a rule of their own (deeper ones keep the ninth's).
LIST_LEVELS = 9


def _counter(kind: outline.MarkerStyle) -> tuple[str, str]:
    """The CSS ``list-style-type`` that draws ``kind``'s markers, and the ``@counter-style`` rule
    it needs ("" for a built-in style or a bullet written as a string)."""
    if not kind.ordered:
        return f'"{kind.prefix} "', ""
    if kind.key == "1.":
        return "decimal", ""
    name = (
        "pc-"
        + {
            "decimal": "decimal",
            "hangul": "hangul",
            "circled": "circled",
            "circled-hangul": "circled-hangul",
        }[kind.counter]
        + {"": "", "(": "-open"}[kind.prefix]
        + {".": "-dot", ")": "-paren", "": ""}[kind.suffix]
    )
    if kind.counter == "decimal":
        system = "extends decimal"
    elif kind.counter == "hangul":
        system = f"alphabetic; symbols: {' '.join(outline.HANGUL_COUNTER)}"
    else:
        digits = outline.CIRCLED_NUMBERS if kind.counter == "circled" else outline.CIRCLED_HANGUL
        system = f"fixed; symbols: {' '.join(digits)}; fallback: pc-decimal-open-paren"
    prefix = f' prefix: "{kind.prefix}";' if kind.prefix else ""
    return name, f'@counter-style {name} {{ system: {system};{prefix} suffix: "{kind.suffix} "; }}\n'


#: list-style-type for each marker style key of outline.ORDERED and outline.MARKDOWN_BULLETS
LIST_STYLE_TYPES: dict[str, str] = {k.key: _counter(k)[0] for k in outline.ORDERED + outline.MARKDOWN_BULLETS}


def list_css() -> str:
    """Markdown's own lists (``<ol>``/``<ul>`` without the author's markers) as print draws them:
    ``outline.list_style`` by depth — every enclosing list counts — as generated CSS, so the
    browser shows 1. 가. 1) … and • ◦ ▪ like PDF, DOCX and HWPX while the markup stays CommonMark's."""
    rules = "".join(dict.fromkeys(_counter(k)[1] for k in outline.ORDERED if _counter(k)[1]))
    for depth in range(LIST_LEVELS):
        outer = "li " * depth  # a list inside ``depth`` list items is ``depth`` lists deep
        for tag, ordered in (("ol", True), ("ul", False)):
            kind = outline.list_style("", ordered, depth)
            rules += f"{outer}{tag} {{ list-style-type: {LIST_STYLE_TYPES[kind.key]}; }}\n"
    return rules


def _data(name: str) -> bytes:
    """A file of the package's styles/ folder (pkgutil: importlib.resources costs 3 ms of every start)."""
    data = pkgutil.get_data("pledgeconv", f"styles/{name}")
    if data is None:  # a loader that cannot read package data
        raise FileNotFoundError(f"pledgeconv/styles/{name}")
    return data


# The palette's custom properties and the list markers first (generated from their tables), then
# the rules that use them and override them (the author's markers, task lists, the contents).
STYLESHEET: str = css_properties() + list_css() + _data("pledge.css").decode("utf-8")

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
