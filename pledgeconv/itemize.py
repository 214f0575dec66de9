"""Pledge mode: lines led by Korean outline or 개조식 markers (1. 가. ① □ ○ …) become nested lists.

Korean laws, reports and pledge books write items on consecutive lines without blank lines, which
CommonMark reads as one run-on paragraph (or as a paragraph interrupted by a ``-``/``1.`` list whose
items then swallow the next marked lines lazily). This pass reads such a run line by line: each
marked line starts an item, a line without a marker continues the item above, and the level comes
from the marker kind (a kind seen before in the run goes back to its level, a new kind nests one
deeper: □ > ○ > -, ① > 1. > 가.) and from indentation (the same kind indented further nests).
It works on the model only (inline markup, notes and links inside items are kept as they are) and
is linear in the number of lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from . import outline
from .model import (
    Block,
    BulletList,
    Emph,
    Inline,
    LineBreak,
    ListItem,
    OrderedList,
    Paragraph,
    SoftBreak,
    Strong,
    Text,
)

IndentOf = Callable[[int], int]

# Outline levels go no deeper than Word's nine list levels (deeper lines stay at the ninth).
MAX_DEPTH = 9


@dataclass(slots=True)
class _Line:
    """One source line of a paragraph: its marker (None: it continues the item above)."""

    marker: outline.Marker | None
    inlines: list[Inline]
    brk: Inline | None  # the line break before it, kept when the line continues an item
    line: int
    indent: int
    extra: list[Block] = field(default_factory=list)  # blocks of a Markdown list item after its text
    strong: bool = False  # the marker was written bold (``**①**``)


def _lines(para: Paragraph, indent_of: IndentOf, own: outline.Marker | None = None) -> list[_Line]:
    """The lines of ``para``; ``own`` is the marker of the Markdown list item it opens, if any."""
    out: list[_Line] = []
    current: list[Inline] = []
    brk: Inline | None = None
    line = para.line
    for child in para.children:
        if isinstance(child, (SoftBreak, LineBreak)):
            if own is not None and not out:
                out.append(_Line(own, current, None, line, indent_of(line)))
            else:
                out.append(_line(current, brk, line, indent_of))
            current, brk, line = [], child, (child.line or line) + 1
        else:
            current.append(child)
    if own is not None and not out:
        out.append(_Line(own, current, None, line, indent_of(line)))
    else:
        out.append(_line(current, brk, line, indent_of))
    return out


def _line(inlines: list[Inline], brk: Inline | None, line: int, indent_of: IndentOf) -> _Line:
    marker, rest = _take_marker(inlines)
    strong = marker is not None and bool(inlines) and isinstance(inlines[0], Strong)
    return _Line(marker, rest if marker else inlines, brk, line, indent_of(line), strong=strong)


def _take_marker(inlines: list[Inline]) -> tuple[outline.Marker | None, list[Inline]]:
    """The marker a line starts with and the line without it: ``가. 내용`` or ``**①** 내용``."""
    if not inlines:
        return None, inlines
    first = inlines[0]
    if isinstance(first, Text):
        m = outline.match_marker(first.text)
        if m is None:
            return None, inlines
        rest = first.text[m.end :]
        return m, ([Text(rest, first.line)] if rest else []) + inlines[1:]
    if isinstance(first, (Strong, Emph)) and len(first.children) == 1 and isinstance(first.children[0], Text):
        m = outline.match_marker(first.children[0].text.rstrip())
        after = inlines[1] if len(inlines) > 1 else None
        if m is not None and m.end >= len(first.children[0].text.rstrip()):
            if after is None:
                return m, []
            if isinstance(after, Text) and after.text[:1].isspace():
                rest = after.text.lstrip()
                return m, ([Text(rest, after.line)] if rest else []) + inlines[2:]
    return None, inlines


_FIRST = frozenset(
    "0123456789("
    + outline.HANGUL_LETTERS
    + outline.CIRCLED_NUMBERS
    + outline.CIRCLED_HANGUL
    + outline.BULLET_MARKS
)


def _has_marker(para: Paragraph) -> bool:
    """Whether any line of ``para`` starts with a marker (a quick test before the real reading)."""
    at_start = True
    for child in para.children:
        if at_start:
            if isinstance(child, Text):
                if child.text[:1] in _FIRST and outline.match_marker(child.text) is not None:
                    return True
            elif isinstance(child, (Strong, Emph)) and _take_marker([child])[0] is not None:
                return True
        at_start = isinstance(child, (SoftBreak, LineBreak))
    return False


def _starts_run(lines: Sequence[_Line]) -> int | None:
    """Index of the first marked line if these lines are an outline run, else None.

    A paragraph that starts with a marker is one; so is prose followed by two or more marked
    lines, or by one bullet or circled mark. A single ``2.``/``가.`` line inside prose is not.
    """
    marked = [k for k, ln in enumerate(lines) if ln.marker is not None]
    if not marked:
        return None
    first = marked[0]
    marker = lines[first].marker
    assert marker is not None
    if first == 0 or len(marked) >= 2 or not marker.weak:
        return first
    return None


@dataclass(slots=True)
class _Item:
    inlines: list[Inline]
    blocks: list[Block]
    line: int


@dataclass(slots=True)
class _Frame:
    style: str
    indent: int
    start: int
    next: int
    strong: bool = False
    items: list[_Item] = field(default_factory=list)


def _finish(frame: _Frame) -> Block:
    items = tuple(
        ListItem((Paragraph(tuple(it.inlines), it.line), *it.blocks), None, it.line) for it in frame.items
    )
    tight = not any(isinstance(b, Paragraph) for it in frame.items for b in it.blocks)
    line = frame.items[0].line if frame.items else 0
    if outline.STYLES[frame.style].ordered:
        return OrderedList(items, frame.start, tight, line, frame.style, frame.strong)
    return BulletList(items, tight, line, frame.style, frame.strong)


class _Builder:
    """Nested lists from a run of lines whose first line is marked, fed paragraph by paragraph."""

    def __init__(self) -> None:
        self.top: list[Block] = []
        self.stack: list[_Frame] = []

    def _close(self, frame: _Frame) -> None:
        (self.stack[-1].items[-1].blocks if self.stack else self.top).append(_finish(frame))

    def _pop_to(self, depth: int) -> None:
        while len(self.stack) > depth:
            self._close(self.stack.pop())

    def continues(self, m: outline.Marker) -> bool:
        """Whether a paragraph starting with ``m`` after a blank line goes on with this run: a law's
        호 (``1.``) after its 항 (``①``) nests under it (목 ``가.`` under 호), and the next 항 (or, once
        nested, 호 — the number expected next) goes back to its level."""
        if not self.stack:
            return False
        if outline.law_child(self.stack[-1].style) == m.style:
            return True
        if m.style not in outline.LAW_ORDER or (m.weak and len(self.stack) < 2):
            return False
        return any(f.style == m.style and f.next == m.value for f in self.stack)

    def feed(self, lines: Sequence[_Line]) -> None:
        stack = self.stack
        for ln in lines:
            m = ln.marker
            if m is None:
                item = stack[-1].items[-1]
                if ln.brk is not None and item.inlines:
                    item.inlines.append(ln.brk)
                item.inlines.extend(ln.inlines)
                item.blocks.extend(ln.extra)
                continue
            level = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].style == m.style), None)
            deeper = level is not None and level == len(stack) - 1 and ln.indent >= stack[level].indent + 2
            if deeper and len(stack) >= MAX_DEPTH:
                deeper = False  # as deep as lists go: the item stays a sibling
            if level is None or deeper:
                while len(stack) > 1 and stack[-1].indent > ln.indent:
                    self._close(stack.pop())  # less indented than the deepest level: not under it
                if len(stack) >= MAX_DEPTH:
                    self._close(stack.pop())  # a new kind at the deepest level: a list beside the last one
                stack.append(_Frame(m.style, ln.indent, m.value, m.value, ln.strong))
            else:
                self._pop_to(level + 1)
                frame = stack[level]
                if outline.STYLES[m.style].ordered and m.value != frame.next:
                    self._close(stack.pop())  # the author's numbers restart or skip: a new list shows them
                    frame = _Frame(m.style, ln.indent, m.value, m.value, ln.strong)
                    stack.append(frame)
            frame = stack[-1]
            frame.items.append(_Item(list(ln.inlines), list(ln.extra), ln.line))
            frame.next = m.value + 1

    def finish(self) -> list[Block]:
        self._pop_to(0)
        return self.top


def _list_lines(block: BulletList | OrderedList, indent_of: IndentOf) -> list[_Line]:
    """A Markdown list met inside a run, as lines: its items keep their marker and nest by indent."""
    style = block.style or ("-" if isinstance(block, BulletList) else "1.")
    start = block.start if isinstance(block, OrderedList) else 1
    out: list[_Line] = []
    for k, item in enumerate(block.items):
        marker = outline.Marker(style, start + k, 0)
        body = list(item.blocks)
        head = body[0] if body else None
        if isinstance(head, Paragraph):
            lines = _lines(head, indent_of, marker)
            body = body[1:]
        else:
            lines = [_Line(marker, [], None, item.line, indent_of(item.line))]
        for b in body:
            if isinstance(b, (BulletList, OrderedList)) and not _is_task_list(b):
                lines.extend(_list_lines(b, indent_of))
            else:
                lines[-1].extra.append(b)
        out.extend(lines)
    return out


def _last_line(lines: Sequence[_Line]) -> int:
    return max(ln.line for ln in lines)


def _is_task_list(block: Block) -> bool:
    """A list with checkboxes keeps its own form (their state has no place in an outline)."""
    return isinstance(block, (BulletList, OrderedList)) and any(it.checked is not None for it in block.items)


def _joins_run(block: Block, last_line: int) -> bool:
    """A Markdown list starting right under a run's last line (no blank line) continues the run."""
    return (
        isinstance(block, (BulletList, OrderedList))
        and block.line == last_line + 1
        and not _is_task_list(block)
    )


def itemize(blocks: Sequence[Block], indent_of: IndentOf) -> list[Block]:
    """Turn the outline runs among sibling ``blocks`` into nested lists (containers are not entered)."""
    out: list[Block] = []
    i, n = 0, len(blocks)
    while i < n:
        block = blocks[i]
        i += 1
        if not isinstance(block, Paragraph):
            out.append(block)
            continue
        if not _has_marker(block):
            out.append(block)  # most paragraphs: one cheap look at each line's first character
            continue
        lines = _lines(block, indent_of)
        first = _starts_run(lines)
        if first is None:
            out.append(block)
            continue
        run = lines[first:]
        # A Markdown list that starts on the very next line (no blank line) belongs to the run.
        last = _last_line(run)
        while i < n and _joins_run(nxt := blocks[i], last):
            assert isinstance(nxt, (BulletList, OrderedList))
            more = _list_lines(nxt, indent_of)
            run.extend(more)
            last = max(last, _last_line(more))
            i += 1
        if first:
            lead: list[Inline] = []
            for ln in lines[:first]:
                if ln.brk is not None and lead:
                    lead.append(ln.brk)
                lead.extend(ln.inlines)
            out.append(Paragraph(tuple(lead), block.line))
        builder = _Builder()
        builder.feed(run)
        # After a blank line, a law's 호 under its 항 (and the next 항) go on with the run.
        while i < n and isinstance(nxt := blocks[i], Paragraph) and _has_marker(nxt):
            more = _lines(nxt, indent_of)
            head = more[0].marker
            if head is None or not builder.continues(head):
                break
            builder.feed(more)
            i += 1
        out.extend(builder.finish())
    return out


_QUOTE_PREFIX = re.compile(r"^(?:[ ]{0,3}>[ ]?)*")


def indent_reader(text: str) -> IndentOf:
    """Where each source line (1-based) starts its text, after block-quote marks; tabs count 4."""
    lines = text.split("\n")

    def indent_of(line: int) -> int:
        if not 1 <= line <= len(lines):
            return 0
        body = _QUOTE_PREFIX.sub("", lines[line - 1].expandtabs(4), count=1)
        return len(body) - len(body.lstrip(" "))

    return indent_of
