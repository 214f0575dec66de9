"""Parse options and metadata, each declared once: convert, build, check, serve, the manifest and the API
take the same parse options (and build honours them); front matter and the manifest read metadata alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

import pledgeconv
from pledgeconv.book import load_config
from pledgeconv.cli import build_parser, main

PACKAGE = Path(pledgeconv.__file__).parent


def book_with_outside_picture(tmp_path: Path) -> tuple[Path, Path]:
    """A one-chapter book whose picture lives in a folder beside it (found only through a resource path)."""
    (tmp_path / "book").mkdir()
    (tmp_path / "assets").mkdir()
    Image.new("RGB", (8, 8), "red").save(tmp_path / "assets" / "p.png")
    (tmp_path / "book" / "01.md").write_text("# 하나\n\n![그림](p.png)\n", encoding="utf-8")
    return tmp_path / "book", tmp_path / "assets"


def test_build_honours_the_parse_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book, assets = book_with_outside_picture(tmp_path)
    out = tmp_path / "out"
    assert main(["build", str(book), "-o", str(out), "-t", "html", "--resource-path", str(assets)]) == 0
    assert "image-missing" not in capsys.readouterr().err
    assert main(["build", str(book), "-o", str(out), "-t", "html", "--max-input-bytes", "1"]) == 3
    assert "more than the limit of 1" in capsys.readouterr().err
    # the library and the manifest take the same names (the manifest's paths from the book's folder)
    result = pledgeconv.build(book, out, to="html", resource_paths=[assets])
    assert [w.code for w in result.warnings] == []
    (book / "pledgeconv.toml").write_text('resource_paths = ["../assets"]\nstrict = true\n', encoding="utf-8")
    config = load_config(book)
    assert config.read_options == {"resource_paths": (str(assets.resolve()),), "strict": True}
    assert [w.code for w in pledgeconv.build(book, out, to="html").warnings] == []


def test_every_command_and_the_api_take_every_parse_option() -> None:
    from pledgeconv.options import PARSE_SPECS

    commands = next(a for a in build_parser()._actions if a.dest == "command").choices  # type: ignore[union-attr]
    for command in ("convert", "build", "check", "serve"):
        flags = {s for a in commands[command]._actions for s in a.option_strings}
        assert {spec.flag for spec in PARSE_SPECS} <= flags, command
    assert {s.name for s in PARSE_SPECS} == {
        "strict", "resource_paths", "encoding", "encoding_errors", "max_input_bytes", "allow_remote"
    }  # fmt: skip
    with pytest.raises(
        pledgeconv.UsageError, match=r"unknown parse option.*resource_path\b.*valid: .*resource_paths"
    ):
        pledgeconv.parse("# x\n", resource_path=["."])
    with pytest.raises(pledgeconv.UsageError, match="max_input_bytes takes a positive number"):
        pledgeconv.parse("# x\n", max_input_bytes=0)
    # the 50 MiB default is written once, in its declaration
    written = [
        p for p in PACKAGE.rglob("*.py") if re.search(r"50 \* 1024 \* 1024", p.read_text(encoding="utf-8"))
    ]
    assert [p.name for p in written] == ["options.py"]


def test_manifest_metadata_is_read_as_front_matter_is(tmp_path: Path) -> None:
    (tmp_path / "01.md").write_text("---\n제목: 장 제목\n정당: 미래당\n---\n# 하나\n", encoding="utf-8")
    (tmp_path / "pledgeconv.toml").write_text(
        '"제목" = "2026 공약집"\nkeywords = "청년, 주거"\n"후보" = "김하늘"\ndate = 2026-05-20\n',
        encoding="utf-8",
    )
    from pledgeconv.book import assemble

    meta = assemble(load_config(tmp_path)).meta
    assert (meta.title, meta.keywords, meta.author, meta.date) == (
        "2026 공약집",
        ("청년", "주거"),
        "김하늘",
        "2026-05-20",
    )
    assert meta.party == "미래당"  # what the manifest does not say comes from the first chapter
    front = pledgeconv.parse("---\nkeywords: 청년, 주거\n---\n").meta
    assert front.keywords == meta.keywords
