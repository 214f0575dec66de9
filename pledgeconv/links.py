"""Where a link's URL leads: the web, a heading of the document, a file beside it, or nowhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal
from urllib.parse import unquote, urlsplit

from .frozen import dataclass
from .sanitize import safe_url

LinkKind = Literal["external", "heading", "relative", "missing", "unsafe"]


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
