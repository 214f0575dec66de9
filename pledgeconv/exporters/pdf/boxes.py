"""Code boxes and block quotes: monospace lines wrapped with a continuation mark; a ruled quote with
its attribution (``— 이름``) on a right-aligned line of its own."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, TableStyle
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from ...fonts import Family
from ...model import Block, Inline, LineBreak, Paragraph, SoftBreak, Text
from ...palette import hex_color

MARK = "↪"  # starts a continuation line of a wrapped code line
CODE_CHUNK = 40  # code lines per paragraph
QUOTE_RULE = colors.HexColor(hex_color("muted"))
RULE_INDENT = 12  # pt from a quote's or callout's rule to its text
_ATTRIBUTION = re.compile(r"^\s*(?:—|―|--|–)\s*\S")


def _advance(chain: tuple[Family, ...], size: float) -> Callable[[str], float]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    cache: dict[str, float] = {}

    def width(ch: str) -> float:
        w = cache.get(ch)
        if w is None:
            family = next((f for f in chain if ord(ch) in f.coverage), chain[0])
            w = cache[ch] = stringWidth(ch, family.regular, size)
        return w

    return width


def wrap_code_line(line: str, avail: float, advance: Callable[[str], float], mark_width: float) -> list[str]:
    """Cut one code line into pieces no wider than ``avail``; continuation pieces leave room for the
    mark. Never cuts inside a line shorter than the box; a piece always holds at least one character."""
    pieces: list[str] = []
    start, used, room = 0, 0.0, avail
    for pos, ch in enumerate(line):
        w = advance(ch)
        if used + w > room + 1e-6 and pos > start:
            pieces.append(line[start:pos])
            start, used, room = pos, 0.0, avail - mark_width
        used += w
    pieces.append(line[start:])
    return pieces


def code_box(
    text: str, style: ParagraphStyle, chain: tuple[Family, ...], width: float, markup: Callable[[str], str],
    muted: str,
) -> list[Flowable]:  # fmt: skip
    """A code block inside the text margins: ``style`` indents the text by its border padding, so the
    grey box is exactly the text block's width; long lines wrap with a visible mark."""
    avail = width - style.leftIndent - style.rightIndent - 0.5
    advance = _advance(chain, style.fontSize)
    mark_width = advance(MARK) + advance(" ")
    rendered: list[str] = []
    for line in text.rstrip("\n").expandtabs(4).split("\n"):
        for k, piece in enumerate(wrap_code_line(line, avail, advance, mark_width)):
            body = markup(piece.replace(" ", "\u00a0"))
            rendered.append(f'<font color="{muted}">{markup(MARK)}</font>\u00a0{body}' if k else body)
    if len(rendered) <= CODE_CHUNK:
        return [RLParagraph("<br/>".join(rendered), style)]
    # A long listing as several paragraphs, one box to the eye: reportlab re-wraps the rest of a
    # paragraph on every page it splits, which is quadratic in its length.
    pad = style.borderPadding  # each piece's background meets the next one's, never covers its text
    first = ParagraphStyle(
        f"{style.name}-first", parent=style, spaceAfter=0, borderPadding=(pad, pad, 0, pad)
    )
    middle = ParagraphStyle(f"{style.name}-middle", parent=style, spaceBefore=0, spaceAfter=0,
                            borderPadding=(0, pad, 0, pad))  # fmt: skip
    last = ParagraphStyle(f"{style.name}-last", parent=style, spaceBefore=0, borderPadding=(0, pad, pad, pad))
    chunks = [rendered[i : i + CODE_CHUNK] for i in range(0, len(rendered), CODE_CHUNK)]
    return [
        RLParagraph("<br/>".join(chunk), first if k == 0 else last if k == len(chunks) - 1 else middle)
        for k, chunk in enumerate(chunks)
    ]


def split_attribution(blocks: Sequence[Block]) -> tuple[list[Block], tuple[Inline, ...] | None]:
    """A quote's blocks and its attribution: a last paragraph, or the last line of it, that starts
    with a dash (``— 김하늘``)."""
    if not blocks or not isinstance(blocks[-1], Paragraph):
        return list(blocks), None
    last = blocks[-1]
    children = last.children
    starts = [0] + [i + 1 for i, c in enumerate(children) if isinstance(c, (SoftBreak, LineBreak))]
    for start in reversed(starts):
        tail = children[start:]
        if tail and isinstance(tail[0], Text) and _ATTRIBUTION.match(tail[0].text):
            head = children[: max(0, start - 1)]
            rest = list(blocks[:-1]) + ([replace(last, children=head)] if head else [])
            return rest, tuple(tail)
        break  # only the last line may be the attribution
    return list(blocks), None


def quote_box(
    inner: list[Flowable], attribution: Flowable | None, width: float, font: str,
    rule: colors.Color = QUOTE_RULE, thickness: float = 2,
) -> list[Flowable]:  # fmt: skip
    """The quote's (or a callout's) flowables beside a vertical rule, one table row each so it
    splits across pages.

    A spacer is never a row of its own: its height goes into the padding above the next row (or
    below the last), so a page break between rows never leaves a piece of the rule beside nothing
    (a picture that moves to the next page took its spacer's stub of rule with it). A cell drops its
    flowable's space before, so the row's padding keeps that too (a code box after a list)."""
    rows: list[list[Any]] = []
    above: list[float] = []  # each row's top padding: the spacers before it, and its space before
    gap = 0.0
    for flow in [*inner, *([attribution] if attribution is not None else [])]:
        if isinstance(flow, Spacer):
            gap += float(flow.height)
            continue
        rows.append([flow])
        above.append(gap + (float(flow.getSpaceBefore()) if rows[:-1] else 0.0))
        gap = 0.0
    if not rows:
        return []
    table = RLTable(rows, colWidths=[width], splitByRow=1, splitInRow=1, hAlign="LEFT")
    commands: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), font), ("LINEBEFORE", (0, 0), (0, -1), thickness, rule),
        ("LEFTPADDING", (0, 0), (-1, -1), RULE_INDENT), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]  # fmt: skip
    commands += [("TOPPADDING", (0, r), (0, r), pad) for r, pad in enumerate(above) if pad]
    if gap:
        commands.append(("BOTTOMPADDING", (0, -1), (0, -1), gap))
    table.setStyle(TableStyle(commands))
    return [Spacer(1, 4), table, Spacer(1, 10)]


def attribution_style(base: ParagraphStyle) -> ParagraphStyle:
    """The right-aligned line an attribution stands on."""
    return ParagraphStyle(f"{base.name}-attribution", parent=base, alignment=TA_RIGHT, spaceBefore=2)
