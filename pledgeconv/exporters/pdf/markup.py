"""Inlines to reportlab paragraph markup: escaped text, font fallback, Korean breaks, emphasis dots."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import assert_never
from xml.sax.saxutils import escape, quoteattr

from ... import korean
from ...fonts import Family, flags, runs
from ...links import LinkTarget, kept, resolve_link
from ...model import (
    Code,
    Emph,
    Image,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    RawInline,
    SoftBreak,
    Span,
    Strike,
    Strong,
    Text,
)
from ...palette import hex_color
from ...sanitize import html_to_text
from ...transforms import plain_text

EMDOT = "pc_emdot"  # the canvas callback that draws one emphasis dot (see EmphasisDots)
LINK_COLOR = hex_color("accent")
ADDRESS_COLOR = hex_color("muted")
ADDRESS_MAX = 100  # characters of a link's address printed after its text (the link keeps all)
LONGEST_DOTTED = 30  # characters: a longer emphasised word is set bold (it may need breaking)


@dataclass(frozen=True, slots=True)
class Style:
    """What the markup needs to know about the paragraph style it lands in."""

    size: float
    bold: bool = False
    mono: bool = False


def _kept(target: LinkTarget) -> LinkTarget | None:
    return target if kept(target, "pdf") else None


@dataclass(slots=True)
class Markup:
    """Builds reportlab markup for one document; collects characters no font can draw."""

    families: tuple[Family, ...]
    mono: Callable[[], tuple[Family, ...]]  # the code fallback chain (D2Coding first), loaded on use
    korean_emphasis: bool = True
    #: where a link's URL leads in the PDF, None for its text only (links.KEPT)
    link: Callable[[str], LinkTarget | None] = lambda url: _kept(resolve_link(url, {}))
    note_prefix: str = "pc-fn"
    missing: set[str] = field(default_factory=set)
    note_refs: dict[int, int] = field(default_factory=dict)
    shown_urls: set[str] = field(default_factory=set)  # external addresses already printed
    #: an inline picture's ``<img/>`` markup and whether it is the picture (see inline.py); None:
    #: pictures are written as their alt text
    picture: Callable[[Image, float], tuple[str, bool]] | None = None

    def text(self, text: str, style: Style, *, emph: bool = False, bold: bool = False) -> str:
        """Escape ``text`` and wrap runs that need a fallback font; Korean break rules applied."""
        if not text:
            return ""
        text = korean.protect_breaks(text)
        chain = self.mono() if style.mono else self.families
        text = flags(text, chain[-1].coverage)
        out: list[str] = []
        for index, chunk in runs(text, chain):
            family = chain[index]
            if index == 0 and not family.coverage.issuperset(map(ord, chunk)):
                self.missing.update(c for c in chunk if ord(c) not in family.coverage and not c.isspace())
            body = self._dots(chunk, family, style, bold) if emph and self.korean_emphasis else escape(chunk)
            if index != 0 or style.mono:
                face = family.bold if (bold or style.bold) else family.regular
                out.append(f'<font face="{face}">{body}</font>')
            else:
                out.append(body)
        return "".join(out)

    def _address(self, href: str, children: Sequence[Inline], style: Style) -> str:
        """An external link's address in print, after its text, the first time it appears in the
        document: a reader of paper cannot click, and next to the text is where the eye is."""
        scheme = href.split(":", 1)[0].lower()
        if scheme not in ("http", "https", "ftp", "mailto") or href in self.shown_urls:
            return ""
        self.shown_urls.add(href)
        from urllib.parse import unquote

        shown = unquote(href.split(":", 1)[1].split("?", 1)[0]) if scheme == "mailto" else href
        label = plain_text(children).strip()
        if label in (shown, href) or label == shown.removeprefix("https://").removeprefix("http://"):
            return ""  # the text is the address already
        if len(shown) > ADDRESS_MAX:  # nobody types in a longer one from paper; the link keeps it whole
            shown = shown[: ADDRESS_MAX - 1] + "…"
        return f'<font color="{ADDRESS_COLOR}">({self.text(shown, style)})</font>'

    def _dots(self, chunk: str, family: Family, style: Style, bold: bool) -> str:
        """Emphasis dots (드러냄표) over each character: a zero-width callback before it."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        face = family.bold if (bold or style.bold) else family.regular
        out: list[str] = []
        for token in re.split(r"(\s+)", chunk):
            if len(token) > LONGEST_DOTTED:
                # reportlab cannot break a word made of callbacks: a word longer than a line would
                # run off the page, so it is emphasised by weight instead (KOREAN.md allows both).
                out.append(f'<font face="{family.bold}">{escape(token)}</font>')
                continue
            for ch in token:
                if ch.isspace():
                    out.append(ch)
                    continue
                width = stringWidth(ch, face, style.size)
                out.append(f'<onDraw name="{EMDOT}" label="{width:.2f} {style.size:.1f}"/>{escape(ch)}')
        return "".join(out)

    def inlines(
        self,
        items: Sequence[Inline],
        style: Style,
        *,
        emph: bool = False,
        bold: bool = False,
        in_link: bool = False,
    ) -> str:
        out: list[str] = []
        for node in items:
            match node:
                case Text(text=text):
                    out.append(self.text(text, style, emph=emph, bold=bold))
                case SoftBreak():
                    out.append(" ")
                case LineBreak():
                    out.append("<br/>")
                case Emph(children=children):
                    inner = self.inlines(children, style, emph=True, bold=bold, in_link=in_link)
                    out.append(inner if self.korean_emphasis else f"<i>{inner}</i>")
                case Strong(children=children):
                    out.append(
                        f"<b>{self.inlines(children, style, emph=emph, bold=True, in_link=in_link)}</b>"
                    )
                case Strike(children=children):
                    out.append(
                        f"<strike>{self.inlines(children, style, emph=emph, bold=bold, in_link=in_link)}</strike>"
                    )
                case Code(text=text):
                    out.append(self.text(text, replace(style, mono=True)))
                case Link(children=children, url=url):
                    inner = self.inlines(children, style, emph=emph, bold=bold, in_link=True)
                    target = self.link(url)
                    href = None if target is None else target.href
                    if target is not None and target.kind == "heading":
                        href = "#" + target.heading
                    if href is None or in_link:
                        out.append(inner)
                    else:
                        out.append(f'<a href={quoteattr(href)} color="{LINK_COLOR}">{inner}</a>')
                        out.append(self._address(href, children, style))
                case Image(alt=alt, src=src):
                    if self.picture is None:
                        out.append(self.text(f"[{alt or src}]", style))
                        continue
                    drawn, found = self.picture(node, style.size)
                    out.append(drawn)
                    if not found and alt:  # a missing picture's box, then what it showed
                        out.append(f'<font color="{ADDRESS_COLOR}">\u00a0{self.text(alt, style)}</font>')
                case NoteRef(number=n):
                    k = self.note_refs.get(n, 0) + 1
                    self.note_refs[n] = k
                    anchor = f'<a name="{self.note_prefix}ref-{n}-{k}"/>'
                    out.append(
                        f'{anchor}<a href="#{self.note_prefix}-{n}" color="{LINK_COLOR}"><super>{n}</super></a>'
                    )
                case Span(children=children):
                    out.append(self.inlines(children, style, emph=emph, bold=bold, in_link=in_link))
                case RawInline(text=text):
                    plain = html_to_text(text)
                    out.append(self.text(plain, style, emph=emph, bold=bold))
                case _:
                    assert_never(node)
        return "".join(out)


def draw_emphasis_dot(canvas: object, kind: str, label: str | None) -> None:
    """reportlab onDraw callback: a small dot centred above the next character."""
    info = getattr(canvas, "_curr_tx_info", None)
    if info is None or not label:
        return
    width, size = (float(v) for v in label.split())
    text = info.get("tx")
    stretch = getattr(text, "spaces_on_line", 0) * getattr(text, "_wordSpace", 0)  # justified lines
    # (letter spacing is in cur_x already: justify.py widens reportlab's measure of the words)
    x = info["cur_x"] + stretch + width / 2
    y = info["cur_y"] + size * 1.05
    canvas.saveState()  # type: ignore[attr-defined]
    canvas.circle(x, y, max(0.6, size * 0.075), stroke=0, fill=1)  # type: ignore[attr-defined]
    canvas.restoreState()  # type: ignore[attr-defined]
