"""Korean text rules shared by the parser and the exporters (Hangul classes, ordinals, breaks)."""

from __future__ import annotations

import re

NATIVE_ORDINALS = ("첫째", "둘째", "셋째", "넷째", "다섯째", "여섯째", "일곱째", "여덟째", "아홉째", "열째")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# "첫째, …", "열한째 …" are not in use; "1. …", "1) …", "① …".
ORDINAL_RE = re.compile(
    r"^\s*(?:(?P<native>" + "|".join(NATIVE_ORDINALS) + r")(?=[\s,.:]|$)"
    r"|(?P<digit>\d{1,3})[.)](?=\s|$)"
    r"|(?P<circled>[" + CIRCLED + r"]))"
)


def is_hangul(ch: str) -> bool:
    """True for Hangul syllables and jamo (the letters a Korean particle is made of)."""
    o = ord(ch)
    return (
        0xAC00 <= o <= 0xD7A3
        or 0x1100 <= o <= 0x11FF
        or 0x3130 <= o <= 0x318F
        or 0xA960 <= o <= 0xA97F
        or 0xD7B0 <= o <= 0xD7FF
    )


def ordinal(text: str) -> str | None:
    """The Korean pledge ordinal a heading starts with ("첫째", "1", "①"), or None."""
    m = ORDINAL_RE.match(text)
    if not m:
        return None
    return m.group("native") or m.group("digit") or m.group("circled")


# KLREQ line-breaking classes, one table for every format: the PDF breaks its lines itself with
# them, the DOCX hands them to Word (w:noLineBreaksBefore/After). Never at a line start: closing
# brackets and quotes (half- and full-width), sentence punctuation, middle dots, ellipses, and
# postfix units and signs; never at a line end: opening brackets and quotes, and prefix currency.
NO_LINE_START = frozenset(
    ")]}〉》」』】〕’”" "）］｝" ".,?!:;" "．，？！：；、。" "·‧ㆍ…‥" "%％‰℃°¢"
)  # fmt: skip
NO_LINE_END = frozenset("([{〈《「『【〔‘“" "（［｛" "$£¥＄")
UNITS = frozenset("%％℃°‰")


def sorted_chars(chars: frozenset[str]) -> str:
    """A character class as one string, in code point order (for formats that list them)."""
    return "".join(sorted(chars))
NBSP = "\u00a0"


def _char_class(chars: frozenset[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


# A space before a closing mark, after an opening one, or between a number and its unit.
_UNBREAKABLE_SPACE = re.compile(
    f" (?={_char_class(NO_LINE_START)})|(?<={_char_class(NO_LINE_END)}) |(?<=\\d) (?={_char_class(UNITS)})"
)


def protect_breaks(text: str) -> str:
    """Turn the spaces where a line must not break into no-break spaces.

    Lines break only at spaces (Korean breaks between words), so it is enough to protect the
    spaces before closing marks and after opening ones, and between a number and its unit.
    """
    if " " not in text:
        return text
    return _UNBREAKABLE_SPACE.sub(NBSP, text)


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ][\d:.+\-Z]*)?\s*$")


def korean_date(text: str) -> str:
    """An ISO date as Korean print writes it: "2026-05-20" → "2026년 5월 20일", "2026-05" → "2026년 5월".

    Anything else (already Korean, free text, an impossible month) comes back unchanged.
    """
    m = _ISO_DATE.match(text)
    if not m:
        return text
    year, month, day = m.group(1), int(m.group(2)), m.group(3)
    if not 1 <= month <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return text
    return f"{int(year)}년 {month}월" + (f" {int(day)}일" if day is not None else "")
