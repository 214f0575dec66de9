"""Every picture kind the resources accept, in every format: what each format holds, the transcoding
for the rest (colour-managed), and each output of a document holding every kind opened by its checker."""

from __future__ import annotations

import io
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import hwpxcheck
import imagekinds
import pytest
from conftest import IN_CI, require_tool
from PIL import Image

import pledgeconv
from pledgeconv import pictures
from pledgeconv.model import ImageFile

KIND_OF = {
    "jpeg-rgb": "jpeg",
    "jpeg-grey": "jpeg",
    "jpeg-cmyk": "jpeg-cmyk",
    "jpeg-cmyk-icc": "jpeg-cmyk",
    "jpeg-progressive": "jpeg",
    "jpeg-bare": "jpeg-unmarked",
    "png-palette": "png",
    "png-alpha": "png",
    "png-grey16": "png-grey16",
    "png-rgb16": "png",
    "gif-animated": "gif",
    "webp-lossy": "webp",
    "webp-alpha": "webp",
}
FORMATS = ("html", "epub", "docx", "pdf", "hwpx")
# A CMYK profile for the colour-managed path: Debian's libgs-common (tests/run.sh installs it).
CMYK_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")


def probed(name: str, data: bytes) -> ImageFile:
    from pledgeconv.resources import MIME_BY_FORMAT

    with Image.open(io.BytesIO(data)) as im:
        return ImageFile(name, MIME_BY_FORMAT[im.format or ""], im.width, im.height, data)


def picture(kind: str) -> ImageFile:
    ext, make = imagekinds.KINDS[kind]
    return probed(f"{kind}.{ext}", make())


def pixel(file: ImageFile, xy: tuple[int, int] = (8, 8)) -> tuple[int, ...]:
    with Image.open(io.BytesIO(file.data)) as im:
        value = im.convert("RGBA").getpixel(xy)
    assert isinstance(value, tuple)
    return value


def test_the_kinds_cover_every_accepted_type() -> None:
    from pledgeconv.resources import MIME_BY_FORMAT

    made = {picture(kind).mime for kind in imagekinds.KINDS}
    assert made == set(MIME_BY_FORMAT.values())
    assert set(KIND_OF.values()) == set(pictures.KINDS)


@pytest.mark.parametrize("kind", sorted(KIND_OF))
def test_kind_is_read_from_the_bytes(kind: str) -> None:
    assert pictures.kind(picture(kind)) == KIND_OF[kind]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", sorted(KIND_OF))
def test_each_format_gets_a_kind_it_holds_and_only_those_are_transcoded(kind: str, fmt: str) -> None:
    file = picture(kind)
    fitted = pictures.for_format(file, fmt)
    assert pictures.kind(fitted) in pictures.HOLDS[fmt]
    if KIND_OF[kind] in pictures.HOLDS[fmt]:
        assert fitted is file  # nothing done for a kind the format holds
    else:
        assert fitted.data != file.data and fitted.path == file.path
        assert (fitted.width, fitted.height) == (file.width, file.height)
        with Image.open(io.BytesIO(fitted.data)) as im:
            im.load()
            assert im.size == (file.width, file.height) and im.mode in ("RGB", "RGBA", "L")


def test_cmyk_becomes_srgb_with_its_colours() -> None:
    for kind in ("jpeg-cmyk", "jpeg-cmyk-icc"):  # the second's profile is not a CMYK one: the formula
        red = pixel(pictures.transcode(picture(kind), "jpeg-cmyk"))
        blue = pixel(pictures.transcode(picture(kind), "jpeg-cmyk"), (48, 24))
        assert red[0] > 180 and red[1] < 90 and red[2] < 90, red
        assert blue[2] > 150 and blue[0] < 90, blue


def test_cmyk_with_an_embedded_profile_is_converted_through_it() -> None:
    if not CMYK_PROFILE.exists():
        message = f"{CMYK_PROFILE} missing (apt-get install libgs-common)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)

    def red(**profile: bytes) -> ImageFile:
        out = io.BytesIO()
        Image.new("CMYK", (16, 16), (0, 255, 255, 0)).save(out, "JPEG", quality=95, **profile)
        return probed("red.jpg", out.getvalue())

    managed = pixel(pictures.for_format(red(icc_profile=CMYK_PROFILE.read_bytes()), "docx"))
    naive = pixel(pictures.for_format(red(), "docx"))
    # Solid magenta + yellow prints as a warm red, not the screen's pure (255, 0, 0) the formula gives.
    assert naive[:3] == pytest.approx((255, 0, 0), abs=6)
    assert managed[0] > 190 and managed[1] < 90 and managed[2] < 90, managed
    assert abs(managed[0] - naive[0]) + abs(managed[1] - naive[1]) + abs(managed[2] - naive[2]) > 20


def test_sixteen_bit_grey_keeps_its_grey() -> None:
    grey = pixel(pictures.for_format(picture("png-grey16"), "pdf"))
    assert grey[:3] == pytest.approx((128, 128, 128), abs=2)  # 0x8000 of 0xFFFF, not clipped to white


def test_webp_keeps_its_transparency() -> None:
    clear = pictures.for_format(picture("webp-alpha"), "docx")
    assert clear.mime == "image/png" and pixel(clear)[3] == 128
    opaque = pictures.for_format(picture("webp-lossy"), "hwpx")
    assert opaque.mime == "image/jpeg"


def test_an_unmarked_jpeg_gets_a_jfif_segment_and_keeps_its_image_data() -> None:
    file = picture("jpeg-bare")
    fitted = pictures.for_format(file, "docx")
    assert fitted.data[6:10] == b"JFIF" and fitted.data.endswith(file.data[2:])
    from docx.image.image import Image as DocxImage

    DocxImage.from_blob(fitted.data)  # python-docx reads it now


# -- the matrix: a document holding every kind, in every format, opened by each format's checker ----


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("kinds")
    names = imagekinds.write_all(folder)
    source = folder / "그림.md"
    source.write_text(imagekinds.document(names), encoding="utf-8")
    result = pledgeconv.convert(source, folder / "out", to=list(FORMATS))
    assert not result.errors, result.errors
    assert not result.warnings, result.warnings
    return {path.suffix[1:]: path for path in result.outputs}


def images_in_pdf(pdf: Path, tmp: Path) -> list[Image.Image]:
    """The pictures drawn in a PDF, extracted with poppler's pdfimages (soft masks left out)."""
    tool = require_tool("pdfimages", "apt-get install poppler-utils")
    listing = subprocess.run([tool, "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    masks = [line.split()[2] == "smask" for line in listing.splitlines()[2:]]
    subprocess.run([tool, "-png", str(pdf), str(tmp / "img")], check=True)
    files = sorted(tmp.glob("img-*.png"))
    assert len(files) == len(masks)
    return [Image.open(f).convert("RGB") for f, mask in zip(files, masks, strict=True) if not mask]


def assert_every_picture_drawn(found: list[Image.Image]) -> None:
    assert len(found) == len(imagekinds.KINDS)
    for im in found:
        lo, _hi = zip(*im.getextrema(), strict=True)
        assert min(lo) < 200, "a picture drawn all white (or not at all)"


def test_html_holds_every_picture(
    outputs: dict[str, Path], vnu: Callable[[list[Path]], list[dict[str, object]]]
) -> None:
    import base64
    import re

    html = outputs["html"].read_text(encoding="utf-8")
    uris = re.findall(r'src="data:(image/[a-z]+);base64,([^"]+)"', html)
    assert len(uris) == len(imagekinds.KINDS)
    for mime, data in uris:
        file = probed("x", base64.b64decode(data))
        assert file.mime == mime and pictures.kind(file) in pictures.HOLDS["html"]
    assert vnu([outputs["html"]]) == []


def test_epub_holds_every_picture(
    outputs: dict[str, Path], epubcheck: Callable[[Path], list[dict[str, object]]]
) -> None:
    with zipfile.ZipFile(outputs["epub"]) as z:
        images = [n for n in z.namelist() if n.startswith("EPUB/images/")]
        kinds = {pictures.kind(probed(n, z.read(n))) for n in images}
    assert len(images) == len(imagekinds.KINDS)
    assert kinds <= pictures.HOLDS["epub"] and "jpeg-cmyk" not in kinds
    assert epubcheck(outputs["epub"]) == []


def test_pdf_draws_every_picture(outputs: dict[str, Path], tmp_path: Path) -> None:
    qpdf = require_tool("qpdf", "apt-get install qpdf")
    subprocess.run([qpdf, "--check", str(outputs["pdf"])], check=True, capture_output=True)
    assert_every_picture_drawn(images_in_pdf(outputs["pdf"], tmp_path))


def test_press_pdf_draws_every_picture_in_cmyk(outputs: dict[str, Path], tmp_path: Path) -> None:
    source = next(outputs["pdf"].parent.parent.glob("*.md"))
    doc = pledgeconv.parse(source)
    press = pledgeconv.export(doc, tmp_path / "press.pdf", bleed=3)
    assert isinstance(press, Path)
    listing = subprocess.run(["pdfimages", "-list", str(press)], capture_output=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert len(rows) == len(imagekinds.KINDS) and {row[5] for row in rows} == {"cmyk"}


def test_docx_holds_every_picture_and_libreoffice_draws_them(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(outputs["docx"]) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        kinds = {pictures.kind(probed(n, z.read(n))) for n in media}
    assert len(media) == len(imagekinds.KINDS) and kinds <= pictures.HOLDS["docx"]
    soffice = require_tool("soffice", "apt-get install libreoffice-writer-nogui")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(outputs["docx"])],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    assert_every_picture_drawn(images_in_pdf(tmp_path / outputs["docx"].with_suffix(".pdf").name, tmp_path))


def test_hwpx_holds_every_picture_and_rhwp_draws_them(outputs: dict[str, Path], tmp_path: Path) -> None:
    with zipfile.ZipFile(outputs["hwpx"]) as z:
        media = [n for n in z.namelist() if n.startswith("BinData/")]
        kinds = {pictures.kind(probed(n, z.read(n))) for n in media}
    assert len(media) == len(imagekinds.KINDS) and kinds <= pictures.HOLDS["hwpx"]
    assert hwpxcheck.validate(outputs["hwpx"]) == []
    pdf = tmp_path / "hwpx.pdf"
    hwpxcheck.render([(outputs["hwpx"], pdf)])
    assert_every_picture_drawn(images_in_pdf(pdf, tmp_path))
