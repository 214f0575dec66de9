"""Korean text rules shared by the parser and the exporters (Hangul classes, ordinals, breaks)."""

from __future__ import annotations

import itertools
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
NO_LINE_END = frozenset("([{〈《「『【〔‘“（［｛$£¥＄")
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


# -- where a word with no space may still break (issue 28) ----------------------------------------
#
# Korean breaks between words, but two kinds of long "words" would leave the line before them
# loose: a list of compounds joined by middle dots (특별시장ㆍ광역시장ㆍ특별자치시장ㆍ도지사ㆍ…) and a
# printed address. One rule for every format that breaks lines:
# - after a middle dot (· ‧ ㆍ) of a run of three or more items, when the items on both sides are at
#   least two letters long — a pair (미‧중, 전향적·미래지향적) and short items (한·미·일) stay whole;
# - in an address (http://, https://, ftp://, www.): after / . ? & (never inside "://") and before a
#   hyphen — a hyphen at a line's end reads as one added by hyphenation, and text extraction
#   (pdftotext, copy and paste) drops it — leaving at least two characters on each side; and before
#   the "(" that opens a printed address; a path or a dotted name of 12 or more characters with two
#   or more / or . (경로/대상/파일, <서비스-이름>.<네임스페이스>.svc.cluster.local) likewise, after
#   its / and . — never between two digits (12.3, 2026.5.20 stay whole);
# - nowhere else: a hyphen joined to Hangul (K-외교) holds, as a middle dot of a pair does.
# The PDF breaks there only when keeping the word whole would leave the line loose; HTML, EPUB and
# DOCX get a zero-width space after such a dot (a break opportunity browsers, Word and LibreOffice
# honour) and a word joiner after the others.
MIDDLE_DOTS = "\u00b7\u2027\u318d"  # · ‧ ㆍ
ZWSP = "\u200b"
WJ = "\u2060"
_DOT_RUN = re.compile(f"[^\\s{MIDDLE_DOTS}]+(?:[{MIDDLE_DOTS}][^\\s{MIDDLE_DOTS}]+)+")
_ITEM_CORE = re.compile(r"[\w]+")
_ADDRESS = re.compile(r"(?:https?|ftp)://[^\s()<>]+|www\.[^\s()<>]+")
_ADDRESS_BREAK = frozenset("/.?&")
_PATH = re.compile(r"[^\s()]{12,}")


def _item_letters(item: str) -> int:
    """Letters of a listed item, without the brackets or particles glued to its outside."""
    return max((len(m) for m in _ITEM_CORE.findall(item)), default=0)


def dot_breaks(text: str) -> list[int]:
    """Offsets in ``text`` right after a middle dot where a line may break (see the rule above)."""
    out: list[int] = []
    for run in _DOT_RUN.finditer(text):
        items = re.split(f"[{MIDDLE_DOTS}]", run.group(0))
        if len(items) < 3:
            continue
        at = run.start()
        for left, right in itertools.pairwise(items):
            at += len(left) + 1
            if _item_letters(left) >= 2 and _item_letters(right) >= 2:
                out.append(at)
    return out


def address_breaks(text: str) -> list[int]:
    """Offsets in ``text`` inside a web address where a line may break (see the rule above)."""
    out: list[int] = []
    for m in _ADDRESS.finditer(text):
        start, end = m.start(), m.end()
        if start > 1 and text[start - 1] == "(" and not text[start - 2].isspace():
            out.append(start - 1)  # before a printed address's "("
        scheme = text.find("://", start, end)
        first = scheme + 3 if scheme >= 0 else start
        for i in range(first, end):
            at = i + 1 if text[i] in _ADDRESS_BREAK else i if text[i] == "-" else -1
            if at - start >= 2 and end - at >= 2:
                out.append(at)
    if out:
        return out
    for m in _PATH.finditer(text):
        start, end = m.start(), m.end()
        cuts = [
            i + 1 for i in range(start + 1, end - 2)
            if text[i] in "/." and not (text[i - 1].isdigit() and text[i + 1].isdigit()) and text[i + 1] not in "/."
        ]  # fmt: skip
        if len(cuts) >= 2:
            out.extend(at for at in cuts if at - start >= 2 and end - at >= 2)
    return out


def line_breaks(word: str) -> list[int]:
    """Every offset inside a space-free ``word`` after which a line may break, in order."""
    if not any(c in word for c in MIDDLE_DOTS) and "/" not in word and "." not in word:
        return []
    return sorted(set(dot_breaks(word)) | set(address_breaks(word)))


_HYPHEN_HANGUL = re.compile("(?<=[^\\s])-(?=[\uac00-\ud7a3])")


def mark_breaks(text: str, *, hyphens: bool = True) -> str:
    """``text`` with the middle-dot rule made explicit for a format whose reader breaks the lines
    (HTML, EPUB, DOCX): a zero-width space where a line may break after a dot, a word joiner after
    a dot of a pair or of short items and after a hyphen joined to Hangul (K-외교), where browsers
    would break. Addresses are left alone (a browser may break a link anywhere; its text is copied).
    ``hyphens=False`` leaves hyphens to the caller (DOCX writes a non-breaking hyphen)."""
    if ("-" not in text or not hyphens) and not any(c in text for c in MIDDLE_DOTS):
        return text
    breaks = set(dot_breaks(text))
    out: list[str] = []
    for i, ch in enumerate(text):
        if i in breaks:
            out.append(ZWSP)
        out.append(ch)
        if ch in MIDDLE_DOTS and i + 1 < len(text) and i + 1 not in breaks and not text[i + 1].isspace():
            out.append(WJ)
    marked = "".join(out)
    return _HYPHEN_HANGUL.sub("-" + WJ, marked) if hyphens and "-" in marked else marked


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
