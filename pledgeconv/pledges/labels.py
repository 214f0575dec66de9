"""The one table of pledge item labels: the five items of the election law and the ways books write them."""

from __future__ import annotations

import re

from ..frozen import dataclass

#: The five items of 공직선거법 제60조의3 / 제66조, in the law's order (the keys of the JSON).
ITEMS: tuple[str, ...] = ("목표", "우선순위", "이행절차", "이행기한", "재원조달방안")

#: Label as written (spaces removed) → the item it stands for. One place for every spelling.
LABELS: dict[str, str] = {
    # 목표
    "목표": "목표",
    "공약목표": "목표",
    "추진목표": "목표",
    # 우선순위
    "우선순위": "우선순위",
    "공약순위": "우선순위",
    "순위": "우선순위",
    # 이행절차
    "이행절차": "이행절차",
    "이행방법": "이행절차",
    "추진방법": "이행절차",
    "추진절차": "이행절차",
    "이행방안": "이행절차",
    # 이행기한
    "이행기한": "이행기한",
    "이행기간": "이행기한",
    "추진일정": "이행기한",
    "추진기간": "이행기한",
    "이행시기": "이행기한",
    # 재원조달방안
    "재원조달방안": "재원조달방안",
    "재원조달방안등": "재원조달방안",
    "재원조달": "재원조달방안",
    "재원대책": "재원조달방안",
    "재원마련방안": "재원조달방안",
    "소요재원": "재원조달방안",
}

#: "1순위", "2 순위": a priority written as the label itself.
RANK_RE = re.compile(r"^(\d{1,3})\s*순위$")

#: Markers that lead a label line in 개조식 and pledge books (□ 목 표, ▲목표, ■ 재원 …).
MARKERS = "▲△□■○●◆◇▶▷►※◎·ㆍ•-–—*"

#: The statutory line that ends a 선거공약서 (공직선거법 제66조), spaces and final period aside.
STATUTORY_LINE = "이 선거공약서는 「공직선거법」 제66조의 규정에 따른 것입니다"


def squeeze(text: str) -> str:
    """``text`` without spaces and periods, to compare fixed wording."""
    return re.sub(r"[\s.。]", "", text)


_STATUTORY_SQUEEZED = squeeze(STATUTORY_LINE)


def is_statutory_line(text: str) -> bool:
    """Whether ``text`` is the closing line of a 선거공약서 (spacing and the final period aside)."""
    return text.lstrip().startswith("이") and squeeze(text) == _STATUTORY_SQUEEZED


def item_for(label: str) -> str | None:
    """The item a label stands for ("이행 방법" → "이행절차", "2순위" → "우선순위"), else None."""
    key = re.sub(r"\s+", "", label).strip(":：")
    if key in LABELS:
        return LABELS[key]
    if RANK_RE.match(key):
        return "우선순위"
    return None


_MARKER_RE = re.compile(r"\s*([" + re.escape(MARKERS) + r"]\s*)?")
# After the label: a colon, a dash or ")" with space, a space, or the end of the line.
_SEP_RE = re.compile(r"\s*[:：]\s*|\s*[-–—]\s+|\s*\)\s*|\s+|$")
_LONGEST = max(len(k) for k in LABELS)
_FIRST_LETTERS = frozenset("0123456789" + "".join(k[0] for k in LABELS))
_FIRST_PAIRS = frozenset(k[:2] for k in LABELS)  # every label has two letters or more
_NEXT_LETTER = re.compile(r"\s*(\S)")  # the letter after the first, spaces between them skipped


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """An item label found at the start of a line of text."""

    item: str  # one of ITEMS
    label: str  # as the author wrote it ("목 표", "이행방법", "재원조달방안 등")
    end: int  # where the label and its separator end in the text
    marker: bool  # led by a marker (▲ □ ■ …)
    colon: bool  # followed by ":"

    def rest(self, text: str) -> str:
        """What follows the label on its line."""
        return text[self.end :].strip()


def find_label(text: str) -> LabelMatch | None:
    """The item label ``text`` starts with (any spelling of the table, letters maybe spaced:
    "목 표"), or None. The longest label wins ("재원조달방안 등" over "재원조달")."""
    lead = _MARKER_RE.match(text)
    assert lead is not None  # the pattern matches the empty string
    start = lead.end()
    if text[start : start + 1] not in _FIRST_LETTERS:
        return None  # most lines: no label starts so
    if not text[start].isdigit():  # and of the rest, most start with another word ("이번", "우리")
        second = _NEXT_LETTER.match(text, start + 1)
        if second is None or text[start] + second.group(1) not in _FIRST_PAIRS:
            return None
    letters = ""
    ends: list[tuple[str, int]] = []
    for i in range(start, min(len(text), start + 2 * _LONGEST)):
        ch = text[i]
        if ch.isspace():
            continue
        if not ch.isalnum():
            break
        letters += ch
        ends.append((letters, i + 1))
    for key, end in reversed(ends):
        item = LABELS.get(key) or ("우선순위" if key[0].isdigit() and RANK_RE.match(key) else None)
        if item is None:
            continue
        sep = _SEP_RE.match(text, end)
        if sep is None:
            continue
        colon = ":" in sep.group() or "：" in sep.group()
        return LabelMatch(item, text[start:end].strip(), sep.end(), bool(lead.group(1)), colon)
    return None


def match_label(text: str, *, marked: bool = False) -> LabelMatch | None:
    """The label a line of text starts with, when it reads as a label and not as a sentence.

    A plain line needs a marker (``▲목표``, ``□ 목 표``), a colon (``목표: …``) or nothing after the
    label; ``marked`` (the label is bold, or a table cell) is enough on its own. So a sentence that
    starts "목표는 …" or "재원 조달이 …" is never taken for a label.
    """
    found = find_label(text)
    if found is None:
        return None
    if found.marker or found.colon or marked or not found.rest(text):
        return found
    return None


__all__ = [
    "ITEMS",
    "LABELS",
    "MARKERS",
    "STATUTORY_LINE",
    "LabelMatch",
    "find_label",
    "is_statutory_line",
    "item_for",
    "match_label",
    "squeeze",
]
