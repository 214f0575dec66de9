"""Safety for text that leaves us as markup: URL scheme checks and raw-HTML sanitising (nh3)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` without the characters no XML (or HTML) document may hold; parsed input never has
    them (source.py removes them with a warning), so this only guards hand-built documents."""
    return XML_ILLEGAL.sub("", text) if XML_ILLEGAL.search(text) else text


_TAG = re.compile(r"<[^>]*>")


def html_to_text(fragment: str) -> str:
    """The text of raw HTML, for formats that cannot show markup: tags dropped, entities decoded,
    never interpreted (DOCX and PDF)."""
    import html

    return xml_text(html.unescape(_TAG.sub("", fragment)))


SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp", "ftps"})
_DANGEROUS = ("javascript:", "vbscript:", "file:", "data:")


def _scheme(url: str) -> str:
    # Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
    head = "".join(ch for ch in url[:64] if ch > " ").lower()
    colon = head.find(":")
    if colon <= 0 or any(c in head[:colon] for c in "/?#"):
        return ""
    return head[: colon + 1]


def safe_url(url: str, *, image: bool = False) -> str | None:
    """``url`` if following it is safe, else None (javascript:, vbscript:, file:, data: refused;
    ``data:image/...`` allowed for images)."""
    scheme = _scheme(url)
    if not scheme:
        return url
    if image and scheme == "data:" and url.strip().lower().startswith("data:image/"):
        return url
    if scheme in _DANGEROUS:
        return None
    return url


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr in ("href", "src", "cite", "action", "formaction", "poster"):
        return safe_url(value, image=(tag == "img" and attr == "src"))
    return value


@functools.cache
def _settings() -> dict[str, Any]:
    import nh3

    tags = set(nh3.ALLOWED_TAGS) | {"section", "input", "main", "u", "s"}
    attributes: dict[str, set[str]] = {k: set(v) for k, v in nh3.ALLOWED_ATTRIBUTES.items()}
    attributes["*"] = {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden"}
    for cell in ("th", "td"):
        attributes.setdefault(cell, set()).add("style")
    attributes.setdefault("img", set()).update({"loading", "decoding"})
    attributes["input"] = {"type", "checked", "disabled"}
    return {
        "tags": tags,
        "attributes": attributes,
        "attribute_filter": _attribute_filter,
        "link_rel": None,
        "url_schemes": set(SAFE_SCHEMES) | {"data"},
        "filter_style_properties": {"text-align"},
        "strip_comments": True,
    }


_IMG = re.compile(r"<img\b[^>]*>")


def _ensure_alt(match: re.Match[str]) -> str:
    tag = match.group(0)
    return tag if " alt=" in tag else tag[:4] + ' alt=""' + tag[4:]


def clean_html(fragment: str) -> str:
    """Sanitise an HTML fragment: no script, no event handlers, no dangerous URLs; every
    ``img`` keeps (or gets an empty) ``alt`` so the result stays valid HTML."""
    import nh3

    return _IMG.sub(_ensure_alt, nh3.clean(fragment, **_settings()))


VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def to_xhtml(
    piece: str, link_href: Callable[[str], str | None] | None = None, missing_image: str = "image"
) -> str:
    """Re-serialise one piece of (sanitised) raw HTML as XML for a packaged format (EPUB), tag by
    tag, so that a piece holding only an opening or a closing tag stays one: void elements
    closed, entities resolved, attribute values escaped; links go through ``link_href`` (None
    drops the href), and images (which raw HTML cannot bring into the package) become text
    placeholders with their alt."""
    from html.parser import HTMLParser
    from xml.sax.saxutils import escape, quoteattr

    out: list[str] = []

    class Serialiser(HTMLParser):
        def start(self, tag: str, attrs: list[tuple[str, str | None]], close: bool) -> None:
            if tag == "img":
                values = dict(attrs)
                alt = values.get("alt") or ""
                text = f"{missing_image}: {values.get('src') or ''}" + (f" {alt}" if alt else "")
                out.append(f'<span class="image-placeholder">{escape(xml_text(text))}</span>')
                return
            parts = [tag]
            for name, value in attrs:
                if tag == "a" and name == "href" and link_href is not None:
                    value = link_href(value or "")
                    if value is None:
                        continue
                parts.append(f"{name}={quoteattr(xml_text(value if value is not None else name))}")
            out.append("<" + " ".join(parts) + (" />" if close or tag in VOID else ">"))

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.start(tag, attrs, False)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.start(tag, attrs, True)

        def handle_endtag(self, tag: str) -> None:
            if tag not in VOID:
                out.append(f"</{tag}>")

        def handle_data(self, data: str) -> None:
            out.append(escape(xml_text(data)))

    parser = Serialiser(convert_charrefs=True)
    parser.feed(piece)
    parser.close()
    return "".join(out)
