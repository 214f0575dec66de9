"""Table column widths from content: no-break tokens, min/max column widths, CSS automatic table layout.

Format-neutral: widths are in points for a given font size, measured with the bundled fonts' metrics
(Nanum Gothic, then the fallback faces, per character). The PDF exporter sets its column widths with it;
the DOCX exporter uses the same numbers for ``w:tblGrid``.

The rules, after CSS 2.1 §17.5.2.2 (automatic table layout) and KLREQ:

- A cell's text breaks only at spaces that :func:`pledgeconv.korean.protect_breaks` leaves breakable.
  The pieces between them are **tokens**. A token holding a digit (``11,106``, ``2026년``, ``12.3%``)
  is never split (:func:`keep_whole`); any other token (a Korean word, a URL) is kept whole too, but
  counts at most ``soft_cap`` ems towards the column's minimum, since as a last resort such a word may
  break between syllables.
- A column's **minimum** is its widest token, its **maximum** the widest unwrapped cell (lines of a cell
  separated by ``"\\n"``), each plus the cell padding.
- :func:`distribute` shares an available width out: each column gets its minimum, and the rest in
  proportion to ``maximum - minimum``; when even the maximums fit, the spare room goes in proportion
  to the maximums (a full-width table) or stays unused (``fill=False``). When the minimums do not fit
  it returns None: the caller shrinks the type (:func:`fit`), turns the page, or splits the columns
  (:func:`column_groups`).

Example::

    ranges = column_ranges([["사업", "2026년"], ["청년 주거 지원", "11,106"]], size=9, padding=10)
    widths = distribute(ranges, 450.0)  # -> [w1, w2] in points, or None
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import korean

#: measure(text, size, bold) -> width in points
Measure = Callable[[str, float, bool], float]

_BREAKS = re.compile(r"[ \t\n\r\f\v\u2002-\u200b\u3000]+")  # breakable white space (not NBSP)
_DIGIT = re.compile(r"\d")
SOFT_CAP_EM = 8.0


def tokens(text: str) -> list[str]:
    """The pieces of ``text`` a line may not be broken inside (Korean break rules applied)."""
    return [t for t in _BREAKS.split(korean.protect_breaks(text)) if t]


def keep_whole(token: str) -> bool:
    """Whether a token must never be split, even as a last resort: numbers and numbers with units."""
    return _DIGIT.search(token) is not None


@functools.cache
def _faces(bold: bool) -> tuple[tuple[str, frozenset[int]], ...]:
    from . import fonts

    chain = fonts.chain(None)
    return tuple((f.bold if bold else f.regular, f.coverage) for f in chain)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` in the bundled fonts (per-character fallback)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    faces = _faces(bold)
    first_name, first_cov = faces[0]
    if first_cov.issuperset(map(ord, text)):
        return float(stringWidth(text, first_name, size))
    total = 0.0
    for ch in text:
        name = next((n for n, cov in faces if ord(ch) in cov), first_name)
        total += stringWidth(ch, name, size)
    return total


@dataclass(frozen=True, slots=True)
class ColumnRange:
    """The narrowest a column may be (its widest token) and its natural, unwrapped width, in points."""

    minimum: float
    maximum: float


def cell_range(
    text: str,
    size: float,
    *,
    bold: bool = False,
    measure: Measure = text_width,
    soft_cap: float = SOFT_CAP_EM,
) -> ColumnRange:
    """Minimum and maximum width of one cell's text (lines separated by ``"\\n"``), without padding."""
    cap = soft_cap * size
    minimum = maximum = 0.0
    for line in text.split("\n"):
        words = tokens(line)
        if not words:
            continue
        space = measure(" ", size, bold)
        widths = [measure(w, size, bold) for w in words]
        maximum = max(maximum, sum(widths) + space * (len(words) - 1))
        for word, width in zip(words, widths, strict=True):
            minimum = max(minimum, width if keep_whole(word) else min(width, cap))
    return ColumnRange(minimum, max(minimum, maximum))


def column_ranges(
    rows: Sequence[Sequence[str]],
    size: float,
    *,
    padding: float = 0.0,
    header_rows: int = 0,
    measure: Measure = text_width,
    soft_cap: float = SOFT_CAP_EM,
    min_em: float = 0.0,
) -> list[ColumnRange]:
    """Per column, the minimum and maximum width over all its cells, plus ``padding`` (left + right).

    ``rows`` are cell texts; the first ``header_rows`` rows are measured bold. Short rows are fine.
    With ``min_em``, no column's text is narrower than that many ems, an empty column's neither.
    """
    columns = max((len(r) for r in rows), default=0)
    low = [0.0] * columns
    high = [0.0] * columns
    for index, row in enumerate(rows):
        bold = index < header_rows
        for col, text in enumerate(row):
            r = cell_range(text, size, bold=bold, measure=measure, soft_cap=soft_cap)
            low[col] = max(low[col], r.minimum)
            high[col] = max(high[col], r.maximum)
    least = min_em * size
    return [
        ColumnRange(max(lo, least) + padding, max(hi, least) + padding)
        for lo, hi in zip(low, high, strict=True)
    ]


def distribute(ranges: Sequence[ColumnRange], available: float, *, fill: bool = True) -> list[float] | None:
    """Column widths for ``available`` points, CSS automatic layout; None if the minimums do not fit."""
    if not ranges:
        return []
    low = sum(r.minimum for r in ranges)
    high = sum(r.maximum for r in ranges)
    if low > available + 1e-6:
        return None
    if high <= available:
        if not fill or high <= 0:
            return [r.maximum for r in ranges] if high > 0 else [available / len(ranges)] * len(ranges)
        return [r.maximum * available / high for r in ranges]
    share = (available - low) / (high - low)
    return [r.minimum + (r.maximum - r.minimum) * share for r in ranges]


@dataclass(frozen=True, slots=True)
class Fit:
    """A size at which a table's columns fit, and the column widths at that size."""

    size: float
    widths: tuple[float, ...]


def fit(
    rows: Sequence[Sequence[str]],
    available: float,
    size: float,
    *,
    min_size: float = 7.0,
    step: float = 0.5,
    padding: float = 0.0,
    header_rows: int = 0,
    measure: Measure = text_width,
    fill: bool = True,
    floor_em: float = 0.0,
    min_em: float = 0.0,
) -> Fit | None:
    """The largest font size from ``size`` down to ``min_size`` at which every column's minimum fits.

    Widths scale linearly with the size, so the table is measured once, at ``size``. With
    ``floor_em``, a column whose text wraps is given at least that many ems (or its unwrapped width,
    if less) as its minimum, so that a name column is not squeezed to its longest word. ``min_em`` is
    :func:`column_ranges`'s.
    """
    base = column_ranges(rows, size, header_rows=header_rows, measure=measure, min_em=min_em)
    current = size
    while current >= min_size - 1e-6:
        k = current / size
        floor = floor_em * current
        ranges = [
            ColumnRange(max(r.minimum * k, min(r.maximum * k, floor)) + padding, r.maximum * k + padding)
            for r in base
        ]
        widths = distribute(ranges, available, fill=fill)
        if widths is not None:
            return Fit(current, tuple(widths))
        current = round(current - step, 3)
    return None


def column_groups(
    ranges: Sequence[ColumnRange], available: float, *, repeat_first: bool = True
) -> list[list[int]]:
    """Split columns into consecutive groups whose minimums fit ``available``; with ``repeat_first``,
    column 0 starts every group (the row labels). A column too wide on its own gets a group of its own."""
    if not ranges:
        return []
    first = ranges[0].minimum if repeat_first else 0.0
    start = 1 if repeat_first else 0
    groups: list[list[int]] = []
    current: list[int] = []
    used = first
    for col in range(start, len(ranges)):
        width = ranges[col].minimum
        if current and used + width > available:
            groups.append(current)
            current, used = [], first
        current.append(col)
        used += width
    if current or not groups:
        groups.append(current)
    if repeat_first:
        return [[0, *g] for g in groups]
    return groups


__all__ = [
    "ColumnRange",
    "Fit",
    "Measure",
    "cell_range",
    "column_groups",
    "column_ranges",
    "distribute",
    "fit",
    "keep_whole",
    "text_width",
    "tokens",
]
