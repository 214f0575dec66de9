"""The resolution pass: decide once, for every format, what the exporters would each re-derive."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .frontpages import contents, has_cover_page
from .korean import korean_date
from .labels import labels_for
from .links import LinkTarget, resolve_link
from .model import Block, Document, Heading, Inline, Link, Note, NoteRef, RawBlock, RawInline
from .options import ExportOptions
from .resolved import Chapter, Resolved, running_head
from .sanitize import clean_html
from .transforms import (
    inlines_of,
    iter_blocks,
    map_blocks,
    map_sequences,
    plain_text,
    split_at_h1,
)


def resolve(doc: Document, options: ExportOptions) -> Resolved:
    """Resolve ``doc`` for rendering with ``options`` (``unsafe_html``, ``toc`` and ``toc_depth``
    matter here)."""
    lang = doc.meta.lang or "ko"
    labels = labels_for(lang)
    named = doc.source and not doc.source.startswith("<")  # "<input>", "<stdin>": no file name
    title = doc.meta.title or (Path(doc.source).stem if named else "") or labels["untitled"]
    # One walk of the body, part by part, and of the notes: every later question (raw HTML? where
    # does each heading and note live? where does each link lead?) reads these lists.
    parts = split_at_h1(doc.blocks)
    surveys = [_survey(part) for part in parts]
    note_surveys = [_survey(n.blocks) for n in doc.notes]
    raw = any(
        isinstance(node, RawInline) for _, inlines in (*surveys, *note_surveys) for node in inlines
    ) or any(isinstance(b, RawBlock) for blocks, _ in (*surveys, *note_surveys) for b in blocks)
    links: dict[str, LinkTarget] = {}
    urls = [  # walked before sanitising: a link dropped with its <script> costs nothing
        node.url for _, inlines in (*surveys, *note_surveys) for node in inlines if isinstance(node, Link)
    ]
    if raw and not options.unsafe_html:  # rebuilding the tree costs: only when there is raw HTML
        doc = sanitise_raw(doc)
        parts = split_at_h1(doc.blocks)
        surveys = [_survey(part) for part in parts]
    refs: dict[int, int] = {}
    for _, inlines in (*surveys, *note_surveys):
        for node in inlines:
            if isinstance(node, NoteRef):
                refs[node.number] = refs.get(node.number, 0) + 1
    homes: dict[int, int] = {}
    heading_chapter: dict[str, int] = {}
    chapters: list[Chapter] = []
    for index, (blocks, inlines) in enumerate(surveys):
        for node in inlines:
            if isinstance(node, NoteRef) and node.number not in homes:
                homes[node.number] = index
        for block in blocks:
            if isinstance(block, Heading) and block.id:
                heading_chapter.setdefault(block.id, index)
    by_home: dict[int, list[Note]] = {}
    for note in doc.notes:  # a note nothing refers to lives in the last part
        by_home.setdefault(homes.setdefault(note.number, max(len(parts) - 1, 0)), []).append(note)
    for index, part in enumerate(parts):
        first = part[0]
        name = plain_text(first.children) if isinstance(first, Heading) and first.level == 1 else ""
        notes = tuple(by_home.get(index, ()))
        chapters.append(Chapter(index, name or title, tuple(part), notes, running_head(name or title)))
    if not chapters:
        chapters.append(Chapter(0, title, (), doc.notes, running_head(title)))
    for url in urls:
        if url not in links:
            links[url] = resolve_link(url, heading_chapter)
    return Resolved(
        doc=doc,
        title=title,
        lang=lang,
        korean=lang.lower().startswith("ko"),
        labels=labels,
        chapters=tuple(chapters),
        heading_chapter=heading_chapter,
        note_chapter=homes,
        links=links,
        date=korean_date(doc.meta.date) if lang.lower().startswith("ko") else doc.meta.date,
        images={f.path: f for f in doc.images},
        note_refs=refs,
        cover=has_cover_page(doc),
        contents=contents(doc, options.toc, options.toc_depth),
    )


def _survey(blocks: Sequence[Block]) -> tuple[list[Block], list[Inline]]:
    """Every block of ``blocks`` (as ``iter_blocks``) and every inline (as ``iter_inlines``)."""
    every = iter_blocks(blocks)
    return every, inlines_of(every)


# ---------------------------------------------------------------------------
# Raw HTML: sanitised once, per raw node

_MARK_RANGE = range(0xE000, 0xF900)  # private-use characters: text to nh3, never markup


def sanitise_raw(doc: Document) -> Document:
    """``doc`` with every raw HTML node sanitised (nh3): a raw block on its own, the raw inlines of
    one run of text together (an opening tag and its closing tag are separate nodes), so that
    the result stays balanced around the Markdown between them. Rendered output is never cleaned."""

    def block_fn(block: Block) -> Block:
        if isinstance(block, RawBlock) and block.format == "html":
            return replace(block, text=clean_html(block.text))
        return block

    def clean(items: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return clean_inline_run(items)

    blocks = map_sequences(map_blocks(doc.blocks, block_fn), clean)
    notes = tuple(replace(n, blocks=map_sequences(map_blocks(n.blocks, block_fn), clean)) for n in doc.notes)
    return replace(doc, blocks=blocks, notes=notes)


def clean_inline_run(items: Sequence[Inline]) -> tuple[Inline, ...]:
    """Sanitise the raw HTML inlines of one run of inlines as one fragment: every stretch of other
    inlines stands in the fragment as a numbered private-use marker, so nh3 sees the raw tags in
    context; the cleaned fragment is cut at the markers again. Inlines inside an element nh3
    drops with its content (``<script>``) go with it."""
    if not any(isinstance(n, RawInline) and n.format == "html" for n in items):
        return tuple(items)
    raw_text = "".join(n.text for n in items if isinstance(n, RawInline))
    mark = next(chr(c) for c in _MARK_RANGE if chr(c) not in raw_text)
    runs: list[list[Inline]] = []
    fragment: list[str] = []
    line = 0
    for node in items:
        if isinstance(node, RawInline) and node.format == "html":
            fragment.append(node.text)
            line = line or node.line
            continue
        if fragment and fragment[-1].endswith(mark) and runs:
            runs[-1].append(node)  # the same stretch as the node before
            continue
        fragment.append(f"{mark}{len(runs)}{mark}")
        runs.append([node])
    cleaned = clean_html("".join(fragment), inline=True)
    out: list[Inline] = []
    pattern = re.compile(f"{re.escape(mark)}(\\d+){re.escape(mark)}")
    pos = 0
    for match in pattern.finditer(cleaned):
        if match.start() > pos:
            out.append(RawInline("html", cleaned[pos : match.start()], line))
        index = int(match.group(1))
        if index < len(runs):
            out.extend(runs[index])
        pos = match.end()
    if pos < len(cleaned):
        out.append(RawInline("html", cleaned[pos:], line))
    return tuple(out)
