"""Where a link's URL leads (the web, a heading of the document, a file beside it, or nowhere), and
what each format makes of it: one table, :data:`KEPT`, every exporter reads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal
from urllib.parse import unquote, urlsplit

from .frozen import dataclass
from .sanitize import safe_url

LinkKind = Literal["external", "heading", "relative", "missing", "unsafe"]

#: The kinds of link each format keeps as links; a link of any other kind prints its text only.
#: Web addresses and the document's own headings are links everywhere but in braille (paper has no
#: links). A relative link names a file beside the Markdown: only an HTML page is published beside
#: such files; a DOCX, PDF or HWPX file travels alone (by mail, to the printer), and an EPUB cannot
#: link outside its package. ``#x`` with no heading ``x`` leads nowhere in the document formats
#: (text); the HTML page keeps it as written, since the page may define ``x`` in the author's raw
#: HTML (``<a id="x">``, which the heading check does not see) and CommonMark keeps every link.
#: An unsafe scheme is text everywhere. A format not named here (a plugin's) keeps what the
#: document formats keep.
KEPT: dict[str, frozenset[LinkKind]] = {
    "html": frozenset({"external", "heading", "relative", "missing"}),
    "epub": frozenset({"external", "heading"}),
    "docx": frozenset({"external", "heading"}),
    "pdf": frozenset({"external", "heading"}),
    "hwpx": frozenset({"external", "heading"}),
    "brf": frozenset(),
}
DEFAULT_KEPT: frozenset[LinkKind] = frozenset({"external", "heading"})


def kept(target: LinkTarget, fmt: str) -> bool:
    """Whether format ``fmt`` draws a link to ``target`` as a link (else as its text only)."""
    return target.kind in KEPT.get(fmt, DEFAULT_KEPT)


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a link's URL leads.

    ``external``: a URL with a scheme (``href`` is it); ``heading``: a heading of this document
    (``heading`` is its id, ``chapter`` the index of the chapter holding it); ``relative``: a
    relative file or path that is not part of the document; ``missing``: ``#x`` with no heading
    ``x``; ``unsafe``: a scheme that is never followed (``javascript:`` …), shown as text only.
    """

    kind: LinkKind
    href: str = ""
    heading: str = ""
    chapter: int = 0


def resolve_link(url: str, heading_chapter: Mapping[str, int]) -> LinkTarget:
    """Classify ``url`` against the document's heading ids (``heading_chapter``: id → chapter)."""
    href = safe_url(url)
    if href is None:
        return LinkTarget("unsafe")
    try:
        parts = urlsplit(href)
    except ValueError:  # an invalid IPv6 host: nothing a reader could follow
        return LinkTarget("relative", href)
    if parts.scheme:
        return LinkTarget("external", href)
    if not parts.path and not parts.query and parts.fragment:
        target = unquote(parts.fragment)
        chapter = heading_chapter.get(target)
        if chapter is None:
            return LinkTarget("missing", href, target)
        return LinkTarget("heading", href, target, chapter)
    return LinkTarget("relative", href)
