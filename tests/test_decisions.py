"""Each cross-format decision made once and drawn by every format: the same document through HTML,
EPUB, DOCX, PDF and HWPX (and braille where it applies), and what each output did, compared."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import SEED, export_bytes

import pledgeconv
from pledgeconv.links import KEPT
from pledgeconv.model import Document
from pledgeconv.options import ExportOptions
from pledgeconv.resolve import resolve

FORMATS = ("html", "epub", "docx", "pdf", "hwpx")


def _zip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {
            n: zf.read(n).decode("utf-8")
            for n in zf.namelist()
            if n.endswith((".xml", ".xhtml", ".opf", ".hpf", ".rels"))
        }


def _texts(markup: str, pattern: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(pattern, markup, re.S)]


def _hwpx_paragraphs(files: dict[str, str]) -> list[tuple[str, str]]:
    """(English style name, text) of every paragraph of an HWPX package."""
    from lxml import etree

    hp = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
    names = dict(re.findall(r'<hh:style id="(\d+)"[^>]*engName="([^"]*)"', files["Contents/header.xml"]))
    root = etree.fromstring(files["Contents/section0.xml"].encode())
    return [
        (names.get(p.get("styleIDRef", ""), ""), "".join(t.text or "" for t in p.iter(f"{hp}t")))
        for p in root.iter(f"{hp}p")
    ]


def _pdf_pages(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


class Output:
    """What one format's output shows: a cover, a contents page and its lines."""

    def __init__(self, fmt: str, data: bytes) -> None:
        self.fmt, self.data = fmt, data

    def cover(self) -> bool:
        if self.fmt == "html":
            return '<header class="title-block">' in self.data.decode()
        if self.fmt == "epub":
            return 'idref="titlepage"' in _zip(self.data)["EPUB/content.opf"]
        if self.fmt == "docx":
            return '<w:pStyle w:val="Title"/>' in _zip(self.data)["word/document.xml"]
        if self.fmt == "pdf":
            import pikepdf

            with pikepdf.open(io.BytesIO(self.data)) as pdf:
                return any(
                    isinstance(o, pikepdf.Dictionary) and o.get("/S") == pikepdf.Name("/Cover")
                    for o in pdf.objects
                )
        return any(style == "Title" for style, _ in _hwpx_paragraphs(_zip(self.data)))

    def contents(self) -> list[str] | None:
        """The lines of the contents page, or None when there is no contents page."""
        if self.fmt == "html":
            html = self.data.decode()
            nav = re.search(r'<nav id="toc".*?</nav>', html, re.S)
            return None if nav is None else _texts(nav.group(0), r"<a [^>]*>(.*?)</a>")
        if self.fmt == "epub":
            files = _zip(self.data)
            if '<itemref idref="nav"/>' not in files["EPUB/content.opf"]:
                return None  # out of the reading order (linear="no"): the reading system's menu only
            toc = re.search(r'<nav epub:type="toc".*?</nav>', files["EPUB/nav.xhtml"], re.S)
            assert toc is not None
            return _texts(toc.group(0), r"<a [^>]*>(.*?)</a>")
        if self.fmt == "docx":
            import docx

            document = docx.Document(io.BytesIO(self.data))
            names = [(p.style.name if p.style is not None else "", p.text) for p in document.paragraphs]
            if not any(name == "TOC Heading" for name, _ in names):
                return None
            # each entry: its text, a tab with a dot leader and a PAGEREF field
            return [re.sub(r"\t\d*$", "", text) for name, text in names if re.fullmatch(r"(?i)toc \d", name)]
        if self.fmt == "pdf":
            for page in _pdf_pages(self.data):  # the running head, 차례, the lines, the page number
                lines = [line.strip() for line in page.splitlines()]
                if "차례" in lines[:2]:
                    entries = lines[lines.index("차례") + 1 :]
                    return [re.sub(r"[ .]*\d+$", "", line) for line in entries if not line.isdigit()]
            return None
        paragraphs = _hwpx_paragraphs(_zip(self.data))
        if not any(style == "TOC Heading" for style, _ in paragraphs):
            return None
        return [re.sub(r"\t\d*$", "", text) for style, text in paragraphs if re.fullmatch(r"TOC \d", style)]


def outputs(source: str | Path | Document, **options: object) -> dict[str, Output]:
    return {fmt: Output(fmt, export_bytes(source, fmt, **options)) for fmt in FORMATS}


# -- the contents page ---------------------------------------------------------


def test_toc_forced_on_two_headings_gives_the_same_contents_everywhere() -> None:
    """``# 하나 / ## 둘`` with ``--toc``: a contents page listing both headings in every format
    (the HTML had none: its own rule dropped the title's H1 and then wanted two more)."""
    made = outputs("# 하나\n\n## 둘\n\n본문.\n", toc=True)
    assert {fmt: out.contents() for fmt, out in made.items()} == {fmt: ["하나", "둘"] for fmt in FORMATS}


SHORT = "# 제목\n\n" + "".join(
    f"## {n}째 절\n\n짧은 문단입니다.\n\n" for n in ("첫", "둘", "셋", "넷", "다섯")
)


def test_a_short_document_gets_no_contents_page_in_any_format() -> None:
    """Six headings on less than a page: no contents page by default (the PDF, DOCX and HWPX had
    one, and the EPUB always put its navigation page in the reading order); ``--toc`` forces it."""
    assert {fmt: out.contents() for fmt, out in outputs(SHORT).items()} == dict.fromkeys(FORMATS)
    forced = {fmt: out.contents() for fmt, out in outputs(SHORT, toc=True).items()}
    assert all(lines is not None and len(lines) == 6 for lines in forced.values()), forced


def test_a_long_document_gets_the_same_contents_everywhere_unless_no_toc() -> None:
    doc = pledgeconv.parse(SEED)
    made = {fmt: out.contents() for fmt, out in outputs(doc).items()}
    expected = [e.title for e in resolve(doc, ExportOptions()).contents.entries]
    assert len(expected) == 5 and made["html"] is not None
    for fmt, lines in made.items():  # the PDF wraps a long entry and runs its leader into a final "."
        assert lines is not None and flat(lines) == flat(expected), fmt
        assert fmt == "pdf" or len(lines) == len(expected), fmt
    assert {fmt: out.contents() for fmt, out in outputs(doc, toc=False).items()} == dict.fromkeys(FORMATS)


def flat(lines: list[str]) -> str:
    """Lines as one text without spaces, dots and the characters line breaking adds."""
    return re.sub("[\\s.\u2060\u00a0]", "", "".join(lines))


# -- the cover -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "cover"),
    [
        ("# 공약\n\n본문입니다.\n", False),  # the opening H1 says all the metadata says
        ("---\ntitle: 공약\nsubtitle: 더 나은 내일\n---\n\n# 공약\n\n본문입니다.\n", True),
        (
            "---\ntitle: 정책공약집\n---\n\n# 본문 제목\n\n본문입니다.\n",
            True,
        ),  # a title the body does not open with
    ],
)
def test_cover_is_decided_once(source: str, cover: bool) -> None:
    """A cover page (PDF, DOCX, HWPX), title block (HTML) or title page (EPUB) in every format or in
    none (the EPUB always had its title page); the braille bulletin always has its cover."""
    assert {fmt: out.cover() for fmt, out in outputs(source).items()} == dict.fromkeys(FORMATS, cover)
    from pledgeconv.exporters.brf import typeset

    options = ExportOptions()
    book = typeset(resolve(pledgeconv.parse(source), options), options)
    assert any(item.kind == "cover" for item, _ in book.translations)


# -- links ---------------------------------------------------------------------

LINKS = "# 하나\n\n[웹](https://example.org/a) [둘로](#둘) [없음](#없는-곳) [파일](docs/other.md)\n\n## 둘\n\n끝.\n"


def _linked(fmt: str, data: bytes) -> set[str]:
    """Which of the link texts of LINKS each output keeps as a link: web, heading, missing, file."""
    found: set[str] = set()
    if fmt in ("html", "epub"):
        body = data.decode() if fmt == "html" else _zip(data)["EPUB/ch001.xhtml"]
        body = re.sub(r'<nav id="toc".*?</nav>', "", body, flags=re.S)
        texts = {"웹": "web", "둘로": "heading", "없음": "missing", "파일": "file"}
        return {texts[t] for t in _texts(body, r"<a [^>]*>(.*?)</a>") if t in texts}
    if fmt == "docx":
        files = _zip(data)
        xml, rels = files["word/document.xml"], files["word/_rels/document.xml.rels"]
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]*)"', rels))
        targets.update((k, v) for v, k in re.findall(r'Target="([^"]*)"[^>]*Id="(rId\d+)"', rels))
        for rid in re.findall(r'<w:hyperlink r:id="(rId\d+)"', xml):
            found.add("web" if targets.get(rid, "").startswith("https:") else "file")
        if "<w:hyperlink w:anchor=" in xml:
            found.add("heading")
        return found
    if fmt == "pdf":
        import pikepdf

        with pikepdf.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                for annot in page.get("/Annots", []):
                    action = annot.get("/A")
                    if action is not None and action.get("/S") == pikepdf.Name("/URI"):
                        uri = str(action.get("/URI"))
                        found.add("web" if uri.startswith("https:") else "file")
                    elif annot.get("/Dest") is not None or (
                        action is not None and action.get("/S") == "/GoTo"
                    ):
                        found.add("heading")
        return found
    for command in re.findall(r'name="Command">([^<]*)<', _zip(data)["Contents/section0.xml"]):
        found.add("heading" if command.startswith("?") else "web" if command.startswith("https") else "file")
    return found


def test_links_are_decided_once_per_format() -> None:
    """A web address and a heading are links everywhere; ``#없는-곳`` names no heading: text in the
    document formats, as written in the HTML page (which may define it in raw HTML); a relative file
    link stays a link only in the HTML page, which is published beside such files (the DOCX and
    the PDF kept it, pointing nowhere)."""
    made = {fmt: _linked(fmt, export_bytes(LINKS, fmt, toc=False)) for fmt in FORMATS}
    kinds = {"web": "external", "heading": "heading", "missing": "missing", "file": "relative"}
    expected = {fmt: {k for k, kind in kinds.items() if kind in KEPT[fmt]} for fmt in FORMATS}
    assert made == expected
    assert expected["html"] == {"web", "heading", "missing", "file"}
    assert all(expected[fmt] == {"web", "heading"} for fmt in ("epub", "docx", "pdf", "hwpx"))
    assert not KEPT["brf"]  # braille prints every link's text


# -- pictures, language, paper -------------------------------------------------


def test_a_missing_picture_is_the_same_placeholder_in_markdown_and_raw_html() -> None:
    """HTML and EPUB draw one placeholder markup for a picture that is not there, whether Markdown
    or raw HTML asked for it (the EPUB's raw-HTML one was a bare span without its note)."""
    source = '# 그림\n\n글 ![지도](없음.png) 글\n\n글 <img src="https://example.org/x.png" alt="지도"> 글\n'
    html = export_bytes(source, "html").decode()
    epub = _zip(export_bytes(source, "epub"))["EPUB/ch001.xhtml"]
    for page in (html, epub):
        spans = re.findall(
            r'<span class="image-placeholder"[^>]*><span class="image-placeholder-note">', page
        )
        assert len(spans) == 2, page
    # DOCX and HWPX: a picture-sized box whose alternative text is the same words, its alt after it
    hwpx = _zip(export_bytes(source, "hwpx"))["Contents/section0.xml"]
    assert "<hp:shapeComment>이미지 없음: 없음.png</hp:shapeComment>" in hwpx  # as written, not %EC%97%86…
    docx = _zip(export_bytes(source, "docx"))["word/document.xml"]
    assert 'descr="이미지 없음: 없음.png"' in docx


@pytest.mark.parametrize("paper", ["a5", "letter"])
def test_every_paged_format_takes_the_paper(paper: str) -> None:
    """One paper table: PDF, DOCX and HWPX pages of the size ``--paper`` names (DOCX was A4 always)."""
    from pledgeconv.paper import SIZES

    width, height = SIZES[paper]
    source = "# 용지\n\n본문입니다.\n"
    pdf = export_bytes(source, "pdf", paper=paper)
    box = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", pdf) or _media_box(pdf)
    assert [round(float(x) * 25.4 / 72, 1) for x in box[0]] == [width, height]
    pg = re.search(
        r'<w:pgSz w:w="(\d+)" w:h="(\d+)"',
        _zip(export_bytes(source, "docx", paper=paper))["word/document.xml"],
    )
    assert pg is not None and [round(int(x) / 1440 * 25.4, 1) for x in pg.groups()] == [width, height]
    page = re.search(
        r'<hp:pagePr [^>]*width="(\d+)" height="(\d+)"',
        _zip(export_bytes(source, "hwpx", paper=paper))["Contents/section0.xml"],
    )
    assert page is not None and [round(int(x) / 7200 * 25.4, 1) for x in page.groups()] == [width, height]


def _media_box(pdf: bytes) -> list[tuple[bytes, bytes]]:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        box = doc.pages[0].mediabox
        return [(str(float(box[2])).encode(), str(float(box[3])).encode())]


def test_language_is_decided_once() -> None:
    """The document's language as each format writes it: the tag as written (HTML, EPUB, HWPX) or
    with its region where the format wants one (``ko-KR``: DOCX, PDF), from one resolved fact."""
    for source, lang, locale in (
        ("본문\n", "ko", "ko-KR"),
        ("---\nlang: en-US\n---\n\ntext\n", "en-US", "en-US"),
    ):
        resolved = resolve(pledgeconv.parse(source), ExportOptions())
        assert (resolved.lang, resolved.locale) == (lang, locale)
        assert f'<html lang="{lang}">' in export_bytes(source, "html").decode()
        assert f"<dc:language>{lang}</dc:language>" in _zip(export_bytes(source, "epub"))["EPUB/content.opf"]
        assert (
            f"<dc:language>{locale}</dc:language>" in _zip(export_bytes(source, "docx"))["docProps/core.xml"]
        )
        assert (
            f"<opf:language>{lang}</opf:language>"
            in _zip(export_bytes(source, "hwpx"))["Contents/content.hpf"]
        )
        import pikepdf

        with pikepdf.open(io.BytesIO(export_bytes(source, "pdf"))) as pdf:
            assert str(pdf.Root.Lang) == locale
