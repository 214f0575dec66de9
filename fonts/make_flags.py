"""Build NotoEmoji-Flags.ttf: Noto Emoji's flag glyphs, each at a code point of its own.

reportlab draws one glyph per character and applies no ligatures, so a flag (two regional indicator
letters, 🇰🇷 = U+1F1F0 U+1F1F7) printed as the letters "K R". Noto Emoji has the flags as ligature
glyphs; this keeps only those, each mapped to Supplementary Private Use Area-A at
``0xF0000 + 26 * first + second`` (letters counted from A), which pledgeconv.fonts.flags() writes
in their place. Run from the repository: ``python fonts/make_flags.py`` (needs fontTools); the font
is under Noto Emoji's licence (LICENSE-NotoEmoji.txt).
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

BASE = 0xF0000
A = 0x1F1E6
HERE = Path(__file__).resolve().parent


def main() -> None:
    font = TTFont(HERE / "NotoEmoji-Regular.ttf")
    cmap = font.getBestCmap()
    letter = {name: cp - A for cp, name in cmap.items() if A <= cp < A + 26}
    codes: dict[int, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            table = getattr(table, "ExtSubTable", table)
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for lig in ligatures:
                    if first in letter and len(lig.Component) == 1 and lig.Component[0] in letter:
                        codes.setdefault(BASE + 26 * letter[first] + letter[lig.Component[0]], lig.LigGlyph)
    for table in font["cmap"].tables:
        if table.isUnicode() and table.format == 12:  # format 4 holds the BMP only
            table.cmap.update(codes)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(codes))
    sub.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Noto Emoji Flags"
        elif record.nameID == 6:
            record.string = "NotoEmojiFlags-Regular"
    font.save(HERE / "NotoEmoji-Flags.ttf")
    print(f"{len(codes)} flags")


if __name__ == "__main__":
    main()
