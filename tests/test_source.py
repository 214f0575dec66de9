"""Reading input: encodings, BOMs, normalisation, line endings, control characters."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

import pledgeconv
from pledgeconv import InputError
from pledgeconv.native import dump

TEXT = "# 외교 정책\n\n미‧중 전략경쟁 속에서 **공약**을 지킵니다.\n"


def html(doc: pledgeconv.Document) -> bytes:
    out = pledgeconv.export(doc, "html", fragment=True)
    assert isinstance(out, bytes)
    return out


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r").encode("utf-8"),
        unicodedata.normalize("NFD", TEXT).encode("utf-8"),  # macOS file names and text
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "crlf", "cr", "nfd"],
)
def test_same_text_in_any_form_gives_the_same_output(data: bytes) -> None:
    expected = pledgeconv.parse(TEXT)
    got = pledgeconv.parse(data)
    assert dump(got) == dump(expected)
    assert html(got) == html(expected)


def test_cp949_is_detected_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "legacy.md"
    src.write_bytes(TEXT.encode("cp949", errors="replace").replace(b"?", b"."))
    doc = pledgeconv.parse(src)
    assert [w.code for w in doc.warnings] == ["legacy-encoding"]
    assert "외교 정책" in html(doc).decode()


def test_explicit_encoding_is_silent() -> None:
    doc = pledgeconv.parse("# 외교 정책\n".encode("cp949"), encoding="cp949")
    assert doc.warnings == () and doc.meta.title == "외교 정책"


def test_invalid_utf8_names_line_column_and_offset() -> None:
    data = "# 제목\n\nabc".encode() + b"\xff\xfe\x00"[:1] + b"def\n"
    with pytest.raises(InputError, match=r"<input>:3:4: invalid UTF-8 \(byte offset 13\)"):
        pledgeconv.parse(data)


def test_invalid_utf8_can_be_replaced_with_a_warning() -> None:
    doc = pledgeconv.parse(b"ok \xff\xff here\n", encoding_errors="replace")
    assert [w.code for w in doc.warnings] == ["invalid-utf8"]
    assert "\ufffd" in html(doc).decode()


def test_control_characters_are_removed_with_a_warning() -> None:
    doc = pledgeconv.parse("# 제목\x07\n\n본문\x0b입니다\x1b.\n")
    warning = [w for w in doc.warnings if w.code == "control-character"]
    assert len(warning) == 1 and warning[0].line == 1 and "removed 3" in warning[0].message
    out = html(doc).decode()
    assert "본문입니다." in out and "\x07" not in out


def test_input_size_limit() -> None:
    with pytest.raises(InputError, match="more than the limit"):
        pledgeconv.parse("가" * 100, max_input_bytes=50)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        pledgeconv.parse(tmp_path)


def test_empty_input_gives_an_empty_valid_document() -> None:
    for text in ("", "   \n\n\t\n"):
        doc = pledgeconv.parse(text)
        assert doc.blocks == () and [w.code for w in doc.warnings] == ["empty-input"]
        out = pledgeconv.export(doc, "html")
        assert isinstance(out, bytes) and b"<title>" in out and b'lang="ko"' in out
