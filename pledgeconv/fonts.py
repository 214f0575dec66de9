"""Fonts: the bundled files, TrueType checks, reportlab registration and per-character fallback."""

from __future__ import annotations

import functools
import re
from importlib.resources import files
from pathlib import Path

from .errors import UsageError
from .frozen import dataclass

BUNDLED = {
    "regular": "NanumGothic.ttf",
    "bold": "NanumGothicBold.ttf",
    "symbols": "DejaVuSans.ttf",
    "symbols-bold": "DejaVuSans-Bold.ttf",
    "mono": "D2Coding.ttf",  # OFL; Korean monospace for code (Hangul two columns wide)
    "emoji": "NotoEmoji-Regular.ttf",  # OFL; monochrome outline emoji, last in the fallback chain
    "flags": "NotoEmoji-Flags.ttf",  # its flags at code points of their own (fonts/make_flags.py)
}
FLAG_BASE = 0xF0000  # a flag's code point in NotoEmoji-Flags: FLAG_BASE + 26 * first + second letter
_INDICATOR = 0x1F1E6  # REGIONAL INDICATOR SYMBOL LETTER A
_INDICATORS = re.compile("[\U0001f1e6-\U0001f1ff]{2}")


def flags(text: str, coverage: frozenset[int] | set[int]) -> str:
    """``text`` with each flag (a pair of regional indicator letters, 🇰🇷) as the one code point
    NotoEmoji-Flags draws it at, when ``coverage`` (that font's) has it: reportlab applies no
    ligatures, and would print the two letters."""
    if not _INDICATORS.search(text):
        return text

    def one(match: re.Match[str]) -> str:
        pair = match.group(0)
        code = FLAG_BASE + 26 * (ord(pair[0]) - _INDICATOR) + ord(pair[1]) - _INDICATOR
        return chr(code) if code in coverage else pair

    return _INDICATORS.sub(one, text)


def flag_letters(code: int) -> str | None:
    """The regional indicator pair a NotoEmoji-Flags code point stands for, else None."""
    if not FLAG_BASE <= code < FLAG_BASE + 26 * 26:
        return None
    first, second = divmod(code - FLAG_BASE, 26)
    return chr(_INDICATOR + first) + chr(_INDICATOR + second)


@functools.cache
def font_dir() -> Path:
    """The folder holding the bundled fonts: ``pledgeconv/fonts`` in a wheel, ``fonts/`` in a checkout."""
    packaged = Path(str(files("pledgeconv"))) / "fonts"
    if (packaged / BUNDLED["regular"]).is_file():
        return packaged
    source_tree = Path(__file__).resolve().parent.parent / "fonts"
    if (source_tree / BUNDLED["regular"]).is_file():
        return source_tree
    raise FileNotFoundError("the bundled fonts are missing from this installation of pledgeconv")


def bundled(role: str) -> Path:
    """The path of a bundled font: "regular", "bold", "symbols", "symbols-bold", "mono" or "emoji"."""
    return font_dir() / BUNDLED[role]


@dataclass(frozen=True, slots=True)
class Family:
    """A registered font family: reportlab names of its regular and bold faces, and its coverage."""

    name: str
    regular: str
    bold: str
    coverage: frozenset[int]


def _check_truetype(path: Path) -> None:
    with path.open("rb") as fh:
        tag = fh.read(4)
    if tag == b"OTTO":
        raise UsageError(f"{path}: PostScript/CFF-outline OpenType font; PDF needs TrueType outlines (.ttf)")
    if tag == b"ttcf":
        raise UsageError(f"{path}: font collection (.ttc); give a single TrueType font file")
    if tag not in (b"\x00\x01\x00\x00", b"true"):
        raise UsageError(f"{path}: not a TrueType font")


@functools.cache
def register(path: str, name: str) -> frozenset[int]:
    """Register a TrueType file with reportlab under ``name`` (once per process); its code points."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from .fontcache import open_font

    file = Path(path)
    _check_truetype(file)
    try:
        font = open_font(name, str(file))
    except TTFError as exc:
        raise UsageError(f"{file}: cannot use this font ({exc})") from None
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


def _family(name: str, regular: Path, bold: Path) -> Family:
    coverage = register(str(regular), name)
    register(str(bold), name + "-Bold")
    from reportlab.pdfbase.pdfmetrics import registerFontFamily

    registerFontFamily(name, normal=name, bold=name + "-Bold", italic=name, boldItalic=name + "-Bold")
    return Family(name, name, name + "-Bold", coverage)


def _user_family(folder: Path) -> Family:
    fonts = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".otf", ".ttc"))
    if not fonts:
        raise UsageError(f"{folder}: no TrueType fonts (.ttf) in the font folder")
    for font in fonts:
        _check_truetype(font)
    regular = next((p for p in fonts if "bold" not in p.stem.lower()), fonts[0])
    bold = next((p for p in fonts if "bold" in p.stem.lower()), regular)
    return _family(f"User-{regular.stem}", regular, bold)


@functools.cache
def chain(font_dir: str | None = None) -> tuple[Family, ...]:
    """The fallback chain for PDF: the user's fonts (if any), Nanum Gothic, DejaVu Sans, Noto Emoji."""
    families = []
    if font_dir:
        folder = Path(font_dir)
        if not folder.is_dir():
            raise UsageError(f"{folder}: font folder not found")
        families.append(_user_family(folder))
    families.append(_family("NanumGothic", bundled("regular"), bundled("bold")))
    families.append(_family("DejaVuSans", bundled("symbols"), bundled("symbols-bold")))
    families.append(_family("NotoEmoji", bundled("emoji"), bundled("emoji")))  # no bold face: the same
    families.append(_family("NotoEmojiFlags", bundled("flags"), bundled("flags")))
    return tuple(families)


@functools.cache
def mono_chain(font_dir: str | None = None) -> tuple[Family, ...]:
    """The fallback chain for code: D2Coding (Korean monospace), then :func:`chain`. Loaded only
    when a document has code."""
    mono = _family("D2Coding", bundled("mono"), bundled("mono"))  # bold code keeps the same face
    return (mono, *chain(font_dir))


def runs(text: str, families: tuple[Family, ...]) -> list[tuple[int, str]]:
    """Split ``text`` into runs of (index of the first family that has every glyph, text).

    Characters no family has go with the first family (and are reported by :func:`missing`).
    """
    first = families[0].coverage
    if first.issuperset(map(ord, text)):
        return [(0, text)] if text else []  # the common case, decided in C
    out: list[tuple[int, str]] = []
    start, current = 0, -1
    for pos, ch in enumerate(text):
        cp = ord(ch)
        index = 0
        if cp not in first and not ch.isspace():
            index = next((i for i, f in enumerate(families) if cp in f.coverage), 0)
        if index != current:
            if pos:
                out.append((current, text[start:pos]))
            start, current = pos, index
    out.append((current, text[start:]))
    return out


def missing(text: str, families: tuple[Family, ...]) -> set[str]:
    """Characters of ``text`` that no family can draw."""
    return {
        ch
        for ch in set(text)
        if not ch.isspace() and ord(ch) >= 32 and not any(ord(ch) in f.coverage for f in families)
    }
