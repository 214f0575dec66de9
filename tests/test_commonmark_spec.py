"""Every example of the CommonMark spec (../shared/commonmark/spec.txt) through parse(strict=True)."""

from __future__ import annotations

import pytest
from spec_examples import SPEC, load_examples, normalize_html

import pledgeconv

EXAMPLES = load_examples() if SPEC.exists() else []


def render(markdown: str) -> str:
    doc = pledgeconv.parse(markdown, strict=True)
    out = pledgeconv.export(doc, "html", fragment=True, unsafe_html=True, embed_images=False)
    assert isinstance(out, bytes)
    return out.decode("utf-8")


def test_spec_is_there() -> None:
    assert SPEC.exists(), f"{SPEC} is missing: the spec lives in ../shared/commonmark beside the project"
    assert len(EXAMPLES) == 655


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.number}-{e.section.replace(' ', '_')}")
def test_example(example) -> None:  # type: ignore[no-untyped-def]
    assert normalize_html(render(example.markdown)) == normalize_html(example.html)


def test_normaliser_tells_differences_apart() -> None:
    # The comparison must be able to fail: different markup never normalises equal.
    assert normalize_html("<p><em>a</em></p>") != normalize_html("<p><strong>a</strong></p>")
    assert normalize_html("<p>a</p>\n") == normalize_html("<p>a</p>")
