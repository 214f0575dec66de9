"""Braille (-t brf): liblouis' Korean tables, BRF bytes, page geometry, cover, page numbers, the
election's page cap, grades, the proof PDF, and the one-line error without liblouis."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import BOOK, IN_CI, SEED

import pledgeconv
from pledgeconv.exporters.brf import BrailleBook, brf_bytes, typeset
from pledgeconv.exporters.brf.cells import BRAILLE_ASCII, to_ascii
from pledgeconv.exporters.brf.louis import louis
from pledgeconv.options import ExportOptions
from pledgeconv.resolve import resolve

try:
    LOUIS = louis()
except pledgeconv.PledgeconvError as exc:  # pragma: no cover - depends on the machine
    if IN_CI:
        raise
    pytest.skip(f"liblouis is not installed ({exc})", allow_module_level=True)

DOC = """---
title: 청년 공약
election: 제22대 국회의원선거
선거구: 서울 종로구
party: 미래시민당
candidate: 김하늘
---

# 청년과 일자리

청년 고용률을 **50%**로 높이고 *임기 안에* 2026년부터 3,000억 원을 투입하겠습니다.[^1]

![청년 일자리 박람회 사진](missing.png)

1. 첫째 약속
2. 둘째 약속

□ 목표
 ○ 청년 주택 10만 호

> 일자리가 곧 복지입니다.

| 구분 | 목표 | 기한 |
|---|---|---|
| 주거 | 10만 호 | 2030년 |
| 교통 | 반값 | 2027년 |

초국가적대한민국청년일자리종합지원특별법개정추진위원회설치운영에관한법률안을반드시통과시키겠습니다

[^1]: 고용노동부 통계, 2025년.
"""


def book_of(text: str | Path, **options: object) -> BrailleBook:
    doc = pledgeconv.parse(text)  # type: ignore[arg-type]
    checked = ExportOptions.from_mapping(options)
    return typeset(resolve(doc, checked), checked)


@pytest.fixture(scope="module")
def seed_book() -> BrailleBook:
    return book_of(SEED)


@pytest.fixture(scope="module")
def doc_book() -> BrailleBook:
    return book_of(DOC)


def test_brf_holds_only_braille_ascii_and_fits_the_geometry(seed_book: BrailleBook) -> None:
    data = brf_bytes(seed_book.pages)
    assert all(0x20 <= b <= 0x5F or b in (0x0A, 0x0D, 0x0C) for b in data)
    pages = data.split(b"\f")
    assert len(pages) == len(seed_book.pages) > 5
    for page in pages:
        assert page.endswith(b"\r\n")
        lines = page[:-2].split(b"\r\n")
        assert len(lines) == 26
        assert all(len(line) <= 32 for line in lines)
    assert b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize(("cells", "lines"), [(20, 10), (40, 25)])
def test_other_geometries_fit(cells: int, lines: int) -> None:
    book = book_of(DOC, braille_cells=cells, braille_lines=lines)
    for page in book.pages:
        assert len(page.lines) == lines
        assert all(len(line.cells) <= cells for line in page.lines)


def test_every_blocks_translation_is_on_the_pages(doc_book: BrailleBook) -> None:
    """Each item's liblouis translation, cut only at its spaces (and at the continuation sign of a
    word longer than a line), is on the pages in reading order."""
    flowing = "".join(line.cells.replace("\u2800", "") for page in doc_book.pages for line in page.lines[:-1])
    cont = LOUIS.translate("-", doc_book.table).cells
    position = 0
    for item, cells in doc_book.translations:
        want = cells.replace("\u2800", "")
        found = flowing.find(want, position)
        if found < 0:  # a word broken across lines carries the continuation sign at each break
            parts = [p for p in flowing[position:].split(cont)]
            joined = "".join(parts)
            assert want in joined, f"{item.kind} {item.text!r} is missing"
            continue
        position = found + len(want)
    kinds = {item.kind for item, _ in doc_book.translations}
    assert {"cover", "heading1", "para", "item", "quote", "table", "note", "picture"} <= kinds


def test_ink_print_is_translated_by_liblouis(doc_book: BrailleBook) -> None:
    texts = {item.text: cells for item, cells in doc_book.translations}
    # the picture is introduced as a picture, with its alt text
    assert "그림: 청년 일자리 박람회 사진" in texts
    # the table row by row, each cell after its column head; the notes at the chapter's end
    assert "목표: 10만 호" in texts and "기한: 2027년" in texts
    assert any(t.startswith("각주 1 고용노동부") for t in texts)
    # the author's markers stay, or a mark the table has stands in (□ is not in ko-g2)
    assert "1. 첫째 약속" in texts and "- 목표" in texts and "○ 청년 주택 10만 호" in texts
    assert texts["1. 첫째 약속"] == LOUIS.translate("1. 첫째 약속", "ko-g2.ctb").cells
    # emphasis: liblouis' emphasis signs (the typeform), not the plain translation
    para = next(c for t, c in texts.items() if t.startswith("청년 고용률"))
    plain = next(t for t in texts if t.startswith("청년 고용률"))
    assert para != LOUIS.translate(plain, "ko-g2.ctb").cells


def test_words_are_never_split_and_long_words_carry_the_continuation_sign(doc_book: BrailleBook) -> None:
    cont = LOUIS.translate("-", doc_book.table).cells
    lines = [line for page in doc_book.pages for line in page.lines[:-1] if line.cells]
    broken = [line for line in lines if line.cells.endswith(cont) and "초국가적" in line.ink]
    assert broken, "the 47-character word is broken with the continuation sign"
    assert all(len(line.cells) <= 32 for line in lines)
    assert not [line.ink for line in lines if line.ink.endswith("(각주")]  # a note reference stays whole
    # every other line ends with the end of an ink-print word: its last cells are the braille of
    # the word the ink print ends with
    for line in lines:
        if line in broken or not line.ink:
            continue
        last = line.ink.split(" ")[-1]
        end = LOUIS.translate(last, doc_book.table).cells
        assert line.cells.rstrip("\u2800").endswith(end[-1:]), (line.ink, last)


def test_number_and_following_word_stay_together() -> None:
    # liblouis puts a blank between "2026" and "년" (a Korean rule); lines must not break there
    text = "가나 " * 3 + "2026년 5월 20일에 " * 3
    for cells in range(12, 24):
        book = book_of(text, braille_cells=cells, braille_lines=10)
        inks = [line.ink for page in book.pages[1:] for line in page.lines[:-1] if line.ink]
        assert not [ink for ink in inks if ink.endswith(("2026", " 5", " 20")) or ink.startswith("년")], cells
        assert " ".join(inks).split() == text.split()


def test_cover_and_page_numbers(doc_book: BrailleBook) -> None:
    cover = [line.ink for line in doc_book.pages[0].lines if line.ink]
    assert cover[:4] == ["제22대 국회의원선거", "서울 종로구", "미래시민당", "김하늘"]
    assert "청년 공약" in cover
    for page in doc_book.pages:
        number = LOUIS.translate(str(page.number), doc_book.table).cells
        assert page.lines[-1].cells.endswith(number)
        assert page.lines[-1].cells.startswith("\u2800")
    # the chapter starts on a page of its own, after the cover
    assert doc_book.pages[1].lines[0].ink == "청년과 일자리"


def test_the_election_cap_warns() -> None:
    long = (
        DOC
        + "\n"
        + "\n\n".join(f"{n}번째 문단은 청년 공약을 길게 설명하는 문장입니다." * 4 for n in range(200))
    )
    book = book_of(long)
    assert book.kind == "national-assembly" and book.cap == 24  # from the front matter's 국회의원
    assert len(book.pages) > 24
    (warning,) = [w for w in book.warnings if w.code == "braille-pages"]
    assert f"{len(book.pages)} pages" in warning.message and "cap of 24" in warning.message
    small = book_of(DOC)
    assert not [w for w in small.warnings if w.code == "braille-pages"]
    council = book_of(long, election_kind="local-council")
    assert council.cap == 16
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pledgeconv.export(pledgeconv.parse(long), "brf")
    assert any(isinstance(w.message, pledgeconv.PledgeconvWarning) and "braille-pages" in str(w.message)
               for w in caught)  # fmt: skip


def test_grade_1_is_longer_than_grade_2(seed_book: BrailleBook) -> None:
    g1 = book_of(SEED, braille_grade=1)
    assert g1.table == "ko-g1.ctb" and seed_book.table == "ko-g2.ctb"
    cells = [sum(len(c) for _, c in b.translations) for b in (g1, seed_book)]
    assert cells[0] > cells[1] * 1.05
    assert len(g1.pages) >= len(seed_book.pages)


def test_braille_ascii_table_matches_liblouis() -> None:
    """Our Unicode → BRF table agrees with liblouis' own North American BRF display table."""
    import ctypes

    text = "외교안보 정책은 2026년 3,000억 원 GDP를"
    unicode = LOUIS.translate(text, "ko-g2.ctb").cells
    data = text.encode("utf-32-le")
    out = ctypes.create_string_buffer(4 * 400)
    inlen, outlen = ctypes.c_int(len(text)), ctypes.c_int(400)
    assert LOUIS.lib.lou_translateString(b"en-us-brf.dis,ko-g2.ctb", data, ctypes.byref(inlen), out,
                                         ctypes.byref(outlen), None, None, 128)  # fmt: skip
    ascii_ = out.raw[: outlen.value * 4].decode("utf-32-le")
    assert to_ascii(unicode) == ascii_.upper()
    assert len(BRAILLE_ASCII) == 64 and len(set(BRAILLE_ASCII)) == 64


def test_missing_liblouis_is_one_line_and_other_formats_are_written(tmp_path: Path) -> None:
    env = {**os.environ, "PLEDGECONV_LIBLOUIS": str(tmp_path / "no-liblouis.so")}
    run = subprocess.run(
        [sys.executable, "-m", "pledgeconv", "convert", str(SEED), "-t", "html,brf", "-o", f"{tmp_path}/", "-q"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    errors = [line for line in run.stderr.splitlines() if line.startswith("pledgeconv: error")]
    assert run.returncode == 4, run.stderr
    assert len(errors) == 1 and "liblouis20 liblouis-data" in errors[0], run.stderr
    assert "Traceback" not in run.stderr
    assert (tmp_path / "pledge-foreign-security.html").is_file()
    assert not (tmp_path / "pledge-foreign-security.brf").exists()


def test_cli_convert_proof_check_and_build(tmp_path: Path) -> None:
    src = tmp_path / "공약.md"
    src.write_text(DOC, encoding="utf-8")
    proof = tmp_path / "proof.pdf"
    run = subprocess.run(
        [sys.executable, "-m", "pledgeconv", "convert", str(src), "-t", "brf", "-o", str(tmp_path / "out.brf"),
         "--braille-proof", str(proof), "--braille-cells", "28"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = (tmp_path / "out.brf").read_bytes()
    assert max(len(line) for line in data.replace(b"\f", b"").split(b"\r\n")) <= 28
    import pdfplumber

    with pdfplumber.open(proof) as pdf:
        assert len(pdf.pages) == data.count(b"\f") + 1
        first = pdf.pages[0].extract_text()
    assert "김하늘" in first and any(0x2800 < ord(c) <= 0x28FF for c in first)
    check = subprocess.run(
        [sys.executable, "-m", "pledgeconv", "check", "--braille", "--election", "local-council", str(src)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "braille pages" in check.stderr and "cap 16 for a local-council election" in check.stderr
    assert check.returncode == 0, check.stderr
    build = subprocess.run(
        [sys.executable, "-m", "pledgeconv", "build", str(BOOK), "-t", "brf", "-o", str(tmp_path / "book"),
         "--braille-proof", f"{tmp_path}/book/", "-q"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "book" / "pledge-book.brf").stat().st_size > 1000
    assert (tmp_path / "book" / "pledge-book.proof.pdf").is_file()


def test_brf_is_registered_but_not_in_all() -> None:
    assert "brf" in [f.name for f in pledgeconv.formats()]
    from pledgeconv.api import parse_formats

    assert "brf" not in parse_formats("all") and parse_formats("brf") == ["brf"]
    assert pledgeconv.export(pledgeconv.parse("# 제목\n\n본문"), "brf").count(b"\f") == 1  # cover + body
