"""Markdown to Document: markdown-it-py tokens to the model, plus the pledge conventions.

This is the only module that imports markdown_it. ``strict=True`` is pure CommonMark; the default
adds GFM tables, strikethrough, task lists, footnotes, YAML front matter and the pledge conventions
(see README, "Pledge conventions").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace, unescapeAll
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline.state_inline import Delimiter, StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from . import korean
from .frontmatter import parse_front_matter
from .htmlblocks import html_block
from .itemize import indent_reader, itemize
from .model import (
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Code,
    CodeBlock,
    Diagnostic,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Meta,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    RawBlock,
    RawInline,
    Slogan,
    SoftBreak,
    Strike,
    Strong,
    Table,
    TableCell,
    Text,
    ThematicBreak,
)
from .transforms import plain_text

# markdown-it recurses once per nested block; deeper blocks are flattened (see _flatten_deep_lines).
MAX_NESTING = 64
MAX_INLINE_DEPTH = 64


# ---------------------------------------------------------------------------
# The markdown-it instances


def _korean_scan(state: StateInline, start: int, can_split_word: bool) -> tuple[bool, bool, int]:
    """CommonMark's delimiter-run scan, except that a run between punctuation and Hangul
    (``**마크다운(Markdown)**을``) may close, and one between Hangul and punctuation may open:
    Korean particles attach directly to the word they follow (commonmark-spec issue 650)."""
    src = state.src
    pos, maximum = start, state.posMax
    marker = src[start]
    last = src[start - 1] if start > 0 else " "
    while pos < maximum and src[pos] == marker:
        pos += 1
    nxt = src[pos] if pos < maximum else " "
    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    next_punct = isMdAsciiPunct(ord(nxt)) or isPunctChar(nxt)
    last_ws, next_ws = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    left = not (next_ws or (next_punct and not (last_ws or last_punct)))
    right = not (last_ws or (last_punct and not (next_ws or next_punct)))
    can_open = left and (can_split_word or not right or last_punct)
    can_close = right and (can_split_word or not left or next_punct)
    if not last_ws and last_punct and korean.is_hangul(nxt):
        can_close = True
    if not next_ws and next_punct and korean.is_hangul(last):
        can_open = True
    return can_open, can_close, pos - start


def _korean_emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis tokenizer with :func:`_korean_scan` as the flanking rule."""
    marker = state.src[state.pos]
    if silent or marker not in ("_", "*"):
        return False
    can_open, can_close, length = _korean_scan(state, state.pos, marker == "*")
    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(
            Delimiter(
                marker=ord(marker),
                length=length,
                token=len(state.tokens) - 1,
                end=-1,
                open=can_open,
                close=can_close,
            )
        )
    state.pos += length
    return True


_ALERT = re.compile(r"\[!(note|tip|important|warning|caution)\][ \t]*(?:\n|$)", re.IGNORECASE)


def _alerts(state: StateCore) -> None:
    """GitHub's alerts: a quote at the top of the document whose first line is ``[!NOTE]``,
    ``[!TIP]``, ``[!IMPORTANT]``, ``[!WARNING]`` or ``[!CAUTION]`` (any case) alone, with something
    after it, becomes ``alert_open``/``alert_close`` (``meta["kind"]``) and loses the marker line.
    A marker with text after it, another word, an empty alert, or a quote nested in a list or a
    quote stays a quote, as on GitHub. (markdown-it-py's own ``alerts`` option also turns nested
    quotes into alerts, which GitHub does not.)"""
    if "[!" not in state.src:  # no marker anywhere: no walk over the tokens
        return
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        i += 1
        if tok.type != "blockquote_open" or tok.level != 0 or tokens[i].type != "paragraph_open":
            continue
        inline = tokens[i + 1]
        found = _ALERT.match(inline.content)
        if found is None:
            continue
        rest = inline.content[found.end() :]
        close = next(
            k for k in range(i, len(tokens)) if tokens[k].type == "blockquote_close" and not tokens[k].level
        )
        if not rest.strip() and close == i + 3:
            continue  # the marker alone: not an alert
        tok.type, tokens[close].type = "alert_open", "alert_close"
        tok.meta = {"kind": found.group(1).lower()}
        if rest.strip():
            inline.content = rest
            span = tokens[i].map
            if span:
                tokens[i].map = [span[0] + 1, span[1]]
        else:
            del tokens[i : i + 3]


@functools.cache
def _markdown(strict: bool) -> MarkdownIt:
    if strict:
        md = MarkdownIt("commonmark")
    else:
        md = (
            MarkdownIt("commonmark")
            .enable(["table", "strikethrough"])
            .use(front_matter_plugin)
            .use(footnote_plugin)
            .use(tasklists_plugin)
        )
        md.core.ruler.after("block", "alerts", _alerts)
        md.inline.ruler.at("emphasis", _korean_emphasis)
    md.options["maxNesting"] = MAX_NESTING
    return md


# ---------------------------------------------------------------------------
# Tokens to model


def _alt_text(tokens: Sequence[Token] | None) -> str:
    """The plain text of inline tokens, as CommonMark renders an image's alt attribute."""
    out: list[str] = []
    for tok in tokens or ():
        if tok.type in ("text", "code_inline", "html_inline"):
            out.append(tok.content)
        elif tok.type == "image":
            out.append(_alt_text(tok.children))
        elif tok.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def _merge_text(items: list[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for item in items:
        if isinstance(item, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + item.text, out[-1].line)
        else:
            out.append(item)
    return tuple(out)


_INLINE_CONTAINERS: dict[str, Callable[[tuple[Inline, ...], int], Inline]] = {
    "em_open": lambda c, ln: Emph(c, ln),
    "strong_open": lambda c, ln: Strong(c, ln),
    "s_open": lambda c, ln: Strike(c, ln),
    "html_em_open": lambda c, ln: Emph(c, ln),
    "html_strong_open": lambda c, ln: Strong(c, ln),
    "html_s_open": lambda c, ln: Strike(c, ln),
}
# Raw HTML emphasis in pledge mode is the model's own (README writers use <b> and <i>): an <i> is
# emphasis like *x*, so no format slants Hangul, and a <b> is bold in DOCX, PDF and HWPX too.
_RAW_EMPHASIS = re.compile(r"<(/?)(b|strong|i|em|s|strike|del)(?:\s[^<>]*)?>", re.IGNORECASE)
_RAW_KIND = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "s": "s", "strike": "s", "del": "s"}


def _raw_emphasis(tok: Token) -> str:
    """The container a raw ``<b>``, ``</i>``, … opens or closes ("html_strong_open", …), or ""."""
    found = _RAW_EMPHASIS.fullmatch(tok.content.strip())
    if found is None:
        return ""
    return f"html_{_RAW_KIND[found.group(2).lower()]}_{'close' if found.group(1) else 'open'}"


class _Builder:
    """Walks the flat token stream of one document and builds model nodes."""

    def __init__(self) -> None:
        self.warnings: list[Diagnostic] = []
        self.note_defs: dict[int, tuple[str, tuple[Block, ...], int]] = {}
        self.front_matter: str | None = None
        self.front_line = 0
        # Side facts the model does not keep, by source line: where each ATX heading ends,
        # and which code blocks were fenced (only those can be slogans).
        self.atx_end: dict[int, int] = {}
        self.fenced: set[int] = set()
        self.flattened = False
        self.indent_of = indent_reader("")
        self.paren_style = False  # record a Markdown "1)" list's marker (pledge mode only)
        self.raw_emphasis = False  # raw <b>, <i>, <s> become Strong, Emph, Strike (pledge mode only)
        # raw HTML tables and picture rows become model blocks (pledge mode only)
        self.link: Callable[[str], str | None] = lambda url: url

    # -- inlines -----------------------------------------------------------

    def inline_token(self, inline: Token, line: int) -> tuple[Inline, ...]:
        """The nodes of one ``inline`` token; its child tokens are let go once converted, so a big
        document never holds all its inline tokens and all its nodes at once."""
        nodes = self.inlines(inline.children or [], line)
        inline.children = None
        return nodes

    def inlines(self, tokens: list[Token], line: int) -> tuple[Inline, ...]:
        """Inline tokens to nodes, without recursion; containers nested deeper than
        MAX_INLINE_DEPTH are flattened (their text kept, their markup dropped) with a warning."""
        root: list[Inline] = []
        out = root
        stack: list[tuple[Token, list[Inline], int, str]] = []  # opener, children, line, close type
        skip: dict[str, int] = {}  # closing tokens of flattened openers still to come
        for tok in tokens:
            t = tok.type
            if t == "html_inline" and self.raw_emphasis:
                t = _raw_emphasis(tok) or t
                if t.endswith("_close") and not (stack and stack[-1][3] == t):
                    t = "html_inline"  # a closing tag nothing opened stays raw HTML
            if skip.get(t):
                skip[t] -= 1
                continue
            if stack and t == stack[-1][3]:
                opener, done, start, _ = stack.pop()
                out = stack[-1][1] if stack else root
                out.append(self._container(opener, _merge_text(done), start))
                continue
            if t in _INLINE_CONTAINERS or t == "link_open":
                close = t.replace("_open", "_close")
                if len(stack) >= MAX_INLINE_DEPTH:
                    skip[close] = skip.get(close, 0) + 1
                    self._too_deep(line)
                    continue
                fresh: list[Inline] = []
                stack.append((tok, fresh, line, close))
                out = fresh
                continue
            line = self._leaf(tok, out, line)
        while stack:  # unbalanced tokens (never from markdown-it): keep the text
            opener, done, start, _ = stack.pop()
            parent = stack[-1][1] if stack else root
            parent.append(self._container(opener, _merge_text(done), start))
        return _merge_text(root)

    @staticmethod
    def _container(opener: Token, children: tuple[Inline, ...], line: int) -> Inline:
        if opener.type == "link_open":
            url = str(opener.attrs.get("href", ""))
            title = str(opener.attrs.get("title", ""))
            return Link(children, url, title, line)
        kind = _raw_emphasis(opener) if opener.type == "html_inline" else opener.type
        return _INLINE_CONTAINERS[kind](children, line)

    def _too_deep(self, line: int) -> None:
        if not self.flattened:
            self.flattened = True
            self.warnings.append(
                Diagnostic(
                    "nesting-too-deep",
                    f"markup nested more than {MAX_INLINE_DEPTH} levels deep was flattened (the text is kept)",
                    line,
                )
            )

    def _leaf(self, tok: Token, out: list[Inline], line: int) -> int:
        """Append the node for a leaf token; returns the line after it."""
        t = tok.type
        if t == "text":
            if tok.content:
                out.append(Text(tok.content, line))
        elif t == "softbreak":
            out.append(SoftBreak(line))
            return line + 1
        elif t == "hardbreak":
            out.append(LineBreak(line))
            return line + 1
        elif t == "code_inline":
            out.append(Code(tok.content, line))
        elif t == "image":
            alt = _alt_text(tok.children)
            out.append(
                Image(alt, str(tok.attrs.get("src", "")), str(tok.attrs.get("title", "") or ""), None, line)
            )
        elif t == "html_inline":
            out.append(RawInline("html", tok.content, line))
        elif t == "footnote_ref":
            out.append(NoteRef(int(tok.meta["id"]) + 1, str(tok.meta.get("label") or ""), line))
        elif tok.content:  # an unknown token from a plugin, or a stray closer: keep its text
            out.append(Text(tok.content, line))
        return line

    # -- blocks ------------------------------------------------------------

    def blocks(self, tokens: list[Token], i: int, close: str | None) -> tuple[list[Block], int]:
        out: list[Block] = []
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            t = tok.type
            if t == close:
                return out, i + 1
            line = tok.map[0] + 1 if tok.map else 0
            if t == "paragraph_open":
                inline = tokens[i + 1]
                out.append(Paragraph(self.inline_token(inline, line), line))
                i += 3
                continue
            if t == "heading_open":
                inline = tokens[i + 1]
                level = int(tok.tag[1])
                out.append(Heading(level, self.inline_token(inline, line), line=line))
                if tok.markup.startswith("#") and tok.map:
                    self.atx_end[line] = tok.map[1]
                i += 3
                continue
            if t in ("bullet_list_open", "ordered_list_open"):
                items: list[ListItem] = []
                tight = True
                j = i + 1
                end = t.replace("_open", "_close")
                while tokens[j].type != end:
                    item_tok = tokens[j]
                    item_line = item_tok.map[0] + 1 if item_tok.map else line
                    if any(
                        tokens[k].type == "paragraph_open" and not tokens[k].hidden
                        for k in self._direct_children(tokens, j)
                    ):
                        tight = False
                    item_blocks, j = self.blocks(tokens, j + 1, "list_item_close")
                    checked: bool | None = None
                    if "task-list-item" in str(item_tok.attrs.get("class", "")):
                        item_blocks, checked = _take_checkbox(item_blocks)
                    items.append(ListItem(tuple(item_blocks), checked, item_line))
                if t == "bullet_list_open":
                    out.append(BulletList(tuple(items), tight, line))
                else:
                    start = int(tok.attrs["start"]) if "start" in tok.attrs else 1
                    style = "1)" if tok.markup == ")" and self.paren_style else ""
                    out.append(OrderedList(tuple(items), start, tight, line, style))
                i = j + 1
                continue
            if t == "blockquote_open":
                inner, i = self.blocks(tokens, i + 1, "blockquote_close")
                out.append(BlockQuote(tuple(inner), line))
                continue
            if t == "alert_open":
                inner, i = self.blocks(tokens, i + 1, "alert_close")
                out.append(Callout(str(tok.meta["kind"]), tuple(inner), line))
                continue
            if t in ("fence", "code_block"):
                info = unescapeAll(tok.info).strip() if t == "fence" else ""
                out.append(CodeBlock(tok.content, info, line))
                if t == "fence":
                    self.fenced.add(line)
            elif t == "html_block":
                read = html_block(tok.content, line, self.link) if self.raw_emphasis else None
                out.append(read if read is not None else RawBlock("html", tok.content, line))
            elif t == "hr":
                out.append(ThematicBreak(line))
            elif t == "table_open":
                table, i = self._table(tokens, i, line)
                out.append(table)
                continue
            elif t == "footnote_block_open":
                i = self._footnotes(tokens, i + 1)
                continue
            elif t == "front_matter":
                self.front_matter = tok.content
                self.front_line = line
            elif t.endswith("_open"):  # a container from a plugin: keep its content
                inner, i = self.blocks(tokens, i + 1, t.replace("_open", "_close"))
                out.extend(inner)
                continue
            i += 1
        return out, i

    @staticmethod
    def _direct_children(tokens: list[Token], item: int) -> list[int]:
        """Indices of the tokens directly inside the list item opened at ``item``."""
        level = tokens[item].level + 1
        found: list[int] = []
        k = item + 1
        while tokens[k].level >= level:
            if tokens[k].level == level:
                found.append(k)
            k += 1
        return found

    def _table(self, tokens: list[Token], i: int, line: int) -> tuple[Table, int]:
        head: tuple[TableCell, ...] = ()
        rows: list[tuple[TableCell, ...]] = []
        aligns: list[str] = []
        row: list[TableCell] = []
        row_line = line
        in_head = False
        i += 1
        while tokens[i].type != "table_close":
            tok = tokens[i]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
                row_line = tok.map[0] + 1 if tok.map else row_line
            elif tok.type in ("th_open", "td_open"):
                row.append(TableCell(self.inline_token(tokens[i + 1], row_line), row_line))
                if in_head:
                    style = str(tok.attrs.get("style", ""))
                    aligns.append(style.removeprefix("text-align:"))
                i += 3
                continue
            elif tok.type == "tr_close":
                if in_head:
                    head = tuple(row)
                else:
                    rows.append(tuple(row))
            i += 1
        return Table(head, tuple(rows), tuple(aligns), line), i + 1

    def _footnotes(self, tokens: list[Token], i: int) -> int:
        while tokens[i].type != "footnote_block_close":
            tok = tokens[i]
            if tok.type == "footnote_open":
                number = int(tok.meta["id"]) + 1
                label = str(tok.meta.get("label") or "")
                note_line = 0
                for k in range(i + 1, len(tokens)):
                    span = tokens[k].map
                    if span:
                        note_line = span[0] + 1
                        break
                    if tokens[k].type == "footnote_close":
                        break
                inner, i = self.blocks(tokens, i + 1, "footnote_close")
                self.note_defs[number] = (label, tuple(inner), note_line)
                continue
            i += 1
        return i + 1


def _take_checkbox(blocks: list[Block]) -> tuple[list[Block], bool | None]:
    """Remove the tasklists plugin's raw ``<input>`` checkbox and return its state instead."""
    if blocks and isinstance(blocks[0], Paragraph) and blocks[0].children:
        first = blocks[0].children[0]
        if isinstance(first, RawInline) and first.text.startswith("<input"):
            checked = "checked" in first.text
            rest = list(blocks[0].children[1:])
            if rest and isinstance(rest[0], Text):
                rest[0] = Text(rest[0].text.lstrip(" "), rest[0].line)
            return [Paragraph(_merge_text(rest), blocks[0].line), *blocks[1:]], checked
    return blocks, None


# ---------------------------------------------------------------------------
# Pledge conventions


def _split_first_line(children: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """Split a paragraph's inlines at its first line break: (first line, the rest)."""
    for k, child in enumerate(children):
        if isinstance(child, (SoftBreak, LineBreak)):
            return children[:k], children[k + 1 :]
    return children, ()


def _is_image_paragraph(block: Block) -> Image | None:
    if isinstance(block, Paragraph):
        parts = [c for c in block.children if not (isinstance(c, Text) and not c.text.strip())]
        if len(parts) == 1 and isinstance(parts[0], Image):
            return parts[0]
    return None


def _pledge_blocks(blocks: list[Block], side: _Builder, warnings: list[Diagnostic]) -> list[Block]:
    """Apply conventions 2–5 and 7 (outline lines become lists) to one sequence of sibling blocks."""
    out: list[Block] = []
    blocks = itemize(blocks, side.indent_of)  # a joined heading rewrites its next block in place
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Heading):
            heading = block
            consumed = 1
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            # 5. a line right after an ATX heading continues it when the heading really wrapped.
            if (
                isinstance(nxt, Paragraph)
                and nxt.line == side.atx_end.get(block.line, -1) + 1
                and _is_image_paragraph(nxt) is None
                and korean.heading_wrapped(
                    plain_text(heading.children), plain_text(_split_first_line(nxt.children)[0])
                )
            ):
                first, rest = _split_first_line(nxt.children)
                joined = _merge_text([*heading.children, Text(" ", heading.line), *first])
                heading = Heading(heading.level, joined, None, None, heading.line)
                warnings.append(
                    Diagnostic(
                        "joined-heading",
                        f"this line continues the heading on line {heading.line}; joined them "
                        "(leave a blank line after a heading to start a paragraph)",
                        nxt.line,
                    )
                )
                if rest:
                    blocks[i + 1] = Paragraph(rest, nxt.line + 1)
                else:
                    consumed = 2  # the whole line went into the heading
            # 4. ordinals
            plain = "".join(c.text for c in heading.children if isinstance(c, Text))
            heading = replace(heading, ordinal=korean.ordinal(plain))
            out.append(heading)
            i += consumed
            # 2. and 3. the lead position after an H1: key visual and slogan, in either order.
            if heading.level == 1:
                for _ in range(2):
                    if i >= len(blocks):
                        break
                    lead = blocks[i]
                    image = _is_image_paragraph(lead)
                    if image is not None and not any(isinstance(b, Figure) for b in out[-2:]):
                        out.append(
                            Figure(
                                image, (Text(image.alt, image.line),) if image.alt else (), True, lead.line
                            )
                        )
                        i += 1
                    elif (
                        isinstance(lead, CodeBlock)
                        and lead.info == ""
                        and lead.line in side.fenced
                        and not any(isinstance(b, Slogan) for b in out[-2:])
                    ):
                        out.append(_slogan(lead))
                        i += 1
                    else:
                        break
            continue
        if isinstance(block, CodeBlock) and block.lang == "slogan":
            out.append(_slogan(block))
        elif (image := _is_image_paragraph(block)) is not None:
            caption = (Text(image.alt, image.line),) if image.alt else ()
            out.append(Figure(image, caption, False, block.line))
        else:
            out.append(_recurse(block, side, warnings))
        i += 1
    return out


def _slogan(block: CodeBlock) -> Slogan:
    lines = tuple(ln.strip() for ln in block.text.strip("\n").split("\n") if ln.strip())
    return Slogan(lines, block.line)


def _recurse(block: Block, side: _Builder, warnings: list[Diagnostic]) -> Block:
    """Apply the conventions inside containers (quotes, list items)."""
    if isinstance(block, BlockQuote):
        return BlockQuote(tuple(_pledge_blocks(list(block.blocks), side, warnings)), block.line)
    if isinstance(block, Callout):
        return replace(block, blocks=tuple(_pledge_blocks(list(block.blocks), side, warnings)))
    if isinstance(block, (BulletList, OrderedList)):
        items = tuple(
            ListItem(tuple(_pledge_blocks(list(it.blocks), side, warnings)), it.checked, it.line)
            for it in block.items
        )
        return replace(block, items=items)
    return block


# ---------------------------------------------------------------------------
# Entry point


_CONTAINER_PREFIX = re.compile(r"^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$)[ \t]?)+")
_MARKER = re.compile(r"[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$)[ \t]?")


def _too_deep(tokens: Sequence[Token]) -> bool:
    """markdown-it stops reading a block nested MAX_NESTING deep (and drops what is left)."""
    return any(tok.level >= MAX_NESTING - 2 for tok in tokens)


def _flatten_deep_lines(text: str, keep: int) -> str:
    """Cut container markers beyond ``keep`` per line and indentation beyond ``2 * keep``."""
    out = []
    for line in text.split("\n"):
        prefix = _CONTAINER_PREFIX.match(line)
        if prefix:
            markers = _MARKER.findall(prefix.group(0))
            if len(markers) > keep:
                line = "".join(markers[:keep]) + line[prefix.end() :]
        body = line.lstrip(" \t")
        indent = len(line) - len(body)
        if indent > 2 * keep:
            line = " " * (2 * keep) + body
        out.append(line)
    return "\n".join(out)


def _tokens(md: MarkdownIt, text: str, warnings: list[Diagnostic]) -> list[Token]:
    """Tokenize; a document nested deeper than markdown-it reads is flattened, never cut short."""
    tokens = md.parse(text, {})
    if not _too_deep(tokens):
        return tokens
    line = next((t.map[0] + 1 for t in tokens if t.level >= MAX_NESTING - 2 and t.map), 0)
    warnings.append(
        Diagnostic(
            "nesting-too-deep",
            f"quotes or lists nested more than {MAX_NESTING // 2} levels deep were flattened (the text is kept)",
            line,
        )
    )
    for keep in (MAX_NESTING // 2, 0):
        tokens = md.parse(_flatten_deep_lines(text, keep), {})
        if not _too_deep(tokens):
            return tokens
    return md.parse("\n\n".join(escape_markdown(ln.strip()) for ln in text.split("\n") if ln.strip()), {})


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation character, so ``text`` parses as plain text."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def parse_text(
    text: str,
    *,
    strict: bool = False,
    source: str = "",
    warnings: Sequence[Diagnostic] = (),
) -> Document:
    """Parse decoded Markdown ``text`` into a Document (no ids yet: see transforms)."""
    md = _markdown(strict)
    all_warnings: list[Diagnostic] = list(warnings)
    tokens = _tokens(md, text, all_warnings)
    builder = _Builder()
    builder.indent_of = indent_reader(text)
    builder.paren_style = not strict
    builder.raw_emphasis = not strict
    builder.link = lambda url: md.normalizeLink(url.strip()) if md.validateLink(url.strip()) else None
    blocks, _ = builder.blocks(tokens, 0, None)
    all_warnings.extend(builder.warnings)
    meta = Meta()
    if not strict:
        if builder.front_matter is not None:
            meta, fm_warnings = parse_front_matter(builder.front_matter, builder.front_line)
            all_warnings.extend(fm_warnings)
        blocks = _pledge_blocks(blocks, builder, all_warnings)
        if not meta.title:
            first_h1 = next((b for b in blocks if isinstance(b, Heading) and b.level == 1), None)
            if first_h1 is not None:
                meta = replace(meta, title=plain_text(first_h1.children))
    notes = tuple(
        Note(number, label, body, line) for number, (label, body, line) in sorted(builder.note_defs.items())
    )
    return Document(meta, tuple(blocks), notes, tuple(all_warnings), source)
