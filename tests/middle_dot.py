"""Make pledgeconv/styles/middle-dot.woff: DejaVu Sans cut down to ‧ (U+2027), renamed as its licence asks.

Run ``python tests/middle_dot.py`` to rebuild it; test_html checks the shipped file against DejaVu Sans.
"""

from __future__ import annotations

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "pledgeconv" / "styles" / "middle-dot.woff"
FAMILY = "Pledgeconv Middle Dot"


def make() -> bytes:
    """The one-glyph WOFF: outline and advance of DejaVu Sans' U+2027, a new name, the old notices."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(ROOT / "fonts" / "DejaVuSans.ttf"))
    options = subset.Options()
    options.name_IDs = [0, 13, 14]  # copyright, licence, licence URL: kept, as the licence asks
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = False
    options.recalc_timestamp = False
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[0x2027])
    subsetter.subset(font)
    names = font["name"]
    for name_id, value in ((1, FAMILY), (2, "Book"), (3, FAMILY), (4, FAMILY), (6, "PledgeconvMiddleDot")):
        names.setName(value, name_id, 3, 1, 0x409)
    font.flavor = "woff"
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


if __name__ == "__main__":
    TARGET.write_bytes(make())
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
