"""Korean outline numbering and 개조식 marks: the one table of list marker styles every format reads.

A list in the model (``BulletList.style`` / ``OrderedList.style``) names its marker style by the
marker of its first possible item, exactly as an author writes it: ``"1."``, ``"가."``, ``"1)"``,
``"가)"``, ``"(1)"``, ``"(가)"``, ``"①"``, ``"㉮"`` (ordered) or ``"□"``, ``"○"``, ``"-"`` … (개조식
bullets). ``""`` means Markdown's own list: exporters keep their default markers for it.

``ORDERED`` lists the ordered styles in the order of the government writing manual (행정업무운영
편람): ``1.`` → ``가.`` → ``1)`` → ``가)`` → ``(1)`` → ``(가)`` → ``①`` → ``㉮``; ``BULLETS`` the 개조식
marks from the outermost (``□``) inwards. Every exporter (HTML/EPUB marker spans, DOCX numbering
definitions, PDF list labels, HWPX numbering) takes marker text and number formats from here.
"""

from __future__ import annotations

import re

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


def style(key: str) -> MarkerStyle | None:
    """The marker style a list's ``style`` field names; None for Markdown's default markers."""
    return STYLES.get(key)


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
