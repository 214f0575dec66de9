"""Pages as printed (issue 28): running heads per chapter, contents page numbers, HWPX table widths
and DOCX landscape sections — judged on the PDF, on LibreOffice's layout of the DOCX and on rhwp's
of the HWPX."""

from __future__ import annotations

import io
import random
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import CASES, export_bytes, libreoffice_pdf, require_tool
from hwpxcheck import render
from textcheck import squeeze

from pledgeconv import tablefit

CHAPTERS = ["첫째 장 경제", "둘째 장 복지", "셋째 장 기후"]
FILLER = "시민의 삶을 바꾸는 공약을 차근차근 설명하는 문단입니다. " * 6
# A cover (front matter), the contents, and three chapters: the second runs over three pages.
BOOKLIKE = "---\ntitle: 공약집 제목\n---\n\n" + "\n\n".join(
    f"# {title}\n\n" + "\n\n".join(f"## {title} {k}절\n\n" + FILLER for k in range(1, 2 + 12 * (i == 1)))
    for i, title in enumerate(CHAPTERS)
)

random.seed(28)
YEARS = [f"{y}년" for y in range(2026, 2037)]
ROWS = [
    [name, *(f"{random.randint(100_000, 999_999):,}" for _ in YEARS)]
    for name in (
        "청년 일자리 지원 사업 13호",
        "지역 화폐 발행 지원",
        "사업 13호",
        "탄소중립 산업단지 조성 및 지원",
    )
]
INTRO = "사업별 예산을 연도마다 정리했습니다. 단위는 백만 원입니다."
AFTER = "예산은 매년 다시 심사합니다."
LANDSCAPE = (
    "---\ntitle: 재원 공약집\n---\n\n# 재원 계획\n\n" + INTRO + "\n\n"
    + "\n".join(["| 사업명 | " + " | ".join(YEARS) + " |", "|:---|" + "---:|" * len(YEARS),
                 *("| " + " | ".join(r) + " |" for r in ROWS)])
    + "\n\n" + AFTER + "\n\n# 다음 장\n\n본문입니다.\n"
)  # fmt: skip


def pages_text(pdf: Path, layout: bool = False) -> list[str]:
    """Each page's text, as pdftotext reads it."""
    pdftotext = require_tool("pdftotext", "apt-get install poppler-utils")
    mode = "-layout" if layout else "-raw"
    out = subprocess.run([pdftotext, mode, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test documents as pages: our PDF, LibreOffice's layout of the DOCX, rhwp's of the HWPX."""
    folder = tmp_path_factory.mktemp("pages")
    out = libreoffice_pdf(folder, {"booklike-docx": export_bytes(BOOKLIKE, "docx"),
                               "landscape-docx": export_bytes(LANDSCAPE, "docx", toc=True)})  # fmt: skip
    (folder / "booklike.pdf").write_bytes(export_bytes(BOOKLIKE, "pdf"))
    out["booklike-pdf"] = folder / "booklike.pdf"
    hwpx = {"booklike-hwpx": BOOKLIKE, "budget-hwpx": (CASES / "budget-table.md").read_text(encoding="utf-8")}
    pairs = []
    for name, text in hwpx.items():
        (folder / f"{name}.hwpx").write_bytes(export_bytes(text, "hwpx"))
        pairs.append((folder / f"{name}.hwpx", folder / f"{name}.rhwp.pdf"))
        out[name] = folder / f"{name}.rhwp.pdf"
    render(pairs)
    return out


# -- running heads ---------------------------------------------------------------


def heads_and_chapters(pages: list[str]) -> list[tuple[str, str]]:
    """(the page's running head, the last chapter started on or before it) for each page after the
    cover: a page's head is its first line; a chapter starts on a page where its title is a line."""
    current = "공약집 제목"  # the contents' page: the title
    found = []
    for page in pages[1:]:
        lines = [squeeze(line) for line in page.splitlines() if line.strip()]
        if "차례" not in lines[1:3]:  # the contents list the chapters, they start none
            for line in lines[1:]:
                if line in {squeeze(t) for t in CHAPTERS}:
                    current = line
        found.append((lines[0] if lines else "", squeeze(current)))
    return found


@pytest.mark.parametrize("fmt", ["pdf", "docx", "hwpx"])
def test_running_head_is_the_current_chapter(fmt: str, laid_out: dict[str, Path]) -> None:
    """On every page the running head is the last chapter (H1) started on or before it — not the
    first H1 (or the title) on every page — in the PDF, in LibreOffice's pages of the DOCX and in
    rhwp's of the HWPX; the cover has none."""
    pages = pages_text(laid_out[f"booklike-{fmt}"], layout=fmt == "hwpx")
    assert len(pages) >= 6, len(pages)  # cover, contents, the three chapters (the second over pages)
    found = heads_and_chapters(pages)
    assert [head for head, _ in found] == [chapter for _, chapter in found], found
    assert {squeeze(t) for t in CHAPTERS} <= {head for head, _ in found}
    assert sum(head == squeeze(CHAPTERS[1]) for head, _ in found) >= 3  # the long chapter's pages
    assert squeeze(pages[0]).count(squeeze("공약집 제목")) == 1  # the cover's title, no running head


def test_running_head_is_decided_once() -> None:
    from pledgeconv import parse
    from pledgeconv.options import ExportOptions
    from pledgeconv.resolve import resolve

    resolved = resolve(
        parse("앞 문단.\n\n# 가\n\n> # 인용 속 제목\n\n# " + "긴 제목 " * 20 + "\n"), ExportOptions()
    )
    first, second = (c.blocks[0] for c in resolved.chapters[1:])
    assert resolved.running_head(getattr(first, "id", None)) == "가"
    long = resolved.running_head(getattr(second, "id", None))
    assert long is not None and long.endswith("…") and len(long) <= 60
    assert resolved.chapters[0].head == resolved.head == resolved.title  # before the first chapter
    quoted = next(b for b in resolved.chapters[1].blocks if hasattr(b, "blocks")).blocks[0]
    assert resolved.running_head(quoted.id) is None  # an H1 in a quote starts no chapter


# -- contents page numbers ----------------------------------------------------------


def test_docx_contents_show_page_numbers_in_libreoffice(laid_out: dict[str, Path]) -> None:
    """The DOCX's contents carry page numbers by default (PAGEREF fields LibreOffice computes): each
    entry ends with the page its heading is on in LibreOffice's own layout."""
    pages = pages_text(laid_out["booklike-docx"])
    where = {}
    for number, page in enumerate(pages, 1):
        for line in page.splitlines()[1:]:
            where.setdefault(squeeze(line), number)
    contents = [line for line in pages[1].splitlines() if line.startswith(tuple(CHAPTERS))]
    assert len(contents) >= len(CHAPTERS) + 3
    for line in contents:
        found = re.match(r"(.+?)\s*\.*\s*(\d+)$", line.strip())
        assert found is not None, line  # a number at the end of every entry
        title, number = squeeze(found.group(1).rstrip(".")), int(found.group(2))
        assert where.get(title) == number, (title, number, where.get(title))


def test_hwpx_contents_refer_to_their_headings_pages() -> None:
    """Each HWPX contents entry ends with a dot-leader tab and a cross-reference (상호 참조) to the
    page of its heading's bookmark, which 한글 computes (rhwp shows the leader but no number)."""
    with zipfile.ZipFile(io.BytesIO(export_bytes(BOOKLIKE, "hwpx"))) as zf:
        section = zf.read("Contents/section0.xml").decode()
        header = zf.read("Contents/header.xml").decode()
    bookmarks = re.findall(r'<hp:bookmark name="([^"]+)"/>', section)
    refs = re.findall(r'<hp:stringParam name="RefPath">\?([^<]*);</hp:stringParam>', section)
    assert refs and [r.replace("\\", "") for r in refs] == bookmarks  # every heading, in order
    assert section.count('type="CROSSREF"') == len(bookmarks)
    assert section.count("OBJECT_TYPE_PAGE") == len(bookmarks)
    assert section.count('<hp:tab leader="DOT" type="RIGHT"/>') == len(bookmarks)
    assert re.search(r'<hh:tabItem pos="\d+" type="RIGHT" leader="DOT"/>', header)


# -- HWPX tables --------------------------------------------------------------------


def test_hwpx_table_columns_fit_their_words() -> None:
    """The 12-column budget table: the name column holds `청년 일자리` on one line (as tablefit
    measures it for the PDF and the DOCX), rows are one line tall, 10 pt of space under the table."""
    with zipfile.ZipFile(io.BytesIO(export_bytes(CASES / "budget-table.md", "hwpx"))) as zf:
        section = zf.read("Contents/section0.xml").decode()
        header = zf.read("Contents/header.xml").decode()
    table = re.search(r"<hp:tbl .*?</hp:tbl>", section, re.S)
    assert table is not None
    widths = [int(w) for w in re.findall(r'<hp:cellSz width="(\d+)"', table.group(0))][:12]
    heights = [int(h) for h in re.findall(r'<hp:cellSz width="\d+" height="(\d+)"', table.group(0))]
    size = min(int(h) for h in re.findall(r'<hh:charPr id="\d+" height="(\d+)"', header)) / 100
    margin = 2 * int(re.search(r'<hp:inMargin left="(\d+)"', table.group(0)).group(1))  # type: ignore[union-attr]
    assert widths[0] - margin >= tablefit.text_width("청년 일자리", size) * 100  # about 8 mm before
    assert max(heights) < 2 * size * 100 * 1.4 + 2 * 141  # one line a row (5-6 lines before)
    assert (
        re.search(r'<hp:outMargin left="0" right="0" top="\d+" bottom="(\d+)"', table.group(0)).group(1)
        == "1000"
    )  # type: ignore[union-attr]


def test_hwpx_table_names_stay_whole_in_rhwp(laid_out: dict[str, Path]) -> None:
    lines = [
        " ".join(line.split()) for line in pages_text(laid_out["budget-hwpx"], layout=True)[0].splitlines()
    ]
    for row in ("청년 일자리 1,200", "기후 전환 600", "돌봄 820"):
        assert any(row in line for line in lines), row  # the name whole, on its row's line


# -- DOCX landscape sections -----------------------------------------------------------


def test_docx_landscape_table_takes_its_lead_in_and_wastes_no_page(laid_out: dict[str, Path]) -> None:
    """A table too wide for portrait: its heading, intro sentence and the short sentence after it
    share its landscape page (not: the intro alone on a page, the table in the top fifth of the next,
    the sentence alone on a third); the cover has no running head."""
    pdf = laid_out["landscape-docx"]
    pages = pages_text(pdf)
    info = subprocess.run(["pdfinfo", "-l", "9", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    assert len(pages) == 4, [p[:60] for p in pages]  # cover, contents, the table's page, the next chapter
    wide = [i for i, (w, h) in enumerate(sizes) if w > h]
    assert wide == [2], sizes
    text = squeeze(pages[2])
    for needed in ("재원계획", squeeze(INTRO), "사업명", "청년일자리지원사업", squeeze(AFTER)):
        assert needed in text, needed
    assert squeeze(pages[0]).count(squeeze("재원 공약집")) == 1  # the cover's title, no running head
    assert squeeze(pages[3].splitlines()[0]) == "다음장"  # the next chapter's head
