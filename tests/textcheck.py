"""Independent text fidelity: the text blocks markdown-it itself sees, looked for in an output."""

from __future__ import annotations

import itertools
import re
import unicodedata

from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

_BLOCK_TAGS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre", "blockquote", "dt", "dd"]
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Collapse white space, drop word joiners and zero-width spaces (the HTML and DOCX say with them
    where a line may or may not break after a middle dot) and normalise to NFC."""
    text = unicodedata.normalize("NFC", text).replace("\u2060", "").replace("\u200b", "")
    return _WS.sub(" ", text).strip()


def source_blocks(markdown: str) -> list[str]:
    """The text of every innermost block of the source as plain markdown-it renders it."""
    md = (
        MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(tasklists_plugin)
    )
    soup = BeautifulSoup(md.render(markdown), "html.parser")
    for ref in soup.select("a.footnote-backref"):
        ref.decompose()
    for ref in soup.select("sup.footnote-ref"):  # note numbers differ by format and book: split there
        ref.replace_with(_CUT)
    blocks: list[str] = []
    for el in soup.find_all(_BLOCK_TAGS):
        if el.find(_BLOCK_TAGS):
            continue  # only innermost blocks: their text must appear contiguously
        for piece in el.get_text(" ").split(_CUT):
            text = _ALERT.sub("", norm(piece))  # GitHub's alert marker is printed as a label
            if text:
                blocks.append(text)
    return blocks


_CUT = "\u241e"  # a marker no pledge text contains
_ALERT = re.compile(r"^\[!(?:note|tip|important|warning|caution)\] ?", re.IGNORECASE)


def missing_blocks(markdown: str, output_text: str) -> list[str]:
    """Source blocks whose text is not found in ``output_text`` (white space folded; ‧ read as ·,
    which is how the DOCX writes it)."""
    haystack = norm(output_text).replace("\u2027", "\u00b7")
    squeezed = squeeze(haystack)
    out = []
    for block in source_blocks(markdown):
        b = block.replace("\u2027", "\u00b7")
        if b not in haystack and squeeze(b) not in squeezed:
            out.append(block)
    return out


def squeeze(text: str) -> str:
    """Text without white space or emphasis delimiters: the reference parser does not know the
    Korean-particle emphasis rule, so it keeps ``**`` that pledge mode turns into bold."""
    return _SQUEEZE.sub("", text)


_SQUEEZE = re.compile(r"[\s*_~]+")


def html_text(html: str) -> str:
    """The visible text of an HTML document (no head, no script/style)."""
    soup = BeautifulSoup(html, "html.parser")
    for el in soup(["head", "style", "script"]):
        el.decompose()
    return soup.get_text(" ")


def split_words(markdown: str, rendered_text: str) -> list[str]:
    """Line ends in ``rendered_text`` (e.g. pdftotext output) that fall inside a source word.

    A break between ``a`` (end of one line) and ``b`` (start of the next) splits a word when the
    source has ``ab`` with nothing between them but never ``a`` and ``b`` separated by white space —
    unless KOREAN.md allows a break there (after a dot of a long ㆍ list, inside an address).
    """
    from pledgeconv.korean import line_breaks

    blocks = source_blocks(markdown)
    joined = "\n".join(blocks)
    spaced = norm(joined)
    lines = [ln.strip() for ln in unicodedata.normalize("NFC", rendered_text).splitlines() if ln.strip()]
    bad: list[str] = []
    for a, b in itertools.pairwise(lines):
        last, first = a.split()[-1], b.split()[0]
        if len(last) in line_breaks(last + first):
            continue
        if f"{last}{first}" in joined and f"{last} {first}" not in spaced:
            bad.append(f"{a[-20:]} / {b[:20]}")
    return bad


# A printed address may be broken over lines (KOREAN.md: after / . ? &, before -).
_PRINTED_ADDRESS = re.compile(r"\((?:https?://|ftp://)(?:[^()\s]|\n(?=\S))*\)|\([^()\s@]+@[^()\s]+\)")
_LEADERS = re.compile(r"(?: ?\.){4,}")  # a contents leader, not an ellipsis ("...")


def print_text(pdf_text: str) -> str:
    """PDF text without what print adds: link addresses after their text ("저장소(https://…)")
    and the dot leaders of the contents page."""
    return _LEADERS.sub(" ", _PRINTED_ADDRESS.sub("", pdf_text))
