"""Find the pledges of a Document and the five items under each, in every writing style books use."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..model import (
    Block,
    BulletList,
    Code,
    CodeBlock,
    Document,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    SoftBreak,
    Span,
    Strike,
    Strong,
    Table,
    TableCell,
    Text,
)
from ..transforms import iter_inlines, plain_text, slugify
from .labels import ITEMS, MARKERS, LabelMatch, is_statutory_line, item_for, match_label
from .markdown import block_md, inlines_md, list_marker


@dataclass(frozen=True, slots=True)
class Item:
    """One of the five items of a pledge, as written: its label, its text and its Markdown."""

    key: str  # one of ITEMS
    label: str  # the author's label ("목 표", "이행방법", "재원조달방안 등")
    text: str  # plain text, one line per line written, 개조식 markers dropped
    markdown: str  # the author's Markdown, markers kept
    line: int = 0


@dataclass(frozen=True, slots=True)
class Pledge:
    """A pledge: its title, chapter, place in the book, and the items found under it."""

    id: str
    order: int
    title: str
    chapter: str
    items: tuple[Item, ...]
    line: int
    source: str
    ordinal: str | None = None
    anchor: str | None = None  # the heading's id, for links
    chapter_index: int = -1  # which H1 of the document it is under (-1: before the first)

    def item(self, key: str) -> Item | None:
        """The item ``key`` (one of ITEMS), or None when the pledge does not state it."""
        return next((i for i in self.items if i.key == key), None)

    def missing(self) -> tuple[str, ...]:
        """The items of the law this pledge does not state, in the law's order."""
        return tuple(k for k in ITEMS if self.item(k) is None)


# ---------------------------------------------------------------------------
# The document as a flat run of "units": headings, lines, table rows and other blocks.


@dataclass(slots=True)
class _Unit:
    kind: str  # "heading" | "line" | "row" | "block"
    line: int
    inlines: tuple[Inline, ...] = ()
    level: int = 0  # heading level
    depth: int = 0  # list nesting; 0 for a paragraph line
    marker: str = ""  # the list item's marker as written
    block: Block | None = None  # heading or other block
    label_cell: tuple[Inline, ...] = ()  # table rows: the first cell
    found: tuple[LabelMatch, tuple[Inline, ...]] | bool | None = False  # _unit_label's answer, once known
    plain: str | None = None  # the line's text, once known

    @property
    def text(self) -> str:
        """The unit's inlines as plain text (worked out once)."""
        if self.plain is None:
            self.plain = plain_text(self.inlines)
        return self.plain


_RANK_HEADING = re.compile(r"^\s*(?:공약\s*순위\s*[:：]?\s*(\d{1,3})|(\d{1,3})\s*순위)(?=[\s.,:：)]|$)")


def _ordinal(heading: Heading) -> str | None:
    """A heading's ordinal: "첫째", "1", "①" (the parser's), or the number of "공약순위 1", "1순위"."""
    if heading.ordinal:
        return heading.ordinal
    m = _RANK_HEADING.match(_heading_text(heading))
    return (m.group(1) or m.group(2)) if m else None


def _heading_text(heading: Heading) -> str:
    kept = [c for c in heading.children if not (isinstance(c, Span) and "chapter-number" in c.classes)]
    return plain_text(kept).strip()


def _split_lines(children: Sequence[Inline], first_line: int) -> list[tuple[tuple[Inline, ...], int]]:
    """A paragraph's inlines cut at its line breaks, and before a ``▲`` inside a line."""
    lines: list[tuple[Inline, ...]] = [()]
    for node in children:
        if isinstance(node, (SoftBreak, LineBreak)):
            lines.append(())
        elif isinstance(node, Text) and "▲" in node.text[1:]:
            parts = re.split(r"(?=▲)", node.text)
            for k, part in enumerate(parts):
                if k and (lines[-1] and plain_text(lines[-1]).strip()):
                    lines.append(())
                if part:
                    lines[-1] += (Text(part, node.line),)
        else:
            lines[-1] += (node,)
    return [(ln, first_line + k) for k, ln in enumerate(lines) if plain_text(ln).strip()]


def _units(blocks: Sequence[Block], depth: int = 0) -> list[_Unit]:
    out: list[_Unit] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(_Unit("heading", block.line, block.children, level=block.level, block=block))
        elif isinstance(block, Paragraph):
            for inlines, line in _split_lines(block.children, block.line):
                out.append(_Unit("line", line, inlines, depth=depth))
        elif isinstance(block, (BulletList, OrderedList)):
            for i, item in enumerate(block.items):
                marker = list_marker(block, i)
                rest = list(item.blocks)
                if rest and isinstance(rest[0], Paragraph):
                    first = rest.pop(0)
                    assert isinstance(first, Paragraph)
                    for k, (inlines, line) in enumerate(_split_lines(first.children, first.line)):
                        out.append(
                            _Unit("line", line, inlines, depth=depth + 1, marker=marker if not k else "")
                        )
                out.extend(_units(rest, depth + 1))
        elif isinstance(block, Table) and _is_label_table(block):
            for row in (block.head, *block.rows):
                if row:
                    content: tuple[Inline, ...] = ()
                    for cell in row[1:]:
                        content += ((LineBreak(cell.line),) if content else ()) + cell.children
                    out.append(_Unit("row", row[0].line or block.line, content, label_cell=row[0].children))
        else:
            out.append(_Unit("block", block.line, block=block))
    return out


def _is_label_table(table: Table) -> bool:
    """A table whose first column names items (``| 목표 | … |``)."""
    rows: list[Sequence[TableCell]] = [table.head, *table.rows]
    found = sum(1 for row in rows if row and item_for(plain_text(row[0].children).strip(" :：*")) is not None)
    return found >= 1 and len(table.head) >= 2


# ---------------------------------------------------------------------------
# Labels and pledge starts

_NEC_RANK = re.compile(r"^\s*공약\s*순위\s*[:：]?\s*(\d{1,3})\s*$")
_NEC_TITLE = re.compile(r"^\s*제\s*목\s*[:：]\s*(.+)$")
_LABEL_LIST_MARKERS = "▲△□■○●◆◇▶▷►※◎"  # list markers that lead a label (not "-", "*", "1.")
_LEADING_MARKER = re.compile(r"^\s*[" + re.escape(MARKERS) + r"]\s*")


def _unit_label(unit: _Unit) -> tuple[LabelMatch, tuple[Inline, ...]] | None:
    """The label a unit starts with, and the inlines after it (worked out once per unit)."""
    if unit.found is False:
        unit.found = _find_unit_label(unit)
    return None if isinstance(unit.found, bool) else unit.found


def _find_unit_label(unit: _Unit) -> tuple[LabelMatch, tuple[Inline, ...]] | None:
    if unit.kind == "row":
        text = plain_text(unit.label_cell).strip(" *")
        key = item_for(text)
        if key is None:
            return None
        return LabelMatch(key, text.strip(" :："), len(text), False, False), unit.inlines
    if unit.kind == "heading":
        assert isinstance(unit.block, Heading)
        text = _heading_text(unit.block)
        found = match_label(text)
        if found is None or not (found.colon or not found.rest(text)):
            return None
        return found, (Text(found.rest(text), unit.line),) if found.rest(text) else ()
    if unit.kind != "line":
        return None
    text = unit.text
    listed = bool(unit.marker) and unit.marker[0] in _LABEL_LIST_MARKERS
    found = match_label(text, marked=listed or _bold_label(unit.inlines))
    if found is None:
        return None
    return found, _drop(unit.inlines, found.end)


def _bold_label(inlines: Sequence[Inline]) -> bool:
    """``**목표**: …`` or ``▲**목표**``: the first strong text is exactly a label."""
    for node in inlines:
        if isinstance(node, Text) and not node.text.strip(MARKERS + " "):
            continue
        return (
            isinstance(node, Strong)
            and item_for(plain_text(node.children).strip(MARKERS + " :：")) is not None
        )
    return False


def _drop(inlines: Sequence[Inline], count: int) -> tuple[Inline, ...]:
    """``inlines`` without their first ``count`` characters of text (a label), leading space trimmed."""
    out: list[Inline] = []
    for node in inlines:
        if count <= 0:
            out.append(node)
            continue
        size = len(plain_text((node,)))
        if size <= count:
            count -= size
            continue
        if isinstance(node, (Text, Code)):
            out.append(replace(node, text=node.text[count:]))
        elif isinstance(node, (Emph, Strong, Strike, Link, Span)):
            out.append(replace(node, children=_drop(node.children, count)))
        else:
            out.append(node)
        count = 0
    while out and isinstance(out[0], Text) and not out[0].text.lstrip(" :："):
        out.pop(0)
    if out and isinstance(out[0], Text):
        out[0] = replace(out[0], text=out[0].text.lstrip(" :："))
    return tuple(out)


# ---------------------------------------------------------------------------
# Content of an item


@dataclass(slots=True)
class _Open:
    key: str
    label: str
    line: int
    depth: int = 0  # list depth of the label: the item's own lines are indented from there
    text: list[str] = field(default_factory=list)
    markdown: list[str] = field(default_factory=list)


def _add(item: _Open, unit: _Unit, inlines: Sequence[Inline] | None = None) -> None:
    """Add a unit (or the part of its line after the label) to an item's text and Markdown."""
    if unit.kind == "block":
        assert unit.block is not None
        block = unit.block
        text = block.text if isinstance(block, CodeBlock) else plain_text(iter_inlines([block]))
        item.text.append(text.strip())
        item.markdown.append(block_md(unit.block))
        return
    nodes = unit.inlines if inlines is None else tuple(inlines)
    if not plain_text(nodes).strip():
        return
    if unit.kind == "heading":
        item.text.append(plain_text(nodes).strip())
        item.markdown.append("#" * unit.level + " " + inlines_md(nodes))
        return
    text = plain_text(nodes).strip()
    md = inlines_md(nodes).replace("\\\n", "\n").strip()
    if unit.kind == "line" and inlines is None:
        text = _LEADING_MARKER.sub("", text) if _LEADING_MARKER.match(text) else text
        if unit.marker:
            md = "  " * max(unit.depth - item.depth - 1, 0) + f"{unit.marker} {md}"
    item.text.append(text)
    item.markdown.append(md)


def _close(item: _Open) -> Item:
    text = "\n".join(t for t in item.text if t)
    markdown = "\n".join(m for m in item.markdown if m)
    return Item(item.key, item.label, text, markdown, item.line)


# ---------------------------------------------------------------------------
# The walk


def _pledge_level(units: Sequence[_Unit], start: int, end: int) -> int | None:
    """The heading level a chapter's pledges use: the one its ordinal headings have, else the one
    whose sections hold item labels (headings that are labels themselves aside)."""
    ordinal_levels: Counter[int] = Counter()
    owner_levels: Counter[int] = Counter()
    owner: _Unit | None = None
    for unit in units[start:end]:
        if unit.kind == "heading" and unit.level > 1:
            assert isinstance(unit.block, Heading)
            if _unit_label(unit) is not None:
                if owner is not None:
                    owner_levels[owner.level] += 1
                    owner = None
                continue
            owner = unit
            if _ordinal(unit.block):
                ordinal_levels[unit.level] += 1
        elif unit.kind == "line" and _NEC_RANK.match(unit.text):
            owner = None  # the NEC layout names its own pledges
        elif owner is not None and _unit_label(unit) is not None:
            owner_levels[owner.level] += 1
            owner = None
    counts = ordinal_levels or owner_levels
    if not counts:
        return None
    best = max(counts.values())
    return min(level for level, n in counts.items() if n == best)


def _has_labels(units: Sequence[_Unit], i: int, level: int) -> bool:
    """Whether the section after a heading (up to the next one as high) holds an item label."""
    for unit in units[i:]:
        if unit.kind == "heading" and unit.level <= level:
            return False
        if _unit_label(unit) is not None:
            return True
    return False


def _nec_title(units: Sequence[_Unit], i: int) -> str | None:
    if i < len(units) and units[i].kind == "line":
        m = _NEC_TITLE.match(units[i].text)
        if m:
            return m.group(1).strip()
    return None


def _title_key(title: str, ordinal: str | None = None) -> str:
    """The title without its ordinal ("첫째, 미래를 …" → "미래를 …"): what stays when pledges move."""
    from ..korean import ORDINAL_RE

    stripped = ORDINAL_RE.sub("", title, count=1)
    return stripped.lstrip(" ,.:)").strip() or title


def find_pledges(doc: Document) -> tuple[Pledge, ...]:
    """Every pledge of ``doc`` (a chapter or a whole book), numbered from 1 in reading order."""
    pledges: list[Pledge] = []
    ids: set[str] = set()
    chapters: list[str] = []  # the H1s met so far
    for first, last, source in doc.parts():
        _walk(_units(doc.blocks[first:last]), source, doc.meta.title, pledges, ids, chapters)
    return tuple(pledges)


def _walk(
    units: list[_Unit], source: str, default: str, pledges: list[Pledge], ids: set[str], chapters: list[str]
) -> None:
    # chapters inside the part: cut at each H1
    bounds = [i for i, u in enumerate(units) if u.kind == "heading" and u.level == 1]
    starts = [0, *bounds] if not bounds or bounds[0] != 0 else bounds
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(units)
        head = units[start].block if start < len(units) else None
        if isinstance(head, Heading) and head.level == 1:
            chapters.append(_heading_text(head))
        chapter = chapters[-1] if chapters else default
        level = _pledge_level(units, start, end)
        _walk_chapter(units[start:end], level, (chapter, len(chapters) - 1), source, pledges, ids)


def _walk_chapter(
    units: list[_Unit],
    level: int | None,
    chapter: tuple[str, int],
    source: str,
    pledges: list[Pledge],
    ids: set[str],
) -> None:
    current: dict[str, object] | None = None  # title, line, ordinal, anchor, level
    items: dict[str, _Open] = {}
    open_item: _Open | None = None
    item_heading_level = 0

    def finish() -> None:
        nonlocal current, items, open_item
        if current is not None:
            title = str(current["title"]) or f"공약 {len(pledges) + 1}"  # an empty heading still names it
            ordinal = current["ordinal"] if isinstance(current["ordinal"], str) else None
            base = slugify(_title_key(title, ordinal))
            pid, n = base, 1
            while pid in ids:
                n += 1
                pid = f"{base}-{n}"
            ids.add(pid)
            found = tuple(_close(items[k]) for k in ITEMS if k in items)
            anchor = current["anchor"] if isinstance(current["anchor"], str) else None
            pledges.append(
                Pledge(
                    pid,
                    len(pledges) + 1,
                    title,
                    chapter[0],
                    found,
                    int(str(current["line"])),
                    source,
                    ordinal,
                    anchor,
                    chapter[1],
                )
            )
        current, items, open_item = None, {}, None

    def start_item(found: LabelMatch, unit: _Unit) -> _Open:
        if found.item in items:  # the same item twice: one item, both parts
            return items[found.item]
        items[found.item] = _Open(found.item, found.label, unit.line, unit.depth)
        return items[found.item]

    i = 0
    while i < len(units):
        unit = units[i]
        i += 1
        if unit.kind == "heading":
            heading = unit.block
            assert isinstance(heading, Heading)
            cur_level = current.get("level") if current is not None else None
            deeper = current is not None and (cur_level is None or unit.level > int(str(cur_level)))
            labelled = _unit_label(unit) if deeper else None
            if labelled is not None:
                open_item = start_item(labelled[0], unit)
                item_heading_level = unit.level
                _add(open_item, unit, labelled[1])
                continue
            if unit.level == 1:
                finish()
                continue
            rank = _RANK_HEADING.match(_heading_text(heading))
            is_pledge = (
                level is not None
                and unit.level == level
                and (_unit_label(unit) is None or rank is not None)
                and (_ordinal(heading) is not None or _has_labels(units, i, unit.level))
            )
            if is_pledge:
                finish()
                current = {
                    "title": _heading_text(heading),
                    "line": unit.line,
                    "ordinal": _ordinal(heading),
                    "anchor": heading.id,
                    "level": unit.level,
                }
                if rank is not None:  # "## 공약순위 1 …", "## 2순위: …" state the priority
                    words = rank.group(0).strip()
                    label = "공약순위" if rank.group(1) else words
                    items["우선순위"] = _Open(
                        "우선순위", label, unit.line, 0, [rank.group(1) or words], [words]
                    )
                continue
            if current is not None and (cur_level is None or unit.level <= int(str(cur_level))):
                finish()  # a heading as high as the pledge's ends it
                continue
            if open_item is not None and item_heading_level and unit.level <= item_heading_level:
                open_item = None
                item_heading_level = 0
            if open_item is not None:
                _add(open_item, unit)
            continue
        if unit.kind == "line":
            text = unit.text
            if is_statutory_line(text):
                finish()  # the 선거공약서's closing line belongs to no pledge
                continue
            rank = _NEC_RANK.match(text)
            title = _nec_title(units, i) if rank else None
            if rank and title is not None:
                finish()
                current = {
                    "title": title,
                    "line": unit.line,
                    "ordinal": rank.group(1),
                    "anchor": None,
                    "level": None,
                }
                label = re.sub(r"\s*[:：].*$", "", text.strip())
                priority = _Open("우선순위", label, unit.line, 0, [rank.group(1)], [text.strip()])
                items["우선순위"] = priority
                i += 1  # the title line
                continue
        if current is None:
            continue
        labelled = _unit_label(unit)
        if labelled is not None:
            open_item = start_item(labelled[0], unit)
            item_heading_level = 0
            _add(open_item, unit, labelled[1])
            continue
        if open_item is not None:
            _add(open_item, unit)
    finish()


__all__ = ["Item", "Pledge", "find_pledges"]
