"""Justified lines stretched between letters (자간) where word spaces alone would leave holes (KLREQ).

reportlab justifies a line by widening its spaces; a line with none (a word longer than the line,
broken by syllable) it leaves ragged. :func:`install` wraps its two justified-line drawers so such a
line, when it is not a paragraph's last, spreads its extra room between its characters (PDF ``Tc``).
A line with spaces whose word gap would pass :data:`WORD_GAP` em (the last resort of issue 28, after
the breaks of breaks.py) first takes up to :data:`LETTER_SPACE` em between its letters — under
poppler's word-break threshold (0.1 em), so the text still extracts as words. Every other line is
drawn exactly as reportlab draws it. The text object's per-line counters (see
``layout.SpaceCountingText``) are reset here so emphasis dots follow the stretched characters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_INSTALLED = "_pledgeconv_syllable_stretch"
WORD_GAP = 0.75  # em: a wider word gap (the space's own width included) takes letter spacing first
LETTER_SPACE = 0.05  # em: the most letter spacing a line with spaces gets (5% 자간)
WIDEST_SPACE = 0.5  # em: no font's space is wider (a line stretched less needs no letter spacing)


def letter_space(extra: float, spaces: int, chars: int, space_width: float, size: float) -> float:
    """The letter spacing (points) a justified line takes so its word gaps stay near :data:`WORD_GAP`:
    0 when its spaces absorb ``extra`` within it, never more than :data:`LETTER_SPACE` em."""
    if spaces <= 0 or chars < 2 or extra <= 1e-6 or size <= 0:
        return 0.0
    over = extra - spaces * max(WORD_GAP * size - space_width, 0.0)
    if over <= 0:
        return 0.0
    return min(over / (chars - 1), LETTER_SPACE * size)


def _stretch(tx: Any, extra: float, chars: int, draw: Callable[[], Any]) -> Any:
    if chars < 2 or extra <= 1e-6:
        return draw()
    return _spaced(tx, extra / (chars - 1), draw)


_SPACES: dict[tuple[str, float], float] = {}


def _space(canvas: Any, font: str, size: float) -> float:
    """The width of a space in ``font`` at ``size`` (asked once per face and size)."""
    key = (font, size)
    width = _SPACES.get(key)
    if width is None:
        width = _SPACES[key] = canvas.stringWidth(" ", font, size)
    return width


def _spaced(tx: Any, tc: float, draw: Callable[[], Any]) -> Any:
    """Draw with letter spacing ``tc``. reportlab measures the words it places with the canvas's
    ``stringWidth`` (links, underlines, backgrounds and callbacks such as emphasis dots follow that
    measure); for the line it is widened by ``tc`` a character, as the text is, so they stay put."""
    canvas = tx._canvas
    width = canvas.stringWidth
    tx.setCharSpace(tc)
    canvas.stringWidth = lambda text, *args, **kwargs: width(text, *args, **kwargs) + tc * len(text)
    try:
        return draw()
    finally:
        del canvas.stringWidth
        tx.setCharSpace(0)


def _reset(tx: Any) -> None:
    if hasattr(tx, "spaces_on_line"):
        tx.spaces_on_line = 0


def install() -> None:
    """Wrap reportlab's justified-line drawers (idempotent)."""
    from reportlab.platypus import paragraph

    if getattr(paragraph._justifyDrawParaLineX, _INSTALLED, False):
        return
    plain, frags = paragraph._justifyDrawParaLine, paragraph._justifyDrawParaLineX

    def draw_line(tx: Any, offset: float, extraspace: float, words: list[str], last: int = 0) -> Any:
        _reset(tx)
        if last or getattr(tx, "preformatted", False):
            return plain(tx, offset, extraspace, words, last)
        if len(words) != 1 or "\u00a0" in words[0]:
            size = tx._fontsize
            if extraspace <= (len(words) - 1) * (WORD_GAP - WIDEST_SPACE) * size:  # the common case: no holes
                return plain(tx, offset, extraspace, words, last)
            text = " ".join(words)
            space = _space(tx._canvas, tx._fontname, size)
            tc = letter_space(extraspace, text.count(" ") + text.count("\u00a0"), len(text), space, size)
            if tc <= 0:
                return plain(tx, offset, extraspace, words, last)
            rest = extraspace - tc * (len(text) - 1)
            return _spaced(tx, tc, lambda: plain(tx, offset, rest, words, last))
        return _stretch(tx, extraspace, len(words[0]), lambda: plain(tx, offset, extraspace, words, last))

    def draw_frag_line(tx: Any, offset: float, line: Any, last: int = 0) -> Any:
        _reset(tx)
        texts = [w.text for w in line.words if not hasattr(w, "cbDefn")]
        if last or line.lineBreak:
            return frags(tx, offset, line, last)
        if any(" " in t or "\u00a0" in t for t in texts):
            size = max((w.fontSize for w in line.words if not hasattr(w, "cbDefn")), default=0.0)
            spaces = sum(t.count(" ") + t.count("\u00a0") for t in texts)
            if line.extraSpace <= spaces * (WORD_GAP - WIDEST_SPACE) * size:  # the common case: no holes
                return frags(tx, offset, line, last)
            font = next((w.fontName for w in line.words if not hasattr(w, "cbDefn")), "")
            chars = sum(len(t) for t in texts)
            space = _space(tx._canvas, font, size) if font else 0.0
            tc = letter_space(line.extraSpace, spaces, chars, space, size)
            if tc <= 0:
                return frags(tx, offset, line, last)
            extra = line.extraSpace
            line.extraSpace = extra - tc * (chars - 1)
            try:
                return _spaced(tx, tc, lambda: frags(tx, offset, line, last))
            finally:
                line.extraSpace = extra
        return _stretch(
            tx, line.extraSpace, sum(len(t) for t in texts), lambda: frags(tx, offset, line, last)
        )

    setattr(draw_line, _INSTALLED, True)
    setattr(draw_frag_line, _INSTALLED, True)
    paragraph._justifyDrawParaLine = draw_line
    paragraph._justifyDrawParaLineX = draw_frag_line
