"""The house colours, one table for every format: CSS custom properties, DOCX, PDF and HWPX.

Each entry names a role: links, the H1 and the pledge bar ``accent``; text ``ink``; captions,
running heads and secondary text ``muted``; thin rules and quote bars ``rule`` (the PDF's quote
bar is ``muted``, darker for print); table grid lines ``grid``; the slogan box and table heads
``box``; code ``code``; a missing picture's frame ``placeholder``. No exporter writes a colour of
its own (black and white aside): tests/test_palette.py checks every format's output against this
table, and that a changed table changes every format.
"""

from __future__ import annotations

#: name -> RGB hex, without '#'
PALETTE: dict[str, str] = {
    "ink": "1d1d1f",  # body text
    "muted": "5f6368",  # captions, running header, secondary text
    "accent": "0b57d0",  # links, heading rules, the pledge bar
    "rule": "d9dce1",  # thin rules, quote bars, placeholder frames
    "box": "eef3fb",  # the slogan box, table heads
    "code": "f6f8fa",  # code blocks
    "grid": "bfc3c8",  # table grid lines
    "placeholder": "fafafa",  # the frame that stands in for a missing image
    # callouts (GitHub's alerts): each kind's bar and label, 4.9:1 to 5.4:1 on white (WCAG AA);
    # the printed label, not the colour, tells the kinds apart
    "callout-note": "0969da",
    "callout-tip": "1a7f37",
    "callout-important": "8250df",
    "callout-warning": "9a6700",
    "callout-caution": "cf222e",
}


def hex_color(name: str) -> str:
    """``#0b57d0`` for CSS and reportlab markup."""
    return "#" + PALETTE[name]


def word_color(name: str) -> str:
    """``0B57D0`` as WordprocessingML writes colours."""
    return PALETTE[name].upper()


def hwp_color(name: str) -> str:
    """``#0B57D0`` as OWPML (HWPX) writes colours."""
    return "#" + PALETTE[name].upper()


def css_properties() -> str:
    """The ``:root`` rule giving every entry as a CSS custom property (``--accent: #0b57d0;``)."""
    return ":root {\n" + "".join(f"  --{name}: #{value};\n" for name, value in PALETTE.items()) + "}\n"
