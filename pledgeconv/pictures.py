"""Picture kinds: which kinds each format holds (one table), and Pillow transcoding for the others."""

from __future__ import annotations

import functools
import io
import struct
from typing import TYPE_CHECKING

from .model import ImageFile

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

# A picture's kind: its container and what in it a reader may not take.
#   jpeg           RGB or greyscale JPEG (baseline or progressive) whose first segment is JFIF or Exif
#   jpeg-unmarked  the same with another segment first (ICC, Adobe, comment): python-docx refuses it
#   jpeg-cmyk      CMYK or YCCK JPEG, what print designers hand over (Adobe's inverted channels)
#   png            8-bit PNG of any colour type (palette, grey, RGB, with alpha), and 16-bit RGB
#   png-grey16     16-bit greyscale PNG: Pillow reads it as I;16, and drawing through Pillow clips it white
#   gif            a GIF (an animated one shows its first frame where a format cannot animate)
#   webp           WebP, lossy or lossless, with or without alpha
KINDS = ("jpeg", "jpeg-unmarked", "jpeg-cmyk", "png", "png-grey16", "gif", "webp")

_SCREEN = frozenset(KINDS) - {"jpeg-cmyk"}

# What each format holds as it is. Screens get sRGB: CMYK is converted for HTML and EPUB (browsers and
# e-readers differ on Adobe CMYK), DOCX and HWPX (Word, LibreOffice, 한글 and rhwp draw it wrongly or
# not at all). EPUB 3.3 lists WebP among its core media types (epubcheck 5 accepts it). The PDF keeps
# CMYK JPEG as DeviceCMYK (the press profile needs it) and draws the rest through Pillow, which clips a
# 16-bit grey picture to white. python-docx reads a JPEG only when JFIF or Exif comes first, and
# neither Word before 2019 nor 한글 reads WebP. A format not listed here takes every kind.
HOLDS: dict[str, frozenset[str]] = {
    "html": _SCREEN,
    "epub": _SCREEN,
    "pdf": frozenset({"jpeg", "jpeg-unmarked", "jpeg-cmyk", "png", "gif", "webp"}),
    "docx": frozenset({"jpeg", "png", "png-grey16", "gif"}),
    "hwpx": frozenset({"jpeg", "jpeg-unmarked", "png", "png-grey16", "gif"}),
}

JPEG_QUALITY = 92
PT_PER_PX = 0.75  # a picture's natural size: a pixel is 1/96 inch (CSS's and pandoc's rule)
_JFIF = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"  # APP0, 1:1 aspect, no thumbnail
_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


def _jpeg_components(data: bytes) -> int:
    """The number of colour components in a JPEG's frame header (3 RGB/YCbCr, 1 grey, 4 CMYK/YCCK)."""
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return 0
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in _SOF:
            return data[pos + 9] if pos + 9 < len(data) else 0
        if marker == 0xDA:  # scan data before any frame header: not a JPEG we know
            return 0
        pos += 2 + length
    return 0


def kind(file: ImageFile) -> str:
    """The kind of a probed picture (see ``KINDS``), read from its first bytes."""
    data = file.data
    if file.mime == "image/jpeg":
        if _jpeg_components(data) == 4:
            return "jpeg-cmyk"
        return "jpeg" if data[6:10] in (b"JFIF", b"Exif") else "jpeg-unmarked"
    if file.mime == "image/png":
        # IHDR: bit depth at byte 24, colour type at byte 25 (0 = greyscale)
        return "png-grey16" if data[24:26] == b"\x10\x00" else "png"
    return {"image/gif": "gif", "image/webp": "webp"}.get(file.mime, "")


def for_format(file: ImageFile, fmt: str) -> ImageFile:
    """``file`` as ``fmt`` holds it: the same object when it can, else a transcoded copy (same path)."""
    holds = HOLDS.get(fmt)
    if holds is None:
        return file
    found = kind(file)
    if found in holds or not found:
        return file
    return transcode(file, found)


def transcode(file: ImageFile, found: str) -> ImageFile:
    """Convert a picture of kind ``found`` to one every format holds (sRGB JPEG or 8-bit PNG)."""
    if found == "jpeg-unmarked":  # lossless: a JFIF segment put first, the image data untouched
        return ImageFile(
            file.path, "image/jpeg", file.width, file.height, file.data[:2] + _JFIF + file.data[2:]
        )
    from PIL import Image

    with Image.open(io.BytesIO(file.data)) as im:  # an animated WebP: its first frame
        if found == "jpeg-cmyk":
            return _jpeg(file, to_srgb(im))
        if found == "png-grey16":
            grey = im.convert("I").point(lambda v: v * (1 / 257)).convert("L")
            return _png(file, grey)
        has_alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
        if has_alpha:
            return _png(file, im.convert("RGBA"))
        return _jpeg(file, im.convert("RGB"))


def to_srgb(im: PILImage) -> PILImage:
    """A CMYK picture in sRGB: through its embedded ICC profile when it has one, else Pillow's formula."""
    from PIL import ImageCms

    profile = im.info.get("icc_profile")
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            if source.profile.xcolor_space.strip() == "CMYK":
                srgb = ImageCms.createProfile("sRGB")
                converted = ImageCms.profileToProfile(
                    im, source, srgb, renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
                )
                if converted is not None:
                    return converted
        except (OSError, ValueError, ImageCms.PyCMSError):
            pass  # a broken or mismatched profile: the formula below
    return im.convert("RGB")


def _jpeg(file: ImageFile, im: PILImage) -> ImageFile:
    out = io.BytesIO()
    im.save(out, "JPEG", quality=JPEG_QUALITY)
    return ImageFile(file.path, "image/jpeg", file.width, file.height, out.getvalue())


def _png(file: ImageFile, im: PILImage) -> ImageFile:
    out = io.BytesIO()
    im.save(out, "PNG")
    return ImageFile(file.path, "image/png", file.width, file.height, out.getvalue())


PLACEHOLDER_PATH = "<missing picture>"  # the placeholder's name: no picture file has it


@functools.cache
def placeholder() -> ImageFile:
    """The box every paged format draws for a missing picture in a line of text (a 4:3 dashed frame
    in the palette's placeholder colours), sized like the picture would be: a picture-sized box,
    never the words ``이미지 없음: https://…`` in the middle of a paragraph or a table cell."""
    from PIL import Image, ImageDraw

    from .palette import hex_color

    w, h = 40, 30
    box = Image.new("RGB", (w, h), hex_color("placeholder"))
    draw = ImageDraw.Draw(box)
    for x in range(0, w, 6):
        draw.line([(x, 0), (x + 3, 0)], fill=hex_color("muted"), width=2)
        draw.line([(x, h - 2), (x + 3, h - 2)], fill=hex_color("muted"), width=2)
    for y in range(0, h, 6):
        draw.line([(0, y), (0, y + 3)], fill=hex_color("muted"), width=2)
        draw.line([(w - 2, y), (w - 2, y + 3)], fill=hex_color("muted"), width=2)
    out = io.BytesIO()
    box.save(out, "PNG", optimize=True)
    return ImageFile(PLACEHOLDER_PATH, "image/png", w, h, out.getvalue())


def given_size(width: int | None, height: int | None, natural: tuple[int, int]) -> tuple[int, int]:
    """A picture's size in CSS pixels: the ``width``/``height`` raw HTML gave it (one of them keeps
    the picture's proportions), else its natural size."""
    w, h = max(1, natural[0]), max(1, natural[1])
    if width and height:
        return width, height
    if width:
        return width, max(1, round(h * width / w))
    if height:
        return max(1, round(w * height / h)), height
    return w, h
