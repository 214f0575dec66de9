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


# -- headings that wrapped onto the next line ---------------------------------------------------

# Endings that leave a Korean phrase unfinished: case particles (을 를 에 로 …), connective endings
# (하고, 하며, 위해) and adnominal forms (위한, 하는) — a heading ending so wants the next line.
_OPEN_ENDINGS = (
    "을", "를", "에", "에서", "로", "으로", "와", "과", "의", "및", "께", "까지", "부터", "에게",
    "하고", "하며", "하여", "해", "위해", "통해", "위한", "대한", "하는", "있는", "되는", "같은",
)  # fmt: skip
_CLOSED_END = re.compile(r"[.?!)\]」』”’…:;。？！）]$")
_SENTENCE_END = re.compile(r"(?:다|요|죠|까|라|자|오)[.?!]?$|[.?!]$")


def columns(text: str) -> int:
    """Display width: Hangul and other wide characters take two columns."""
    return sum(
        2 if ord(ch) >= 0x1100 and (is_hangul(ch) or 0x2E80 <= ord(ch) <= 0xFFDC) else 1 for ch in text
    )


def heading_wrapped(heading: str, next_line: str) -> bool:
    """True when ``next_line`` is the rest of an ATX heading that an author or editor wrapped.

    The heading must look unfinished — no closing mark at its end, and its last word ends in a
    particle, a connective ending or a comma (with at least three words), or it is as long as an
    editor's line — and the next line must be one short line that ends the sentence
    (``### 둘째, … G7+ 대한민국을`` / ``이루겠습니다.``). A line that could stand as a paragraph of
    its own is never taken.
    """
    heading, next_line = heading.strip(), next_line.strip()
    if not heading or not next_line or _CLOSED_END.search(heading):
        return False
    words = heading.split()
    last = words[-1]
    open_end = last.endswith(",") or (len(last) > 1 and last.endswith(_OPEN_ENDINGS))
    if not ((len(words) >= 3 and open_end) or columns(heading) >= 70):
        return False
    return len(next_line.split()) <= 3 and columns(next_line) <= 24 and bool(_SENTENCE_END.search(next_line))
