"""The PDF exporter: poppler and qpdf judge it; text fidelity, Korean line breaks, fonts, outline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOOK, CASES, SEED, export_bytes, require_tool
from kitchen import kitchen_sink
from textcheck import missing_blocks, print_text, split_words

import pledgeconv
from pledgeconv import model
from pledgeconv.transforms import iter_blocks, plain_text

SAMPLE_FILES = [SEED, *sorted(BOOK.glob("*.md"))]


def to_pdf(source: Path | str | model.Document, **options: object) -> bytes:
    return export_bytes(source, "pdf", **options)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    files = {src.stem: to_pdf(src) for src in SAMPLE_FILES}
    files["kitchen-sink"] = to_pdf(kitchen_sink())
    for case in sorted(CASES.glob("*.md")):
        files[f"case-{case.stem}"] = to_pdf(case)
    paths = {}
    for name, data in files.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


def text_of(pdf: Path) -> str:
    tool = require_tool("pdftotext", "apt-get install poppler-utils")
    return subprocess.run([tool, str(pdf), "-"], capture_output=True, check=True, text=True).stdout


def test_qpdf_check_passes(built: dict[str, Path]) -> None:
    qpdf = require_tool("qpdf", "apt-get install qpdf")
    for name, path in built.items():
        proc = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{name}: {proc.stdout[-500:]}{proc.stderr[-500:]}"


def test_qpdf_does_fail_a_broken_pdf(built: dict[str, Path], tmp_path: Path) -> None:
    qpdf = require_tool("qpdf", "apt-get install qpdf")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(built["pledge-foreign-security"].read_bytes()[:-2000])
    assert subprocess.run([qpdf, "--check", str(broken)], capture_output=True).returncode != 0


def test_every_font_is_embedded_and_subset(built: dict[str, Path]) -> None:
    pdffonts = require_tool("pdffonts", "apt-get install poppler-utils")
    for name, path in built.items():
        rows = subprocess.run(
            [pdffonts, str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert rows, name
        for row in rows:
            cols = row.split()
            emb, sub = cols[-5], cols[-4]
            assert (emb, sub) == ("yes", "yes"), f"{name}: {row}"
            assert "+" in cols[0], f"{name}: {row}"


@pytest.mark.parametrize("src", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_source_block_is_in_the_text(src: Path, built: dict[str, Path]) -> None:
    text = print_text(text_of(built[src.stem]))  # without the printed link addresses
    assert missing_blocks(src.read_text(encoding="utf-8"), text) == []


def test_u2027_comes_out_through_the_fallback_font(built: dict[str, Path]) -> None:
    assert "미‧중" in text_of(built["pledge-foreign-security"])


@pytest.mark.parametrize("src", SAMPLE_FILES, ids=lambda p: p.stem)
def test_no_word_is_split_at_a_line_end(src: Path, built: dict[str, Path]) -> None:
    assert split_words(src.read_text(encoding="utf-8"), print_text(text_of(built[src.stem]))) == []


def test_no_line_starts_with_closing_punctuation(built: dict[str, Path]) -> None:
    from pledgeconv.korean import NO_LINE_START

    for name in ("pledge-foreign-security", "003_기후"):
        for line in text_of(built[name]).splitlines():
            stripped = line.strip()
            assert not stripped or stripped[0] not in NO_LINE_START or stripped[0] in "%·", line


def test_long_words_and_huge_cells_never_crash(tmp_path: Path) -> None:
    long_word = "가" * 3000
    cell = " ".join(["긴 셀 내용입니다"] * 2500)
    text = f"# 시험\n\n{long_word}\n\n| 가 | 나 |\n|---|---|\n| {cell} | 짧음 |\n\n```\n{'x' * 5000}\n```\n"
    out = tmp_path / "big.pdf"
    out.write_bytes(to_pdf(text))
    lines = [ln.strip(" \x0c") for ln in text_of(out).splitlines()]
    body = "".join(ln for ln in lines if ln != "시험" and not ln.isdigit()).replace(
        " ", ""
    )  # no page furniture
    assert body.count("가") > 3000  # the long word, split across lines, + the repeated header cell
    assert body.count("긴셀내용입니다") == 2500
    assert body.count("x") >= 5000


def outline_titles(path: Path) -> list[tuple[int, str]]:
    qpdf = require_tool("qpdf", "apt-get install qpdf")
    data = json.loads(subprocess.run([qpdf, "--json", "--json-key=outlines", str(path)], capture_output=True,
                                     check=True, text=True).stdout)  # fmt: skip
    found: list[tuple[int, str]] = []

    def walk(items: list[dict[str, object]], depth: int) -> None:
        for item in items:
            found.append((depth, str(item["title"])))
            walk(item["kids"], depth + 1)  # type: ignore[arg-type]

    walk(data["outlines"], 0)
    return found


@pytest.mark.parametrize("src", SAMPLE_FILES, ids=lambda p: p.stem)
def test_outline_has_every_heading(src: Path, built: dict[str, Path]) -> None:
    doc = pledgeconv.parse(src)
    headings = [plain_text(b.children) for b in iter_blocks(doc.blocks) if isinstance(b, model.Heading)]
    assert [t for _, t in outline_titles(built[src.stem])] == headings


def test_outline_nests_h3_directly_under_h1(built: dict[str, Path]) -> None:
    depths = [d for d, _ in outline_titles(built["pledge-foreign-security"])]
    assert depths == [0, 1, 1, 1, 1]


def test_catalog_language_and_metadata(built: dict[str, Path]) -> None:
    data = built["000_여는글"].read_bytes()
    assert b"/Lang (ko-KR)" in data
    pdfinfo = require_tool("pdfinfo", "apt-get install poppler-utils")
    info = subprocess.run(
        [pdfinfo, str(built["000_여는글"])], capture_output=True, text=True, check=True
    ).stdout
    for needle in (
        "Title:           더 나은 내일 — 2026 정책공약집",
        "Author:          김하늘",
        "Keywords:        공약집, 지방선거",
        "Creator:         pledgeconv",
        "Subject:         가상의",
    ):
        assert needle in info, needle


def test_cover_toc_and_page_numbers(built: dict[str, Path], tmp_path: Path) -> None:
    pdftotext = require_tool("pdftotext", "apt-get install poppler-utils")
    first = subprocess.run([pdftotext, "-f", "1", "-l", "1", str(built["000_여는글"]), "-"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "더 나은 내일" in first and "미래시민당 · 김하늘" in first and "2026년 5월 20일" in first
    # One chapter with two headings gets no contents page by itself (issue 13); --toc asks for one.
    assert "차례" not in text_of(built["000_여는글"])
    forced = tmp_path / "forced.pdf"
    forced.write_bytes(to_pdf(BOOK / "000_여는글.md", toc=True))
    second = subprocess.run([pdftotext, "-layout", "-f", "2", "-l", "2", str(forced), "-"],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "차례" in second
    toc_lines = [ln for ln in second.splitlines() if "이 공약집을 읽는 법" in ln]
    assert toc_lines and toc_lines[0].rstrip().endswith("3")  # the heading's real page


def test_reproducible_with_source_date_epoch(tmp_path: Path) -> None:
    outs = []
    for seed_value in ("1", "2"):
        out = tmp_path / f"r{seed_value}.pdf"
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": "1767225600",
            "PYTHONHASHSEED": seed_value,
            "TZ": "Asia/Seoul",
        }
        subprocess.run([sys.executable, "-m", "pledgeconv", "convert", str(BOOK / "001_경제.md"), "-o", str(out), "-q"],
                       check=True, env=env)  # fmt: skip
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert b"D:20260101000000" in outs[0]


def test_markup_in_text_is_never_interpreted(tmp_path: Path) -> None:
    """reportlab markup in the text (a known code-execution vector through ``<font color>``) comes
    out as the literal characters, in code and in escaped text alike."""
    payload = "<font color=\"[[[getattr(pow, Word('__globals__'))]]]\">x</font>"
    text = f"코드: `{payload}`\n\n이스케이프: \\<b>굵게\\</b> &lt;para&gt;\n"
    pdf = tmp_path / "markup.pdf"
    pdf.write_bytes(to_pdf(text))
    shown = " ".join(text_of(pdf).split())
    assert payload in shown.replace("\u00a0", " ")
    assert "<b>굵게</b> <para>" in shown


def test_paper_sizes() -> None:
    for paper, width in (("a4", b"595.2756"), ("b5", b"498.8976"), ("letter", b"612")):
        assert b"/MediaBox [ 0 0 " + width in to_pdf("# 제목\n", paper=paper), paper
    with pytest.raises(pledgeconv.UsageError, match=r"paper .a3. is not one of: a4, b5, a5, letter"):
        to_pdf("x", paper="a3")


def test_cff_fonts_are_refused_with_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "NotoSansCJK-Regular.otf").write_bytes(b"OTTO" + b"\x00" * 200)
    with pytest.raises(pledgeconv.UsageError, match=r"NotoSansCJK-Regular\.otf: PostScript/CFF-outline"):
        to_pdf("# 제목\n", font_dir=str(tmp_path))


def test_characters_no_font_has_are_warned_once(tmp_path: Path) -> None:
    src = tmp_path / "emoji.md"
    src.write_text("# 기호\n\n상형 𓀀 𓀀 그리고 미‧중\n", encoding="utf-8")
    result = pledgeconv.convert(src, tmp_path / "out.pdf")
    glyphs = [w for w in result.warnings if w.code == "missing-glyph"]
    assert len(glyphs) == 1 and "U+13000" in glyphs[0].message and "2027" not in glyphs[0].message


def test_kitchen_sink_text(built: dict[str, Path]) -> None:
    text = text_of(built["kitchen-sink"])
    for needle in ("구호", "주석", "print(1)", "굵게"):
        assert needle in text


def test_export_issues_exporter_warnings_through_python_warnings() -> None:
    doc = pledgeconv.parse("# 기호\n\n상형 𓀀\n", name="emoji.md")
    with pytest.warns(pledgeconv.PledgeconvWarning, match=r"emoji\.md: warning\[missing-glyph\]") as record:
        data = pledgeconv.export(doc, "pdf")
    assert data.startswith(b"%PDF")
    [caught] = [r for r in record if issubclass(r.category, pledgeconv.PledgeconvWarning)]
    warning = caught.message.args[1]  # type: ignore[union-attr]
    assert warning.code == "missing-glyph" and "U+13000" in warning.message
    assert caught.filename == __file__  # points at the caller of export()
    assert str(caught.message) == f"emoji.md: warning[missing-glyph]: {warning.message}"


def _link_targets(data: bytes) -> list[list[int]]:
    """Per page, the page numbers (1-based) its internal links go to."""
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        numbers = {page.page_obj.pageid: i + 1 for i, page in enumerate(pdf.pages)}
        out = []
        for page in pdf.pages:
            dests = [a["data"].get("Dest") for a in page.annots]
            out.append(sorted(numbers[d[0].objid] for d in dests if d))
        return out


def test_a_notes_back_links_reach_references_in_later_chapters() -> None:
    """Chapters are laid out one at a time: a note placed in its first chapter still links back to
    its references in chapters not built yet."""
    md = "# 1장\n\n본문[^a]\n\n# 2장\n\n다시[^a] 그리고[^b]\n\n# 3장\n\n또[^a]\n\n[^a]: 주석 가\n[^b]: 주석 나\n"
    pages = _link_targets(pledgeconv.export(pledgeconv.parse(md), "pdf", toc=True))
    assert pages == [[2, 3, 4], [2, 2, 3, 4], [2, 3, 3], [2]]  # contents; ref + 3 back-links; ...


def test_a_reference_never_drawn_leaves_no_broken_back_link() -> None:
    """A head-only table with a cell longer than a page is set as records, which draws no head: its
    note reference has no anchor, and the note's back-link falls back to the note itself."""
    big = "가" * 5000
    md = f"# 1장\n\n| 머리[^a] {big} |\n|---|\n\n# 2장\n\n본문[^a]\n\n[^a]: 주석\n"
    with pytest.warns(pledgeconv.PledgeconvWarning, match="table-too-large"):
        data = pledgeconv.export(pledgeconv.parse(md), "pdf")
    assert all(page for page in _link_targets(data)[1:])


def test_the_pages_built_a_few_blocks_at_a_time_are_the_pages_built_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The PDF builds its flowables as the pages need them (memory): a few blocks at a time must give
    the same PDF as a whole chapter at a time."""
    from pledgeconv.exporters.pdf import layout

    texts = [SEED.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(CASES.glob("*.md")) if p.stem != "front-matter"]
    doc = pledgeconv.parse("\n\n".join(texts), resource_paths=[str(CASES)])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setattr(layout, "FEED_BLOCKS", 10**9)
    whole = pledgeconv.export(doc, "pdf")
    monkeypatch.setattr(layout, "FEED_BLOCKS", 1)
    assert pledgeconv.export(doc, "pdf") == whole


def test_a_heading_inside_a_quote_gets_its_page_number_and_outline_entry() -> None:
    """Headings record their contents page number and outline entry as they are drawn: one inside a
    quote's box (which reportlab's afterFlowable never sees) got a blank number."""
    import io

    import pdfplumber

    data = pledgeconv.export(
        pledgeconv.parse("# 하나\n\n본문\n\n> # 인용 속 장\n>\n> 본문\n"), "pdf", toc=True
    )
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        contents = pdf.pages[0].extract_text()
        outline = [entry[1] for entry in pdf.doc.get_outlines()]
    assert "인용 속 장 2" in contents
    assert outline == ["하나", "인용 속 장"]


def test_pictures_at_their_natural_size_key_visuals_fill_the_width(tmp_path: Path) -> None:
    """A 40×30 px picture is 30×22.5 pt (a pixel is 1/96 inch), not blown up to the text width; a
    picture wider than the text is fitted to it; a key visual (right after its H1) fills the width."""
    import io

    import pdfplumber
    from PIL import Image

    for name, size in (("small.png", (40, 30)), ("wide.png", (3000, 1000)), ("key.png", (200, 100))):
        Image.new("RGB", size, (200, 30, 40)).save(tmp_path / name)
    (tmp_path / "a.md").write_text(
        "# 제목\n\n![대표](key.png)\n\n본문입니다.\n\n![작은 그림](small.png)\n\n![넓은 그림](wide.png)\n",
        encoding="utf-8",
    )
    doc = pledgeconv.parse(tmp_path / "a.md")
    with pdfplumber.open(io.BytesIO(to_pdf(doc, toc=False))) as pdf:
        images = [im for page in pdf.pages for im in page.images]
        text_width = pdf.pages[0].width - 2 * 56.7  # A4 with 20 mm margins
    key, small, wide = sorted(images, key=lambda im: (im["page_number"], im["top"]))
    assert (round(small["width"], 1), round(small["height"], 1)) == (30.0, 22.5)
    assert wide["width"] == pytest.approx(key["width"], abs=1) and wide["width"] > 400
    assert key["width"] == pytest.approx(text_width, rel=0.05)
