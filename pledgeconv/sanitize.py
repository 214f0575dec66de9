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


def to_xhtml(
    fragment: str, link_href: Callable[[str], str | None] | None = None, missing_image: str = "image"
) -> str:
    """Re-serialise raw HTML as well-formed XML for a packaged format (EPUB): void elements
    closed, entities resolved; links go through ``link_href`` (None drops the href), and images
    (which raw HTML cannot bring into the package) become text placeholders with their alt."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(fragment, "html.parser")
    for img in soup.find_all("img"):
        alt = str(img.get("alt", "") or "")
        span = soup.new_tag("span", attrs={"class": "image-placeholder"})
        span.string = f"{missing_image}: {img.get('src', '')}" + (f" {alt}" if alt else "")
        img.replace_with(span)
    if link_href is not None:
        for a in soup.find_all("a", href=True):
            href = link_href(str(a["href"]))
            if href is None:
                del a["href"]
            else:
                a["href"] = href
    return soup.decode(formatter="minimal")
