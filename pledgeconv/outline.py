"""List markers, decided once: the one table every format (PDF, DOCX, HWPX, HTML/EPUB, braille, pledge data) reads.

A list in the model (``BulletList.style`` / ``OrderedList.style``) names its marker style by the
marker of its first possible item, exactly as an author writes it: ``"1."``, ``"가."``, ``"1)"``,
``"가)"``, ``"(1)"``, ``"(가)"``, ``"①"``, ``"㉮"`` (ordered) or ``"□"``, ``"○"``, ``"-"`` … (개조식
bullets); such markers are shown as written, in every format. ``""`` means Markdown's own list
(and every list in strict mode); :func:`list_style` decides its markers by nesting depth: ordered
lists follow ``ORDERED`` (1. → 가. → 1) → 가) → (1) → (가) → ① → ㉮, the order of the government
writing manual, 행정업무운영 편람), bullets ``MARKDOWN_BULLETS`` (• → ◦ → ▪, the disc, circle and
square browsers draw). A task item's marker is its box alone (☐ ☑, :func:`labels`). Every exporter
takes marker text, number formats and hanging indents from here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .frozen import dataclass
from .korean import CIRCLED

HANGUL_LETTERS = "가나다라마바사아자차카타파하"
# After 하 Korean documents go on with the next vowel: 거 너 더 … 허.
HANGUL_COUNTER = HANGUL_LETTERS + "거너더러머버서어저처커터퍼허"
# ① … ㉟ (the bundled Nanum Gothic stops there; item 36 is written "(36)")
CIRCLED_NUMBERS = CIRCLED + "".join(chr(c) for c in range(0x3251, 0x3260))
CIRCLED_HANGUL = "".join(chr(c) for c in range(0x326E, 0x327C))  # ㉮ … ㉻


@dataclass(frozen=True, slots=True)
class MarkerStyle:
    """One kind of list marker.

    ``counter`` is "decimal", "hangul" (가 나 다 …), "circled" (① ② …), "circled-hangul" (㉮ ㉯ …)
    or "" for a bullet whose marker is ``prefix`` itself. ``docx_format`` is the OOXML ``w:numFmt``
    (None: Word has no such format, write the marker as text); ``hwpx_format`` the OWPML number type.
    """

    key: str
    counter: str
    prefix: str = ""
    suffix: str = ""
    docx_format: str | None = "bullet"
    hwpx_format: str = ""

    @property
    def ordered(self) -> bool:
        """True for numbered styles, False for 개조식 bullets."""
        return bool(self.counter)

    def marker(self, n: int = 1) -> str:
        """The marker of item ``n`` (1-based) as the author writes it: "다.", "(3)", "③", "□"."""
        if not self.counter:
            return self.prefix
        digits = _DIGITS[self.counter]
        if digits and 1 <= n <= len(digits):
            return f"{self.prefix}{digits[n - 1]}{self.suffix}"
        if digits and self.counter.startswith("circled"):
            return f"({n})"  # past ㉟ / ㉻: the parenthesised number reads the same
        return f"{self.prefix}{n}{self.suffix}"

    def docx_level_text(self, ilvl: int) -> str:
        """``w:lvlText`` for this style at level ``ilvl`` (0-based): "%2.", "(%3)", "□"."""
        if not self.counter:
            return self.prefix
        return f"{self.prefix}%{ilvl + 1}{self.suffix}"


_DIGITS = {
    "decimal": "",
    "hangul": HANGUL_COUNTER,
    "circled": CIRCLED_NUMBERS,
    "circled-hangul": CIRCLED_HANGUL,
}

ORDERED: tuple[MarkerStyle, ...] = (
    MarkerStyle("1.", "decimal", "", ".", "decimal", "DIGIT"),
    MarkerStyle("가.", "hangul", "", ".", "ganada", "HANGUL_SYLLABLE"),
    MarkerStyle("1)", "decimal", "", ")", "decimal", "DIGIT"),
    MarkerStyle("가)", "hangul", "", ")", "ganada", "HANGUL_SYLLABLE"),
    MarkerStyle("(1)", "decimal", "(", ")", "decimal", "DIGIT"),
    MarkerStyle("(가)", "hangul", "(", ")", "ganada", "HANGUL_SYLLABLE"),
    MarkerStyle("①", "circled", "", "", "decimalEnclosedCircle", "CIRCLED_DIGIT"),
    MarkerStyle("㉮", "circled-hangul", "", "", None, "CIRCLED_HANGUL_SYLLABLE"),
)
BULLET_MARKS = "□■○●◦-·※▶"
BULLETS: tuple[MarkerStyle, ...] = tuple(MarkerStyle(mark, "", mark) for mark in BULLET_MARKS)
STYLES: dict[str, MarkerStyle] = {s.key: s for s in ORDERED + BULLETS}
# Markdown's own bullets (``-``, ``*``, ``+``) by nesting depth: disc, circle, square, as browsers draw.
MARKDOWN_BULLETS: tuple[MarkerStyle, ...] = tuple(MarkerStyle(mark, "", mark) for mark in "•◦▪")
# A task item's marker: its box, and nothing else (no bullet before it).
TASK_BOXES = {False: "☐", True: "☑"}
# The 항 > 호 > 목 order of Korean laws (① > 1. > 가.): a run of 호 after a 항 paragraph nests under it.
LAW_ORDER: tuple[str, ...] = ("①", "1.", "가.")


def style(key: str) -> MarkerStyle | None:
    """The marker style a list's ``style`` field names; None for Markdown's default markers."""
    return STYLES.get(key)


def list_style(key: str, ordered: bool, depth: int) -> MarkerStyle:
    """The one decision on a list's markers: the author's style ``key`` as written, else (a Markdown
    list) the outline order by ``depth`` (0 for a top-level list; every enclosing list counts)."""
    kept = STYLES.get(key)
    if kept is not None:
        return kept
    table = ORDERED if ordered else MARKDOWN_BULLETS
    return table[depth % len(table)]


def labels(kind: MarkerStyle, start: int, checked: Sequence[bool | None]) -> list[str]:
    """Each item's marker: item ``start + k``'s number in ``kind``, or a task item's box alone."""
    return [TASK_BOXES[box] if box is not None else kind.marker(start + k) for k, box in enumerate(checked)]


def written(key: str, ordered: bool, n: int) -> str:
    """Item ``n``'s marker as it is written in Markdown source (pledge data): the author's style as
    written, else Markdown's own ``-`` / ``n.`` (how it renders is :func:`list_style`'s decision)."""
    kept = STYLES.get(key)
    if kept is not None:
        return kept.marker(n)
    return f"{n}." if ordered else "-"


def law_child(key: str) -> str | None:
    """The style that nests under ``key`` in a law (① → 1. → 가.), or None."""
    if key in LAW_ORDER[:-1]:
        return LAW_ORDER[LAW_ORDER.index(key) + 1]
    return None


# A marker at the start of a line, followed by white space (or the end of the line).
# Numbers have one or two digits: "2026. 5. 20." (a date) and "1.5배" are not items.
_MARKER = re.compile(
    r"(?:(?P<dec>\d{1,2})(?P<dsep>[.)])(?!\s*\d{1,2}\.)"
    rf"|(?P<han>[{HANGUL_LETTERS}])(?P<hsep>[.)])"
    r"|\((?P<pdec>\d{1,2})\)"
    rf"|\((?P<phan>[{HANGUL_LETTERS}])\)"
    rf"|(?P<circ>[{CIRCLED_NUMBERS}])"
    rf"|(?P<chan>[{CIRCLED_HANGUL}])"
    rf"|(?P<bullet>[{re.escape(BULLET_MARKS.replace('※', ''))}])"
    r")(?:[ \t\u00a0\u3000]+|$)"
    r"|(?P<note>※)[ \t\u00a0\u3000]*"
)


@dataclass(frozen=True, slots=True)
class Marker:
    """A marker found at the start of a line: its style key, its number (1 for bullets), its length."""

    style: str
    value: int
    end: int

    @property
    def weak(self) -> bool:
        """Numbers and Hangul letters also begin ordinary lines; bullets and circled marks do not."""
        return STYLES[self.style].counter in ("decimal", "hangul")


def match_marker(text: str) -> Marker | None:
    """The outline or 개조식 marker ``text`` starts with (white space after it included), or None."""
    m = _MARKER.match(text)
    if m is None:
        return None
    g = m.group
    if g("dec"):
        return Marker("1" + g("dsep"), int(g("dec")), m.end())
    if g("han"):
        return Marker("가" + g("hsep"), HANGUL_COUNTER.index(g("han")) + 1, m.end())
    if g("pdec"):
        return Marker("(1)", int(g("pdec")), m.end())
    if g("phan"):
        return Marker("(가)", HANGUL_COUNTER.index(g("phan")) + 1, m.end())
    if g("circ"):
        return Marker("①", CIRCLED_NUMBERS.index(g("circ")) + 1, m.end())
    if g("chan"):
        return Marker("㉮", CIRCLED_HANGUL.index(g("chan")) + 1, m.end())
    return Marker(g("bullet") or "※", 1, m.end())


def marker_width(markers: list[str]) -> float:
    """The width, in em of the body text, a list needs for its widest marker plus a gap: the
    hanging indent every format gives it (Hangul, circled marks and boxes are 1 em wide, digits and
    ASCII punctuation about 0.55 em)."""
    widest = max((sum(0.55 if ord(ch) < 0x2000 else 1.0 for ch in m) for m in markers), default=1.0)
    return round(widest + 0.5, 2)


def width_class(markers: list[str]) -> str:
    """The CSS class for a list's hanging indent: ``m1`` (1.6 em) … ``m4`` (3.4 em)."""
    width = marker_width(markers)
    for name, limit in (("m1", 1.6), ("m2", 2.2), ("m3", 2.8)):
        if width <= limit:
            return name
    return "m4"
