"""Read the CommonMark spec's examples and normalise HTML as the spec's own test runner does."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.entities import name2codepoint
from html.parser import HTMLParser
from pathlib import Path

# A copy of the spec (CC-BY-SA 4.0, see commonmark/LICENSE) lives in tests/: a lone clone runs it.
SPEC = Path(__file__).resolve().parent / "commonmark" / "spec.txt"
FENCE = "`" * 32


@dataclass(frozen=True)
class Example:
    number: int
    section: str
    markdown: str
    html: str
    line: int


def load_examples(path: Path = SPEC) -> list[Example]:
    """Every example of the spec, as cmark's spec_tests.py reads them."""
    examples: list[Example] = []
    section = ""
    state = 0  # 0 text, 1 markdown, 2 html
    md: list[str] = []
    out: list[str] = []
    start = 0
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(keepends=True), 1):
        stripped = line.rstrip("\n")
        if state == 0:
            if stripped.startswith(FENCE + " example"):
                state, md, out, start = 1, [], [], lineno
            elif m := re.match(r"#{1,6} (.*)", stripped):
                section = m.group(1)
        elif state == 1:
            if stripped == ".":
                state = 2
            else:
                md.append(line)
        elif state == 2:
            if stripped == FENCE:
                examples.append(
                    Example(
                        len(examples) + 1,
                        section,
                        "".join(md).replace("→", "\t"),
                        "".join(out).replace("→", "\t"),
                        start,
                    )
                )
                state = 0
            else:
                out.append(line)
    return examples


_BLOCK_TAGS = {
    "article",
    "header",
    "aside",
    "hgroup",
    "blockquote",
    "hr",
    "iframe",
    "body",
    "li",
    "map",
    "button",
    "object",
    "canvas",
    "ol",
    "caption",
    "output",
    "col",
    "p",
    "colgroup",
    "pre",
    "dd",
    "progress",
    "div",
    "section",
    "dl",
    "table",
    "td",
    "dt",
    "tbody",
    "embed",
    "textarea",
    "fieldset",
    "tfoot",
    "figcaption",
    "th",
    "figure",
    "thead",
    "footer",
    "tr",
    "form",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "video",
    "script",
    "style",
}
_WS = re.compile(r"\s+")


class _Normaliser(HTMLParser):
    """A port of cmark's test/normalize.py: the spec's own notion of "the same HTML"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.last = "starttag"
        self.in_pre = False
        self.output = ""
        self.last_tag = ""

    def handle_data(self, data: str) -> None:
        after_tag = self.last in ("endtag", "starttag")
        after_block_tag = after_tag and self.last_tag in _BLOCK_TAGS
        if after_tag and self.last_tag == "br":
            data = data.lstrip("\n")
        if not self.in_pre:
            data = _WS.sub(" ", data)
        if after_block_tag and not self.in_pre:
            if self.last == "starttag":
                data = data.lstrip()
            elif self.last == "endtag":
                data = data.strip()
        self.output += data
        self.last = "data"

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = False
        elif tag in _BLOCK_TAGS:
            self.output = self.output.rstrip()
        self.output += f"</{tag}>"
        self.last_tag = tag
        self.last = "endtag"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.in_pre = True
        if tag in _BLOCK_TAGS:
            self.output = self.output.rstrip()
        self.output += "<" + tag
        for k, v in sorted(attrs, key=lambda kv: (kv[0], kv[1] or "")):
            self.output += " " + k
            if v is not None:
                self.output += '="' + html.escape(v, quote=True) + '"'
        self.output += ">"
        self.last_tag = tag
        self.last = "starttag"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.last_tag = tag
        self.last = "endtag"

    def handle_comment(self, data: str) -> None:
        self.output += "<!--" + data + "-->"
        self.last = "comment"

    def handle_decl(self, decl: str) -> None:
        self.output += "<!" + decl + ">"
        self.last = "decl"

    def unknown_decl(self, data: str) -> None:
        self.output += "<!" + data + ">"
        self.last = "decl"

    def handle_pi(self, data: str) -> None:
        self.output += "<?" + data + ">"
        self.last = "pi"

    def handle_entityref(self, name: str) -> None:
        c = chr(name2codepoint[name]) if name in name2codepoint else None
        self._char(c, "&" + name + ";")
        self.last = "ref"

    def handle_charref(self, name: str) -> None:
        try:
            c = chr(int(name[1:], 16)) if name.lower().startswith("x") else chr(int(name))
        except ValueError:
            c = None
        self._char(c, "&" + name + ";")
        self.last = "ref"

    def _char(self, c: str | None, fallback: str) -> None:
        self.output += {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}.get(
            c or "", c if c is not None else fallback
        )


def normalize_html(text: str) -> str:
    """Normalise HTML for comparison as the CommonMark spec tests do."""
    parser = _Normaliser()
    parser.feed(text)
    parser.close()
    return parser.output
