"""Regenerate the sample book's images with Pillow: python samples/make_images.py."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "fonts" / "NanumGothicBold.ttf"


def bar_chart(path: Path) -> None:
    """A small bar chart: 청년 일자리 목표 (thousands), 2026–2030."""
    im = Image.new("RGB", (960, 540), "#f5f8fd")
    draw = ImageDraw.Draw(im)
    title = ImageFont.truetype(str(FONT), 40)
    label = ImageFont.truetype(str(FONT), 26)
    draw.text((48, 32), "청년 일자리 목표 (단위: 천 개)", font=title, fill="#1d1d1f")
    values = [(2026, 40), (2027, 65), (2028, 90), (2029, 120), (2030, 150)]
    base, left, width = 470, 110, 120
    for i, (year, value) in enumerate(values):
        x = left + i * 165
        top = base - value * 2.2
        draw.rectangle([x, top, x + width, base], fill="#0b57d0")
        draw.text((x + 28, base + 12), str(year), font=label, fill="#1d1d1f")
        draw.text((x + 36, top - 36), str(value), font=label, fill="#0b57d0")
    draw.line([(80, base), (900, base)], fill="#5f6368", width=3)
    im.save(path, optimize=True)


def cover(path: Path) -> None:
    """A plain cover picture: a gradient band and the book's motto."""
    im = Image.new("RGB", (1200, 1600), "#0b57d0")
    draw = ImageDraw.Draw(im)
    for y in range(1600):
        shade = int(40 + 120 * y / 1600)
        draw.line([(0, y), (1200, y)], fill=(11, 87 - shade // 4, 208 - shade // 2))
    font = ImageFont.truetype(str(FONT), 96)
    draw.text((120, 600), "더 나은 내일", font=font, fill="white")
    draw.text((120, 740), "함께 만드는 약속", font=ImageFont.truetype(str(FONT), 64), fill="#e8f0fe")
    im.save(path, optimize=True)


if __name__ == "__main__":
    bar_chart(HERE / "book" / "images" / "jobs-chart.png")
    cover(HERE / "book" / "images" / "cover.png")
