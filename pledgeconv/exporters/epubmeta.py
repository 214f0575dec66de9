"""EPUB accessibility metadata: what the book holds (pictures and their text, tables, notes) said in
schema.org terms, a summary in the book's language, and whether it claims EPUB Accessibility 1.1."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..model import Image, Table
from ..resolved import Resolved
from ..transforms import iter_blocks, iter_inlines

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\salt\s*=\s*("[^"]*[^"\s][^"]*"|'[^']*[^'\s][^']*')""", re.IGNORECASE)
_SCRIPT = re.compile(r"<script\b|<[^>]+\son[a-z]+=", re.IGNORECASE)


class Pictures(Protocol):
    """The package's image files (only whether there are any is asked)."""

    files: list[tuple[str, bytes, str]]


@dataclass(frozen=True, slots=True)
class Facts:
    """The accessibility metadata of one book."""

    modes: tuple[str, ...]
    sufficient: tuple[str, ...]
    features: tuple[str, ...]
    summary: str
    conforms: bool


def accessibility_facts(resolved: Resolved, images: Pictures, pages: Sequence[str]) -> Facts:
    """The facts of the book whose content documents are ``pages`` (XHTML as written)."""
    doc = resolved.doc
    blocks = [*doc.blocks, *(b for note in doc.notes for b in note.blocks)]
    pictures = [n for n in iter_inlines(blocks) if isinstance(n, Image)]
    shown = [i for i in pictures if resolved.image(i) is not None]
    missing = len(pictures) - len(shown)
    tags = [tag for page in pages for tag in _IMG.findall(page)]
    all_described = all(_ALT.search(tag) for tag in tags) and all(i.alt.strip() for i in shown)
    visual = bool(tags or images.files)
    tables = any(isinstance(b, Table) for b in iter_blocks(blocks))
    scripted = any(_SCRIPT.search(page) for page in pages)
    modes = ("textual", "visual") if visual else ("textual",)
    sufficient = (("textual",) if all_described else ()) + (("textual,visual",) if visual else ())
    features = ["tableOfContents", "readingOrder", "structuralNavigation", "ARIA", "displayTransformability"]
    if visual and all_described:
        features.insert(0, "alternativeText")
    conforms = all_described and not scripted
    language = "ko" if resolved.korean else "en"  # the labels' rule: Korean, else English
    return Facts(
        modes,
        sufficient or ("textual",),
        tuple(features),
        summary_text(language, visual, all_described, missing, tables, bool(doc.notes), conforms),
        conforms,
    )


# The accessibility summary's sentences, in Korean and in English: one table, one composer.
SUMMARY = {
    "ko": {
        "nav": "이 책은 차례와 제목 구조, 랜드마크로 탐색할 수 있으며, 화면에 보이는 순서가 읽는 순서와 같습니다.",
        "described": "모든 그림에는 내용을 설명하는 대체 텍스트가 있어 글만으로도 내용을 모두 알 수 있습니다.",
        "undescribed": "일부 그림에는 대체 텍스트가 없어 그 내용은 눈으로만 알 수 있습니다.",
        "text": "모든 내용이 텍스트로 되어 있습니다.",
        "missing": "원본에서 찾지 못한 그림 {n}개는 그 자리에 안내 문구를 넣었습니다.",
        "tables": "표에는 머리글 행이 표시되어 있습니다.",
        "notes": "각주와 본문은 서로 링크로 오갈 수 있습니다.",
        "hazards": "깜박임, 소리, 움직임 같은 위험 요소는 없습니다.",
        "conforms": "EPUB 접근성 1.1과 WCAG 2.2 AA 수준을 충족하도록 만들었습니다.",
    },
    "en": {
        "nav": "Navigable by table of contents, headings and landmarks; the reading order is the visual order.",
        "described": "Every picture has alternative text, so all content is available as text.",
        "undescribed": "Some pictures have no alternative text.",
        "text": "All content is text.",
        "missing": "{n} picture(s) missing from the source are replaced by a notice.",
        "tables": "Tables mark their header rows.",
        "notes": "Footnotes and the text link to each other.",
        "hazards": "No flashing, sound or motion hazards.",
        "conforms": "Made to meet EPUB Accessibility 1.1 and WCAG 2.2 Level AA.",
    },
}


def summary_text(
    lang: str, visual: bool, described: bool, missing: int, tables: bool, notes: bool, conforms: bool
) -> str:
    """The accessibility summary of a book with these facts, in ``lang`` ("ko" or "en")."""
    say = SUMMARY[lang]
    parts = [
        say["nav"],
        say["described"] if visual and described else say["undescribed"] if visual else say["text"],
    ]
    if missing:
        parts.append(say["missing"].format(n=missing))
    parts += [say[key] for key, present in (("tables", tables), ("notes", notes)) if present]
    parts.append(say["hazards"])
    if conforms:
        parts.append(say["conforms"])
    return " ".join(parts)
