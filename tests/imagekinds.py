"""Pictures of every kind the resources accept, made with Pillow, for the picture-kind matrix tests."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw

SIZE = (64, 48)
RED = (220, 30, 40)


def _scene(mode: str = "RGB", left: int = 40) -> Image.Image:
    """A red field with a blue bar: colours that a wrong conversion visibly changes (``left`` moves the
    bar, so that two kinds that convert alike still make different files)."""
    im = Image.new("RGB", SIZE, RED)
    ImageDraw.Draw(im).rectangle((left, 8, left + 16, 40), fill=(30, 60, 200))
    return im.convert(mode) if mode != "RGB" else im


def _save(im: Image.Image, fmt: str, **kw: object) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **kw)
    return out.getvalue()


def jpeg_rgb() -> bytes:
    return _save(_scene(), "JPEG", quality=95)


def jpeg_grey() -> bytes:
    return _save(_scene("L"), "JPEG", quality=95)


def jpeg_cmyk() -> bytes:
    """An Adobe CMYK JPEG (inverted channels, APP14), what a print designer exports."""
    return _save(_scene("CMYK"), "JPEG", quality=95)


def jpeg_cmyk_icc() -> bytes:
    """A CMYK JPEG carrying an ICC profile that does not fit it (an sRGB one): the formula is used."""
    return _save(_scene("CMYK", left=36), "JPEG", quality=95, icc_profile=_srgb_profile())


def _srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_progressive() -> bytes:
    return _save(_scene(left=44), "JPEG", quality=90, progressive=True, optimize=True)


def jpeg_bare() -> bytes:
    """A JPEG with no JFIF or Exif segment first (an ICC segment leads), as some editors write."""
    data = _save(_scene(left=32), "JPEG", quality=90, icc_profile=_srgb_profile())
    # Drop the JFIF APP0 segment so the ICC APP2 segment comes first.
    if data[2:4] == b"\xff\xe0":
        length = struct.unpack(">H", data[4:6])[0]
        data = data[:2] + data[4 + length :]
    return data


def png_palette() -> bytes:
    im = _scene().quantize(16)
    return _save(im, "PNG", transparency=0)


def png_alpha() -> bytes:
    im = _scene("RGBA")
    im.putalpha(Image.linear_gradient("L").resize(SIZE))
    return _save(im, "PNG")


def png_grey16() -> bytes:
    """A 16-bit greyscale PNG at mid grey (a naive 16 → 8 bit conversion turns it white)."""
    im = Image.new("I;16", SIZE, 0x8000)
    return _save(im, "PNG")


def png_rgb16() -> bytes:
    """A 48-bit RGB PNG (Pillow cannot write one: the chunks are written here)."""
    w, h = SIZE
    rows = b"".join(
        b"\x00" + b"".join(struct.pack(">HHH", RED[0] * 257, RED[1] * 257, RED[2] * 257) for _ in range(w))
        for _ in range(h)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def gif_animated() -> bytes:
    frames = [_scene("P"), Image.new("RGB", SIZE, (0, 160, 0)).convert("P")]
    return _save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)


def webp_lossy() -> bytes:
    return _save(_scene(), "WEBP", quality=90)


def webp_alpha() -> bytes:
    im = _scene("RGBA")
    im.putalpha(128)
    return _save(im, "WEBP", lossless=True)


KINDS: dict[str, tuple[str, Callable[[], bytes]]] = {
    "jpeg-rgb": ("jpg", jpeg_rgb),
    "jpeg-grey": ("jpg", jpeg_grey),
    "jpeg-cmyk": ("jpg", jpeg_cmyk),
    "jpeg-cmyk-icc": ("jpg", jpeg_cmyk_icc),
    "jpeg-progressive": ("jpg", jpeg_progressive),
    "jpeg-bare": ("jpg", jpeg_bare),
    "png-palette": ("png", png_palette),
    "png-alpha": ("png", png_alpha),
    "png-grey16": ("png", png_grey16),
    "png-rgb16": ("png", png_rgb16),
    "gif-animated": ("gif", gif_animated),
    "webp-lossy": ("webp", webp_lossy),
    "webp-alpha": ("webp", webp_alpha),
}


def write_all(folder: Path) -> list[str]:
    """Write one file per kind into ``folder``; return their file names in order."""
    names = []
    for kind, (ext, make) in KINDS.items():
        name = f"{kind}.{ext}"
        (folder / name).write_bytes(make())
        names.append(name)
    return names


def document(names: list[str]) -> str:
    """A Markdown chapter showing each picture as a figure with Korean alt text."""
    parts = ["# 그림 종류\n"]
    for name in names:
        parts.append(f"{name} 그림입니다.\n\n![{name} 그림]({name})\n")
    return "\n".join(parts)
