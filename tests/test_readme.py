"""The README keeps up with the code: its options table is the declarations (OptionSpec), its module
map and docs/modules.md are the modules; each is generated (tests/readme_tables.py) and compared here."""

from __future__ import annotations

import re

import pytest
from readme_tables import MODULES_DOC, README, ROOT, expected_readme, modules_doc

import pledgeconv

HINT = "run `python tests/readme_tables.py` (or pytest --update-goldens), review the diff, commit it"


def test_readme_options_table_and_module_map_are_generated(request: pytest.FixtureRequest) -> None:
    readme, docs = expected_readme(), modules_doc()
    if request.config.getoption("--update-goldens"):
        README.write_text(readme, encoding="utf-8")
        MODULES_DOC.write_text(docs, encoding="utf-8")
    assert README.read_text(encoding="utf-8") == readme, f"README.md is stale: {HINT}"
    assert MODULES_DOC.read_text(encoding="utf-8") == docs, f"docs/modules.md is stale: {HINT}"


def test_readme_links_and_formats_hold() -> None:
    text = README.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(((?:docs|samples|CHANGELOG)[^)#]*)", text):
        assert (ROOT / target).exists(), f"README links to {target}, which does not exist"
    for page in (ROOT / "docs").glob("*.md"):  # the reference pages' own links
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), f"{page.name} links to {target}, which does not exist"
    anchors = re.findall(r"^- \[[^]]+\]\(#([^)]+)\)", text, re.M)  # the contents list
    headings = {
        re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-")
        for h in re.findall(r"^## (.+)$", text, re.M)
    }
    assert anchors and set(anchors) <= headings, set(anchors) - headings
    shown = re.search(r"\[f\.name for f in pledgeconv\.formats\(\)\]\s+# (\[.*?\])", text)
    assert shown, "the Library section shows formats()"
    assert eval(shown.group(1)) == [f.name for f in pledgeconv.formats()][: len(eval(shown.group(1)))]
