"""reportlab's ToUnicode CMaps, fixed for characters beyond U+FFFF (emoji) so they extract as text.

reportlab writes each subset entry as ``<%04X>``, which for U+1F31F gives five hex digits that PDF
readers misread (pdftotext shows "ἱ"). A ToUnicode CMap needs UTF-16BE there: a surrogate pair.
:func:`install` replaces reportlab's module function with one that differs only for such characters,
so every BMP character's output is byte-identical to reportlab's; it is idempotent.
"""

from __future__ import annotations

from collections.abc import Sequence


def utf16_hex(code: int) -> str:
    """A code point as UTF-16BE hex digits (a surrogate pair beyond the BMP)."""
    if code < 0x10000:
        return f"{code:04X}"
    code -= 0x10000
    return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"


def _destination(code: int) -> str:
    """What a glyph extracts as: its character, or for a flag (fonts.flags) its two letters."""
    from ...fonts import flag_letters

    pair = flag_letters(code)
    return utf16_hex(code) if pair is None else "".join(utf16_hex(ord(c)) for c in pair)


def make_to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ``makeToUnicodeCMap`` with UTF-16BE destination strings."""
    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_destination(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(cmap)


def install() -> None:
    """Use :func:`make_to_unicode_cmap` for every TrueType subset reportlab writes."""
    from reportlab.pdfbase import ttfonts

    if ttfonts.makeToUnicodeCMap is not make_to_unicode_cmap:
        ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
