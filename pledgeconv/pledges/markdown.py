"""Model nodes back to Markdown text, for the ``markdown`` of each pledge item in the JSON."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Code,
    CodeBlock,
    Div,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    OrderedList,
    Paragraph,
    RawBlock,
    RawInline,
    Slogan,
    SoftBreak,
    Span,
    Strike,
    Strong,
    Table,
    Text,
    ThematicBreak,
)


def inlines_md(nodes: Sequence[Inline]) -> str:
    """Inlines as Markdown (soft breaks as newlines)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Strong):
            out.append(f"**{inlines_md(node.children)}**")
        elif isinstance(node, Emph):
            out.append(f"*{inlines_md(node.children)}*")
        elif isinstance(node, Strike):
            out.append(f"~~{inlines_md(node.children)}~~")
        elif isinstance(node, Code):
            fence = "``" if "`" in node.text else "`"
            out.append(f"{fence}{node.text}{fence}")
        elif isinstance(node, Link):
            out.append(f"[{inlines_md(node.children)}]({node.url})")
        elif isinstance(node, Image):
            out.append(f"![{node.alt}]({node.src})")
        elif isinstance(node, SoftBreak):
            out.append("\n")
        elif isinstance(node, LineBreak):
            out.append("\\\n")
        elif isinstance(node, NoteRef):
            out.append(f"[^{node.label or node.number}]")
        elif isinstance(node, Span):
            out.append(inlines_md(node.children))
        elif isinstance(node, RawInline):
            out.append(node.text)
    return "".join(out)


def list_marker(block: BulletList | OrderedList, index: int) -> str:
    """The marker an item was written with (outline.written): the author's (□ ○ 가. ①) or Markdown's."""
    from ..outline import written

    ordered = isinstance(block, OrderedList)
    return written(block.style, ordered, block.start + index if isinstance(block, OrderedList) else 1)


def blocks_md(blocks: Sequence[Block], indent: str = "") -> str:
    """Blocks as Markdown, separated by blank lines."""
    return "\n\n".join(block_md(b, indent) for b in blocks)


def block_md(block: Block, indent: str = "") -> str:
    """One block as Markdown, each line prefixed with ``indent``."""
    if isinstance(block, Paragraph):
        text = inlines_md(block.children)
    elif isinstance(block, Heading):
        text = "#" * block.level + " " + inlines_md(block.children)
    elif isinstance(block, (BulletList, OrderedList)):
        lines: list[str] = []
        for i, item in enumerate(block.items):
            marker = list_marker(block, i)
            if block.strong:
                marker = f"**{marker}**"  # a law's bold 항 numbers, as the author wrote them
            body = blocks_md(item.blocks).split("\n")
            pad = " " * (len(marker) + 1)
            lines.append(f"{marker} {body[0]}")
            lines.extend(pad + line if line else line for line in body[1:])
        text = "\n".join(lines)
    elif isinstance(block, Table):
        rows = [block.head, *block.rows]
        cells = [[inlines_md(c.children).replace("|", "\\|") for c in row] for row in rows]
        lines = ["| " + " | ".join(r) + " |" for r in cells[:1]]
        lines.append("|" + "|".join(" --- " for _ in block.head) + "|")
        lines.extend("| " + " | ".join(r) + " |" for r in cells[1:])
        text = "\n".join(lines)
    elif isinstance(block, CodeBlock):
        text = f"```{block.info}\n{block.text.rstrip(chr(10))}\n```"
    elif isinstance(block, Slogan):
        text = "```\n" + "\n".join(block.lines) + "\n```"
    elif isinstance(block, Figure):
        text = inlines_md((block.image,))
    elif isinstance(block, (BlockQuote, Callout, Div)):
        inner = blocks_md(block.blocks)
        if isinstance(block, Callout):  # GitHub's alert syntax, which parses back to the callout
            inner = f"[!{block.kind.upper()}]\n{inner}"
        text = "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    elif isinstance(block, ThematicBreak):
        text = "---"
    elif isinstance(block, RawBlock):
        text = block.text.rstrip("\n")
    else:
        text = ""
    return "\n".join(indent + line if line else line for line in text.split("\n"))
