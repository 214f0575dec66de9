"""Tagged PDF (PDF/UA-1): the structure tree says what each thing is, reads in the document's order,
and outside tools (pdfua, poppler, qpdf) find nothing wrong, on the seed, the sample book and stress
documents."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import BOOK, CASES, SEED, export_bytes, require_module, require_tool
from kitchen import kitchen_sink
from pdftags import marked_content, page_text, roles, squeeze, struct_lines, struct_text, walk
from textcheck import norm, source_blocks

import pledgeconv
from pledgeconv import model

pikepdf: Any = require_module("pikepdf", "pip install pikepdf")

LONG = "공공 돌봄을 확대하고 지역 격차를 줄이겠습니다. " * 160  # a paragraph over two pages
ROWS = "\n".join(f"| {i}번 | 항목 {i}의 설명 | {i * 10} |" for i in range(1, 90))  # a table over pages
STRESS = f"""---
title: 시험 문서
author: 홍길동
---

# 첫째 장

문단 하나[^1]와 [링크](https://example.org)가 있습니다. *강조*도 있습니다. 😀 🇰🇷 이모지.

> 인용문입니다.
>
> — 김하늘

1. 첫째 항목
2. 둘째 항목
   가. 하위 항목
   나. 또 하나

□ 추진 배경
 ○ 합계출산율 0.72명

```python
print("코드")
```

![청년 일자리 목표 그래프](images/jobs-chart.png)

![없는 그림](missing.png)

{LONG}

| 구분 | 내용 | 예산 |
|---|---|--:|
{ROWS}

## 둘째 절

마지막 문단.

[^1]: 각주 내용입니다.

# 둘째 장

본문.
"""


#: PDF 1.7's standard structure types (ISO 32000-1, 14.8.4)
_TYPES = """Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6
L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot
Ruby RB RT RP Warichu WT WP Figure Formula Form"""
STANDARD = {f"/{t}" for t in _TYPES.split()}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str | None]]:
    """name -> (PDF, its Markdown source when there is one file of it)."""
    from pledgeconv.book import build

    folder = tmp_path_factory.mktemp("tagged")
    (folder / "images").mkdir()
    shutil.copy(BOOK / "images" / "jobs-chart.png", folder / "images")
    stress = folder / "stress.md"
    stress.write_text(STRESS, encoding="utf-8")
    out: dict[str, tuple[Path, str | None]] = {}
    sources: dict[str, Path | object] = {"seed": SEED, "stress": stress, "kitchen-sink": kitchen_sink()}
    for case in (
        "budget-table",
        "footnotes",
        "links",
        "lists",
        "outline",
        "table",
        "law",
        "raw-html",
        "callouts",
    ):
        sources[case] = CASES / f"{case}.md"
    for name, source in sources.items():
        pdf = folder / f"{name}.pdf"
        pdf.write_bytes(export_bytes(source, "pdf"))
        out[name] = (pdf, source.read_text(encoding="utf-8") if isinstance(source, Path) else None)
    pdf = folder / "bleed.pdf"
    pdf.write_bytes(export_bytes(SEED, "pdf", bleed=3.0))
    out["bleed"] = (pdf, SEED.read_text(encoding="utf-8"))
    build(BOOK, folder / "book", to="pdf", jobs=1)
    out["book"] = (next((folder / "book").glob("*.pdf")), None)
    return out


def test_pdfua_finds_nothing(pdfs: dict[str, tuple[Path, str | None]]) -> None:
    require_module("pdfua", "pip install pdfua")
    for name, (pdf, _) in pdfs.items():
        proc = subprocess.run([sys.executable, "-m", "pdfua", "check", "-f", "json", str(pdf)],
                              capture_output=True, text=True)  # fmt: skip
        report = json.loads(proc.stdout)
        assert report["findings"] == [], (name, report["findings"])
        assert report["summary"]["rules_run"] >= 12, name
        # every rule ran (pdfua's heading rule cannot read a heading whose /K is an array, with pikepdf
        # 10: the exporter writes a single kid as itself)
        assert report["skipped"] == [], (name, report["skipped"])


def test_qpdf_check_is_clean(pdfs: dict[str, tuple[Path, str | None]]) -> None:
    qpdf = require_tool("qpdf", "apt-get install qpdf")
    for name, (pdf, _) in pdfs.items():
        proc = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True)
        assert proc.returncode == 0 and "No syntax or stream encoding errors" in proc.stdout, (
            name,
            proc.stdout,
        )


def test_structure_text_is_the_document_in_order(pdfs: dict[str, tuple[Path, str | None]]) -> None:
    """Every block of the source is in the structure tree's text, in the source's order."""
    pdfinfo = require_tool("pdfinfo", "apt-get install poppler-utils")
    for name, (pdf, source) in pdfs.items():
        if source is None:
            continue
        tree = squeeze(" ".join(struct_text(struct_lines(pdfinfo, pdf))))
        tree = re.sub(r"\((?:https?|ftp|mailto):[^)]*\)", "", tree)  # a link's address, printed after it
        at = 0
        notes = note_blocks(source)
        for block in source_blocks(source):
            if squeeze(block) in notes:  # endnotes follow their chapter, not the end of the file
                assert squeeze(block) in tree, (name, block)
                continue
            found = tree.find(squeeze(norm(block)), at)
            assert found >= 0, (name, block, tree[at : at + 200])
            at = found


def note_blocks(source: str) -> set[str]:
    """The text of the footnote definitions' blocks, squeezed."""
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    soup = BeautifulSoup(MarkdownIt("commonmark").use(footnote_plugin).render(source), "html.parser")
    for ref in soup.select("a.footnote-backref"):
        ref.decompose()
    return {
        squeeze(norm(el.get_text(" "))) for el in soup.select("section.footnotes p, section.footnotes li")
    }


def test_structure_text_is_the_page_text_less_artifacts(pdfs: dict[str, tuple[Path, str | None]]) -> None:
    """What the pages show, in drawing order, less running heads and page numbers, is the tree's
    text: nothing drawn is left out of the tree, nothing is in it twice."""
    pdfinfo = require_tool("pdfinfo", "apt-get install poppler-utils")
    pdftotext = require_tool("pdftotext", "apt-get install poppler-utils")
    chapters = {
        "1. 여는 글",
        "2. 일자리와 경제",
        "3. 돌봄과 복지",
        "4. 기후와 환경",
    }  # the book's running heads
    titles = {"seed": {"외교안보 정책"}, "book": {"더 나은 내일 — 2026 정책공약집", *chapters},
              "outline": {"저출생 대응 공약"}}  # fmt: skip
    for name, heads in titles.items():
        pdf = pdfs[name][0]
        tree = squeeze("".join(struct_text(struct_lines(pdfinfo, pdf))))
        assert tree == squeeze(page_text(pdftotext, pdf, heads)), name


def test_roles_say_what_each_thing_is(pdfs: dict[str, tuple[Path, str | None]]) -> None:
    pdfinfo = require_tool("pdfinfo", "apt-get install poppler-utils")
    stress = roles(struct_lines(pdfinfo, pdfs["stress"][0]))
    for role in ("Document", "Sect", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody",
                 "TR", "TH", "TD", "Figure", "Caption", "BlockQuote", "Code", "Note", "Link", "TOC", "TOCI"):  # fmt: skip
        assert role in stress, role
    assert stress[:2] == ["Document", "Sect"]
    assert stress.count("Sect") == 4  # the cover, the contents, two chapters
    assert stress.count("Table") == 1 and stress.count("TH") == 3  # one table over pages, its head once
    pdftotext = require_tool("pdftotext", "apt-get install poppler-utils")
    shown = page_text(pdftotext, pdfs["stress"][0], "시험 문서").count("구분")
    read = struct_text(struct_lines(pdfinfo, pdfs["stress"][0])).count("구분")
    assert shown >= 3 and read == 1  # the head repeated on each page is an artifact
    labels = [line.strip() for line in struct_lines(pdfinfo, pdfs["outline"][0])]
    marks = [labels[i + 1] for i, line in enumerate(labels) if line.startswith("Lbl")]
    for mark in ("□", "○", "-", "1.", "가.", "1)", "가)", "(1)", "(가)", "①", "㉮"):
        assert f'"{mark}"' in marks, mark
    numbering = {line.split()[1] for line in labels if line.startswith("/ListNumbering")}
    assert {"/Square", "/Circle", "/Decimal", "/None"} <= numbering, numbering  # □, ○, 1., 가.


def test_a_paragraph_over_two_pages_is_one_element(pdfs: dict[str, tuple[Path, str | None]]) -> None:
    pdf = pikepdf.open(pdfs["stress"][0])
    long = [e for e in walk(pdf.Root.StructTreeRoot.K) if e.S == "/P" and isinstance(e.get("/K"), pikepdf.Array)
            and any(isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR" for k in e.K)]  # fmt: skip
    assert long, "no paragraph has marked content on two pages"


def test_catalog_pages_and_annotations(pdfs: dict[str, tuple[Path, str | None]]) -> None:
    for name in ("seed", "stress", "book", "bleed"):
        pdf = pikepdf.open(pdfs[name][0])
        root = pdf.Root
        assert root.MarkInfo.Marked is True and root.ViewerPreferences.DisplayDocTitle is True
        assert str(root.Lang) == "ko-KR"
        xmp = root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "<dc:title>" in xmp
        tree = root.StructTreeRoot
        assert tree.K.S == "/Document" and tree.RoleMap.Cover == "/Sect"
        parents = dict(zip(tree.ParentTree.Nums[::2], tree.ParentTree.Nums[1::2], strict=True))
        for index, page in enumerate(pdf.pages):
            mcids, loose, deepest = marked_content(page)
            assert loose == 0, (name, index, "text outside any marked content")
            assert deepest == 1, (name, index, "marked content nested")
            if mcids:
                assert mcids == list(range(len(mcids))) and page.StructParents == index
                assert len(parents[index]) == len(mcids)
                for mcid in mcids:  # the element the ParentTree names has that MCID on this page
                    elem = parents[index][mcid]
                    kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
                    assert any(k == mcid or (isinstance(k, pikepdf.Dictionary) and k.get("/MCID") == mcid
                                             and k.Pg.objgen == page.objgen) for k in kids), (name, index, mcid)  # fmt: skip
            for annot in page.get("/Annots", []):
                assert page.Tabs == "/S" and str(annot.Contents).strip(), (name, index)
                link = parents[int(annot.StructParent)]
                assert link.S == "/Link" and any(k.get("/Obj") is not None and k.Obj.objgen == annot.objgen
                                                 for k in link.K if isinstance(k, pikepdf.Dictionary)) \
                    if isinstance(link.K, pikepdf.Array) else link.K.Obj.objgen == annot.objgen  # fmt: skip
        role_map = {str(k): str(v) for k, v in tree.RoleMap.items()}
        assert not set(role_map) & STANDARD and set(role_map.values()) <= STANDARD, role_map
        for elem in walk(tree.K):
            assert str(elem.S) in STANDARD or role_map.get(str(elem.S)) in STANDARD, (name, elem.S)
            if elem.S == "/Figure":
                assert str(elem.Alt).strip(), name
            if str(elem.S) in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6"):
                assert elem.get("/K") is not None, (name, "an empty heading")


def test_figures_say_their_alt_text(pdfs: dict[str, tuple[Path, str | None]]) -> None:
    pdf = pikepdf.open(pdfs["stress"][0])
    alts = [str(e.Alt) for e in walk(pdf.Root.StructTreeRoot.K) if e.S == "/Figure"]
    assert alts[0] == "청년 일자리 목표 그래프"
    assert alts[1].startswith("이미지 없음") and "missing.png" in alts[1]  # the placeholder says so


def test_no_pdf_tags_writes_an_untagged_pdf() -> None:
    plain = export_bytes(SEED, "pdf", pdf_tags=False)
    assert b"/StructTreeRoot" not in plain and b"/MarkInfo" not in plain and b"\nxref\n" in plain
    assert b"/ObjStm" in export_bytes(SEED, "pdf")


def test_no_pdf_tags_flag(tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    subprocess.run([sys.executable, "-m", "pledgeconv", "convert", str(SEED), "-o", str(out), "--no-pdf-tags", "-q"],
                   check=True)  # fmt: skip
    assert b"/StructTreeRoot" not in out.read_bytes()


def test_heading_tags_never_skip_a_level(pdfs: dict[str, tuple[Path, str | None]]) -> None:
    """The seed's H3s sit right under its H1: tagged H2, as the outline nests them (PDF/UA 7.4.2)."""
    pdfinfo = require_tool("pdfinfo", "apt-get install poppler-utils")
    for name in ("seed", "stress", "book", "kitchen-sink", "outline"):
        levels = [
            int(r[1]) for r in roles(struct_lines(pdfinfo, pdfs[name][0])) if re.fullmatch(r"H[1-6]", r)
        ]
        assert levels and levels[0] == 1, name
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (name, levels)


def test_notes_have_unique_ids(pdfs: dict[str, tuple[Path, str | None]]) -> None:
    for name in ("stress", "book", "footnotes"):
        pdf = pikepdf.open(pdfs[name][0])
        ids = [bytes(e.ID) for e in walk(pdf.Root.StructTreeRoot.K) if e.S == "/Note"]
        assert ids and len(set(ids)) == len(ids), name


def test_tagging_changes_nothing_on_the_page(tmp_path: Path) -> None:
    pdftoppm = require_tool("pdftoppm", "apt-get install poppler-utils")
    for tags in (True, False):
        (tmp_path / f"{tags}.pdf").write_bytes(export_bytes(SEED, "pdf", pdf_tags=tags))
        subprocess.run([pdftoppm, "-r", "30", "-png", str(tmp_path / f"{tags}.pdf"), str(tmp_path / f"{tags}")],
                       check=True)  # fmt: skip
    tagged = sorted(tmp_path.glob("True-*.png"))
    assert tagged and [p.read_bytes() for p in tagged] == [
        p.read_bytes() for p in sorted(tmp_path.glob("False-*.png"))
    ]


def test_content_reportlab_copies_to_try_a_split_stays_in_the_tree(tmp_path: Path) -> None:
    """reportlab deep-copies a list's flowables to try splits: a long slogan in a list in a quote is
    drawn from copies, which must still belong to the tree (once a crash at save time)."""
    doc = pledgeconv.parse("# 제목\n")
    link = model.Link((model.SoftBreak(),), "https://example.org/")
    heading = model.Heading(1, (model.Emph((model.Text("제목"), link)), model.Text("2026" * 300)))
    slogan = model.Slogan(("", "2026" * 300))
    quote = model.BlockQuote((heading, model.BulletList((model.ListItem((slogan,)),))))
    doc = dataclasses.replace(doc, blocks=(quote,))
    pdf = tmp_path / "copied.pdf"
    pdf.write_bytes(export_bytes(doc, "pdf"))
    opened = pikepdf.open(pdf)
    paragraphs = [e for e in walk(opened.Root.StructTreeRoot.K) if e.S == "/P"]
    assert len(paragraphs) == 3 and all(e.get("/K") is not None for e in paragraphs)
