"""The press profile (``--bleed MM``): bleed and crop marks around each page, TrimBox/BleedBox, CMYK."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import CMYKColor, Color, rgb2cmyk, toColor
from reportlab.lib.units import mm

from ...errors import UsageError
from ...pictures import JPEG_QUALITY

SLUG = 10 * mm  # room outside the bleed for the crop marks
MARK = 8 * mm  # crop mark length, ending 2 mm short of the bleed edge
MAX_BLEED = 20.0  # millimetres
REGISTRATION = CMYKColor(1, 1, 1, 1)  # crop marks print on every plate


@dataclass(frozen=True, slots=True)
class CropMarks:
    """What reportlab's canvas reads from its ``cropMarks`` argument (no scaling: bleedWidth 0),
    plus the bleed itself for the page boxes."""

    bleed: float  # points
    borderWidth: float
    markLength: float = MARK
    markWidth: float = 0.25
    markColor: Any = REGISTRATION
    markLast: int = 1
    bleedWidth: float = 0


def crop_marks(bleed_mm: float) -> CropMarks | None:
    """The crop marks for ``bleed_mm`` millimetres of bleed, or None for an ordinary PDF."""
    if not bleed_mm:
        return None
    if not 0 < bleed_mm <= MAX_BLEED:
        raise UsageError(f"--bleed {bleed_mm:g}: give the bleed in millimetres, 0 to {MAX_BLEED:g} (e.g. 3)")
    bleed = bleed_mm * mm
    return CropMarks(bleed=bleed, borderWidth=bleed + SLUG)


def to_cmyk(colour: Any) -> CMYKColor:
    """reportlab's colour enforcer for the press: every colour as CMYK (greys on the black plate only)."""
    c = toColor(colour)
    if isinstance(c, CMYKColor):
        return c
    if isinstance(c, Color):
        if c.red == c.green == c.blue:
            return CMYKColor(0, 0, 0, 1 - c.red, alpha=c.alpha)
        cyan, magenta, yellow, black = rgb2cmyk(c.red, c.green, c.blue)
        return CMYKColor(cyan, magenta, yellow, black, alpha=c.alpha)
    raise UsageError(f"cannot print colour {colour!r} in CMYK")


def page_boxes(canvas: Any, marks: CropMarks) -> None:
    """Set the TrimBox and BleedBox of the page being finished (reportlab enlarges it by the border)."""
    width, height = canvas._pagesize
    border, bleed = marks.borderWidth, marks.bleed
    canvas.setTrimBox((border, border, border + width, border + height))
    canvas.setBleedBox((border - bleed, border - bleed, border + width + bleed, border + height + bleed))


def cmyk_image(data: bytes) -> io.BytesIO:
    """An image (its file's bytes) converted to CMYK, a JPEG in memory, so the press gets no RGB.
    A CMYK JPEG is already what the press takes: its bytes are kept, not converted twice. A grey
    picture is printed with black ink alone (Pillow's formula would mix it from C, M and Y)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        if im.format == "JPEG" and im.mode == "CMYK":
            return io.BytesIO(data)
        grey = im.mode in ("1", "L", "LA") or (
            im.mode == "P" and im.palette is not None and im.palette.mode == "L"
        )
        flat = im.convert("RGBA")
        base = Image.new("RGBA", flat.size, (255, 255, 255, 255))
        base.alpha_composite(flat)
        if grey:
            blank = Image.new("L", base.size, 0)
            ink = base.convert("L").point(lambda v: 255 - v)
            press = Image.merge("CMYK", (blank, blank, blank, ink))
        else:
            press = base.convert("CMYK")
        out = io.BytesIO()
        press.save(out, "JPEG", quality=JPEG_QUALITY)
    out.seek(0)
    return out  # a file object: reportlab's Image flowable takes no ImageReader
