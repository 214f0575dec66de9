"""Safety for text that leaves us as markup: URL scheme checks and raw-HTML sanitising (nh3)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from .labels import placeholder_text

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
    # Presentational attributes are let in only to be turned into CSS by _modernise().
    for tag, names in _PRESENTATIONAL.items():
        attributes.setdefault(tag, set()).update(names)
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


# -- the policy: raw HTML from old READMEs made valid HTML5 ----------------------------------------

_ALIGNABLE = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "table", "img", "hr")
_CELLS = ("td", "th", "tr", "thead", "tbody", "tfoot", "col", "colgroup")
_PRESENTATIONAL: dict[str, set[str]] = {
    **{tag: {"align"} for tag in _ALIGNABLE},
    **{tag: {"align", "valign", "bgcolor", "width", "height"} for tag in _CELLS},
    "table": {"align", "bgcolor", "border", "width", "height"},
    "img": {"align", "border", "width", "height"},
    "hr": {"align", "width"},
}
# Obsolete elements and their modern equivalents (font and big go: nh3 keeps only their text).
_RENAMED = {"strike": "s", "acronym": "abbr", "tt": "code"}
_ALIGN = {"left", "center", "right", "justify"}
_VALIGN = {"top", "middle", "bottom", "baseline"}
_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px|%)?\s*$", re.IGNORECASE)
_COLOUR = re.compile(r"^\s*(#[0-9a-f]{3}|#[0-9a-f]{6}|[a-z]{3,20})\s*$", re.IGNORECASE)
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*/?>')
_ATTR = re.compile(r'\s+([^\s=/>]+)(?:="([^"]*)")?')
_OBSOLETE = re.compile(
    r"<(?:strike|acronym|tt|center)\b|\s(?:align|valign|bgcolor|border|width|height)=", re.I
)


def _length(value: str, *, image: bool) -> tuple[str | None, str | None]:
    """A ``width``/``height`` value as (plain number for the attribute, CSS length): ``450px`` →
    ("450", None) on an image, ``40%`` → (None, "40%"); anything else → (None, None)."""
    found = _LENGTH.match(value)
    if found is None:
        return None, None
    number, unit = found.group(1), (found.group(2) or "px").lower()
    if image and unit == "px" and "." not in number:
        return number, None
    return None, f"{number}{unit}"


def _modern_tag(match: re.Match[str], inline: bool) -> str:
    closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
    wrapper = "span" if inline else "div"
    if name == "center":
        return f"</{wrapper}>" if closing else f'<{wrapper} class="center">'
    if name == "table" and not inline:  # a table too wide for a phone scrolls in its own box
        return "</table></div>" if closing else '<div class="table-wrap">' + _modern_tag(match, True)
    name = _RENAMED.get(name, name)
    if closing or not attrs:
        return f"<{closing}{name}>" if name != "img" else _with_alt(name, attrs)
    kept: list[tuple[str, str]] = []
    classes: list[str] = []
    styles: list[str] = []
    for attr_match in _ATTR.finditer(attrs):
        key, value = attr_match.group(1).lower(), attr_match.group(2) or ""
        low = value.strip().lower()
        if key == "align" and name in _PRESENTATIONAL and "align" in _PRESENTATIONAL[name]:
            if low in _ALIGN:
                classes.append(f"align-{low}")
        elif key == "valign" and name in _CELLS:
            if low in _VALIGN:
                classes.append(f"valign-{low}")
        elif key == "bgcolor" and name in _PRESENTATIONAL and "bgcolor" in _PRESENTATIONAL[name]:
            if _COLOUR.match(value):
                styles.append(f"background-color: {low}")
        elif key == "border" and name == "table":
            if low not in ("", "0"):
                classes.append("bordered")
        elif (key == "border" and name == "img") or key in ("size", "char", "charoff", "summary"):
            continue
        elif key in ("width", "height") and name in _PRESENTATIONAL:
            number, css = _length(value, image=(name == "img"))
            if number is not None:
                kept.append((key, number))
            elif css is not None:
                styles.append(f"{key}: {css}")
        elif key == "class":
            classes[:0] = value.split()
        elif key == "style":
            styles[:0] = [value.rstrip("; ")]
        else:
            kept.append((key, value))
    if classes:
        kept.append(("class", " ".join(dict.fromkeys(classes))))
    if styles:
        kept.append(("style", "; ".join(styles)))
    out = "".join(f' {key}="{value}"' for key, value in kept)
    return _with_alt(name, out) if name == "img" else f"<{name}{out}>"


def _with_alt(name: str, attrs: str) -> str:
    """``img`` keeps (or gets an empty) ``alt``, so the result stays valid HTML."""
    return f"<{name}{attrs}>" if " alt=" in attrs else f'<{name} alt=""{attrs}>'


def modernise(html: str, *, inline: bool = False) -> str:
    """Sanitised HTML made valid HTML5 with its look kept: ``strike`` → ``s``, ``acronym`` → ``abbr``,
    ``tt`` → ``code``, ``center`` → a ``div`` (in a paragraph: a ``span``) of class ``center``;
    ``align``/``valign`` → ``align-*``/``valign-*`` classes, ``border`` → ``bordered``, ``bgcolor``
    → ``background-color``, ``width``/``height`` → a plain number on images (``450px`` → ``450``)
    or CSS. Works on nh3's output (lower-case names, double-quoted and escaped values)."""
    if "<img" not in html and "<table" not in html and _OBSOLETE.search(html) is None:
        return html
    return _TAG.sub(lambda m: _modern_tag(m, inline), html)


def clean_html(fragment: str, *, inline: bool = False) -> str:
    """Sanitise an HTML fragment: no script, no event handlers, no dangerous URLs; obsolete markup
    made valid HTML5 (:func:`modernise`); every ``img`` keeps (or gets an empty) ``alt``.
    ``inline``: the fragment stands inside a paragraph (phrasing content only)."""
    import nh3

    return modernise(nh3.clean(fragment, **_settings()), inline=inline)


# -- images in raw HTML: the same rules as Markdown images ------------------------------------------

_RAW_IMG = re.compile(r"<img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_RAW_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")


def _raw_attrs(tag: str) -> dict[str, str]:
    import html

    attrs: dict[str, str] = {}
    for m in _RAW_ATTR.finditer(tag[4:].rstrip("/>")):
        value = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
        attrs.setdefault(m.group(1).lower(), html.unescape(value or ""))
    return attrs


def is_remote(src: str) -> bool:
    """Whether an image reference points at the network (http, https, or ``//host``)."""
    head = src.strip().lower()
    return head.startswith(("http:", "https:", "//"))


def html_escape(text: str) -> str:
    """Escape text for HTML element content or a double-quoted attribute (``"`` too, as CommonMark
    renderers do); characters no HTML or XML document may hold are dropped."""
    text = xml_text(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def image_placeholder(src: str, alt: str, note: str, *, block: bool = False) -> str:
    """The markup HTML and EPUB draw for a picture they cannot show: the placeholder's words
    (``note``, :func:`pledgeconv.labels.placeholder_text`) then the alt text, one image for screen
    readers named by its alt text (else its address); ``block``: a figure's box, whose caption
    says the rest."""
    name = html_escape(alt or src)
    if block:
        return (
            f'<div class="image-placeholder" role="img" aria-label="{name}">'
            f'<span class="image-placeholder-note">{html_escape(note)}</span></div>'
        )
    return (
        f'<span class="image-placeholder" role="img" aria-label="{name}">'
        f'<span class="image-placeholder-note">{html_escape(note)}</span> {html_escape(alt)}</span>'
    )


def remote_images(
    fragment: str, resolve: Callable[[str], tuple[str | None, str]], label: str = "image"
) -> tuple[str, list[tuple[str, str]]]:
    """Remote ``<img>`` in raw HTML handled as Markdown remote images are: ``resolve(url)`` gives a
    ``data:`` URI (fetched with --allow-remote) or None and the reason. A refused image becomes the
    exporters' placeholder, so no reader's browser fetches it. Returns the fragment and
    (url, reason) for every refusal."""
    if "<img" not in fragment.lower():
        return fragment, []
    refused: list[tuple[str, str]] = []

    def one(match: re.Match[str]) -> str:
        tag = match.group(0)
        attrs = _raw_attrs(tag)
        src = attrs.get("src", "")
        if not is_remote(src):
            return tag
        url = "https:" + src.strip() if src.strip().startswith("//") else src.strip()
        data_uri, reason = resolve(url)
        if data_uri is None:
            refused.append((url, reason))
            return image_placeholder(url, attrs.get("alt", ""), placeholder_text(label, url))
        return _replace_src(tag, data_uri)

    return _RAW_IMG.sub(one, fragment), refused


def _replace_src(tag: str, new_src: str) -> str:
    """``tag`` with its ``src`` value replaced (quoted anew)."""
    for m in _RAW_ATTR.finditer(tag, 4):
        if m.group(1).lower() == "src":
            return f'{tag[: m.start()]}src="{new_src}"{tag[m.end() :]}'
    return tag


VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def to_xhtml(
    piece: str,
    link_href: Callable[[str], str | None] | None = None,
    missing_image: str = "image",
    image_href: Callable[[str], str | None] | None = None,
) -> str:
    """Re-serialise one piece of (sanitised) raw HTML as XML for a packaged format (EPUB), tag by
    tag, so that a piece holding only an opening or a closing tag stays one: void elements
    closed, entities resolved, attribute values escaped; links go through ``link_href`` (None
    drops the href), and images through ``image_href`` (the ``src`` of an image the package
    holds, such as a remote one fetched with --allow-remote; None, or no ``image_href``: a text
    placeholder with the alt)."""
    from html.parser import HTMLParser
    from xml.sax.saxutils import escape, quoteattr

    out: list[str] = []

    class Serialiser(HTMLParser):
        def start(self, tag: str, attrs: list[tuple[str, str | None]], close: bool) -> None:
            if tag == "img":
                values = dict(attrs)
                href = image_href(values.get("src") or "") if image_href is not None else None
                if href is not None:
                    attrs = [(k, href if k == "src" else v) for k, v in attrs]
                    out.append(
                        "<img " + " ".join(f"{k}={quoteattr(xml_text(v or ''))}" for k, v in attrs) + " />"
                    )
                    return
                src = values.get("src") or ""
                out.append(
                    image_placeholder(src, values.get("alt") or "", placeholder_text(missing_image, src))
                )
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
