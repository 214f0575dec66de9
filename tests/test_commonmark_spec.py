"""Every example of the CommonMark spec (tests/commonmark/spec.txt) through parse(strict=True)."""

from __future__ import annotations

import re

import pytest
from spec_examples import SPEC, load_examples, normalize_html

import pledgeconv

EXAMPLES = load_examples() if SPEC.exists() else []
# The one thing the exporter adds to CommonMark's HTML: a code block's box takes the keyboard's focus
# and has a name, so a reader can scroll a long line (axe-core: scrollable-region-focusable).
FOCUSABLE_PRE = re.compile(r'<pre tabindex="0" role="group" aria-label="코드(?: \([^")]*\))?">')


def render(markdown: str) -> str:
    doc = pledgeconv.parse(markdown, strict=True)
    out = pledgeconv.export(doc, "html", fragment=True, unsafe_html=True, embed_images=False)
    assert isinstance(out, bytes)
    return FOCUSABLE_PRE.sub("<pre>", out.decode("utf-8"))


def test_spec_is_there() -> None:
    assert SPEC.exists(), f"{SPEC} is missing: a copy of the spec belongs in tests/commonmark/"
    assert len(EXAMPLES) == 655


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.number}-{e.section.replace(' ', '_')}")
def test_example(example) -> None:  # type: ignore[no-untyped-def]
    assert normalize_html(render(example.markdown)) == normalize_html(example.html)


def test_only_the_code_box_attributes_are_set_aside() -> None:
    assert (
        '<pre tabindex="0"' in pledgeconv.export(pledgeconv.parse("    a\n"), "html", fragment=True).decode()
    )
    assert render("    a\n") == "<pre><code>a\n</code></pre>\n"
    assert render("```js\nb\n```\n") == '<pre><code class="language-js">b\n</code></pre>\n'


def test_normaliser_tells_differences_apart() -> None:
    # The comparison must be able to fail: different markup never normalises equal.
    assert normalize_html("<p><em>a</em></p>") != normalize_html("<p><strong>a</strong></p>")
    assert normalize_html("<p>a</p>\n") == normalize_html("<p>a</p>")
