"""The font-metrics cache: same PDF bytes with and without it, and it never gets in the way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CASES, ROOT, SEED

from pledgeconv import fontcache, fonts


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PLEDGECONV_CACHE_DIR", str(folder))
    monkeypatch.delenv("PLEDGECONV_NO_CACHE", raising=False)
    return folder


@pytest.mark.parametrize("role", ["regular", "symbols"])  # 1000 and 2048 units per em
def test_cached_face_matches_parsed_face(cache: Path, role: str) -> None:
    path = str(fonts.bundled(role))
    assert fontcache.load(path) is None
    parsed = fontcache.open_font("parsed", path)
    assert len(list(cache.glob("*.rlfont"))) == 1
    cached = fontcache.open_font("cached", path)
    assert fontcache.load(path) is not None
    for attr in ("charToGlyph", "charWidths", "defaultWidth", "ascent", "descent", "bbox", "name",
                 "capHeight", "italicAngle", "flags", "stemV", "unitsPerEm", "numGlyphs"):  # fmt: skip
        assert getattr(cached.face, attr) == getattr(parsed.face, attr), attr
    assert list(cached.face.hmetrics) == list(parsed.face.hmetrics)
    assert list(cached.face.glyphPos) == list(parsed.face.glyphPos)
    assert cached.face._pdfScale(2048) == parsed.face._pdfScale(2048)
    subset = [ord(c) for c in " 가나다한국어ABCxyz1‧→"] + [0]
    assert cached.face.makeSubset(subset) == parsed.face.makeSubset(subset)
    text = "외교·안보 공약 Foreign 1‧2"
    assert cached.stringWidth(text, 10) == parsed.stringWidth(text, 10)


def test_corrupt_or_foreign_cache_files_are_ignored(cache: Path) -> None:
    path = str(fonts.bundled("symbols"))
    fontcache.open_font("a", path)
    [entry] = cache.glob("*.rlfont")
    good = entry.read_bytes()
    for bad in (b"", good[:100], good[:4] + b"x" + good[5:], b"\0\0\0\0not marshal"):
        entry.write_bytes(bad)
        assert fontcache.load(path) is None
        font = fontcache.open_font("b", path)  # parsed again, and the cache rewritten
        assert font.face.charWidths
        assert fontcache.load(path) is not None


def test_stale_entry_after_the_font_changes(cache: Path, tmp_path: Path) -> None:
    font = tmp_path / "font.ttf"
    font.write_bytes(fonts.bundled("symbols").read_bytes())
    fontcache.open_font("a", str(font))
    assert fontcache.load(str(font)) is not None
    os.utime(font, ns=(1, 1))
    assert fontcache.load(str(font)) is None


def test_off_switch_and_unwritable_folder(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(fonts.bundled("symbols"))
    monkeypatch.setenv("PLEDGECONV_NO_CACHE", "1")
    fontcache.open_font("a", path)
    assert not cache.exists()
    monkeypatch.delenv("PLEDGECONV_NO_CACHE")
    cache.write_text("a file where the folder should be")
    assert fontcache.open_font("b", path).face.charWidths  # works, caches nothing
    assert fontcache.load(path) is None


def test_pdf_bytes_identical_with_and_without_cache(tmp_path: Path) -> None:
    src = tmp_path / "kitchen.md"
    parts = [SEED] + [CASES / f"{name}.md" for name in ("table", "footnotes", "lists", "inline-markup")]
    src.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in parts) + "\n∮ ✓ ①", encoding="utf-8")
    outputs = []
    for run, no_cache in enumerate(("1", "0", "0")):  # parse; parse and fill the cache; use the cache
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PLEDGECONV_NO_CACHE=no_cache,
                   PLEDGECONV_CACHE_DIR=str(tmp_path / "cache"))  # fmt: skip
        out = tmp_path / f"out{run}.pdf"
        subprocess.run(
            [sys.executable, "-m", "pledgeconv", "convert", str(src), "-o", str(out), "-q"],
            check=True, env=env, cwd=ROOT,
        )  # fmt: skip
        outputs.append(out.read_bytes())
    assert len(list((tmp_path / "cache").glob("*.rlfont"))) == 6  # Nanum ×2, DejaVu ×2, Noto Emoji, D2Coding
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_face_that_does_not_round_trip_is_not_cached(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = fontcache._decoded

    def lossy(attrs: dict[str, object]) -> dict[str, object]:
        face = real(attrs)
        del face["glyphPos"]  # as if a newer reportlab kept something this cache does not
        return face

    monkeypatch.setattr(fontcache, "_decoded", lossy)
    font = fontcache.open_font("a", str(fonts.bundled("symbols")))
    assert font.face.charWidths
    assert not cache.exists() or not list(cache.glob("*.rlfont"))
