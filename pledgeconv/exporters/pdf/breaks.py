"""Breaks inside a space-free word (KOREAN.md, issue 28): after a middle dot of a long list, in an address.

reportlab breaks lines at spaces; a word that does not fit moves whole to the next line, and the
line it leaves is stretched. For a run like ``특별시장ㆍ광역시장ㆍ…ㆍ특별자치도지사(이하`` or a link's
text with its printed address that leaves a hole of several em. :func:`install` wraps reportlab's two
hyphenation hooks (called only for a word that overflows, in paragraphs whose style asks for
``embeddedHyphenation``) so such a word splits at the last of :func:`pledgeconv.korean.line_breaks`
that fits — no hyphen added — when keeping it whole would leave more than :data:`ROOM` em of the
line empty. Any other word is treated as before (moved whole, or split by ``splitLongWords`` when
it is longer than the line): reportlab's own Latin hyphenation is not called. (A head never ends in
"-": an address breaks before its hyphens, and reportlab strips a "-" ending a head it rejoins.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ... import korean

ROOM = 2.0  # em of a line left empty before a word is split at a Korean break point
_INSTALLED = "_pledgeconv_korean_breaks"


def _worth_it(ww: float, new_width: float, max_width: float, size: float) -> bool:
    """True when moving the word whole would leave the line loose (or the word is wider than it)."""
    return ww > max_width or max_width - (new_width - ww) > ROOM * size


def _pair(
    s: str, ww: float, new_width: float, max_width: float, width: Callable[[str], float], size: float
) -> tuple[str, float, float, float, str, str] | None:
    """reportlab's ``_hyGenPair`` result for ``s`` split at a Korean break point, or None."""
    if not _worth_it(ww, new_width, max_width, size):
        return None
    points = korean.line_breaks(str(s))
    w0 = new_width - ww
    for pos in reversed(points):
        head = s[:pos]
        hw = width(head)
        if w0 + hw <= max_width:
            return "", 0.0, hw, ww - hw, head, s[pos:]
    return None


def install() -> None:
    """Wrap reportlab's word-splitting hooks with the Korean break points (idempotent)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import paragraph

    if getattr(paragraph._hyGenPair, _INSTALLED, False):
        return

    def gen_pair(
        hyphenator: Any,
        s: Any,
        ww: float,
        new_width: float,
        max_width: float,
        font: str,
        size: float,
        *rest: Any,
    ) -> Any:
        return _pair(s, ww, new_width, max_width, lambda t: stringWidth(t, font, size), size)

    def gen_frags_pair(hyphenator: Any, fw: Any, new_width: float, max_width: float, *rest: Any) -> Any:
        return _frags_pair(paragraph, fw, new_width, max_width)

    setattr(gen_pair, _INSTALLED, True)
    paragraph._hyGenPair = gen_pair
    paragraph._hyGenFragsPair = gen_frags_pair


def _frags_pair(paragraph: Any, fw: Any, new_width: float, max_width: float) -> Any:
    """reportlab's ``_hyGenFragsPair`` result for a word of several fragments, or None."""
    rep = paragraph._fragWordSplitRep(fw)
    if not rep:
        return None
    s, index = rep
    ww = fw[0]
    size = max((f.fontSize for f, _ in fw[1:]), default=10.0)
    if not _worth_it(ww, new_width, max_width, size):
        return None
    w0 = new_width - ww
    for pos in reversed(korean.line_breaks(s)):
        fx, cc = index[pos]
        left = list(fw[1:fx])
        frag, text = fw[fx]
        if text[: pos - cc]:
            left.append((frag, text[: pos - cc]))
        right = list(fw[fx + 1 :])
        if text[pos - cc :]:
            right.insert(0, (frag, text[pos - cc :]))
        head = paragraph._rebuildFragWord(left)
        if w0 + head[0] <= max_width:
            return "", head, paragraph._rebuildFragWord(right)
    return None
