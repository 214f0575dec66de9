"""Justified lines with no space: stretched between syllables, as a last resort (KLREQ).

reportlab justifies a line by widening its spaces; a line with none (a word longer than the line,
broken by syllable) it leaves ragged. :func:`install` wraps its two justified-line drawers so such a
line, when it is not a paragraph's last, spreads its extra room between its characters (PDF ``Tc``).
Every other line is drawn exactly as reportlab draws it. The text object's per-line counters (see
``layout.SpaceCountingText``) are reset here so emphasis dots follow the stretched characters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_INSTALLED = "_pledgeconv_syllable_stretch"


def _stretch(tx: Any, extra: float, chars: int, draw: Callable[[], Any]) -> Any:
    if chars < 2 or extra <= 1e-6:
        return draw()
    tx.setCharSpace(extra / (chars - 1))
    try:
        return draw()
    finally:
        tx.setCharSpace(0)


def _reset(tx: Any) -> None:
    if hasattr(tx, "spaces_on_line"):
        tx.spaces_on_line = 0
        tx.chars_on_line = 0


def install() -> None:
    """Wrap reportlab's justified-line drawers (idempotent)."""
    from reportlab.platypus import paragraph

    if getattr(paragraph._justifyDrawParaLineX, _INSTALLED, False):
        return
    plain, frags = paragraph._justifyDrawParaLine, paragraph._justifyDrawParaLineX

    def draw_line(tx: Any, offset: float, extraspace: float, words: list[str], last: int = 0) -> Any:
        _reset(tx)
        if last or len(words) != 1 or "\u00a0" in words[0] or getattr(tx, "preformatted", False):
            return plain(tx, offset, extraspace, words, last)
        return _stretch(tx, extraspace, len(words[0]), lambda: plain(tx, offset, extraspace, words, last))

    def draw_frag_line(tx: Any, offset: float, line: Any, last: int = 0) -> Any:
        _reset(tx)
        texts = [w.text for w in line.words if not hasattr(w, "cbDefn")]
        if last or line.lineBreak or any(" " in t or "\u00a0" in t for t in texts):
            return frags(tx, offset, line, last)
        return _stretch(tx, line.extraSpace, sum(len(t) for t in texts), lambda: frags(tx, offset, line, last))

    setattr(draw_line, _INSTALLED, True)
    setattr(draw_frag_line, _INSTALLED, True)
    paragraph._justifyDrawParaLine = draw_line
    paragraph._justifyDrawParaLineX = draw_frag_line
