"""Pictures inside a line of text (an icon, a badge, a picture in a table cell) as reportlab's
``<img/>`` markup: at most the text's height, a dashed box of that size where the file is missing."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

from ...model import Image
from ...pictures import PT_PER_PX, for_format, given_size, placeholder
from ...resolved import Resolved

HEIGHT = 1.15  # an inline picture's largest height, in ems of the text around it


class InlinePictures:
    """Files reportlab's paragraph parser can open (it takes a path, not bytes): each picture
    converted for the PDF (CMYK for the press) and written once, in a folder removed by
    :meth:`close`."""

    def __init__(self, resolved: Resolved, cmyk: bool = False) -> None:
        self.resolved = resolved
        self.cmyk = cmyk
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._files: dict[str, str | None] = {}  # a picture's path -> the file drawn (None: cannot)

    def _write(self, name: str, data: bytes) -> str:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="pledgeconv-pdf-")
        path = Path(self._folder.name) / name
        path.write_bytes(data)
        return str(path)

    def _file(self, image: Image) -> tuple[str, int, int] | None:
        found = self.resolved.image(image)
        if found is None:
            return None
        if found.path not in self._files:
            try:
                data = for_format(found, "pdf").data
                if self.cmyk:
                    from .press import cmyk_image

                    data = cmyk_image(data).getvalue()
                from PIL import Image as PILImage

                with PILImage.open(io.BytesIO(data)) as probe:  # reportlab reads what PIL reads
                    probe.load()
                self._files[found.path] = self._write(f"p{len(self._files)}.{found.extension}", data)
            except Exception:  # a file that passed the probe but cannot be drawn: a placeholder
                self._files[found.path] = None
        drawn = self._files[found.path]
        return (drawn, found.width, found.height) if drawn is not None else None

    def _placeholder(self) -> str:
        if "" not in self._files:
            self._files[""] = self._write("placeholder.png", placeholder().data)
        return self._files[""] or ""

    def markup(self, image: Image, size: float) -> tuple[str, bool]:
        """The ``<img/>`` for ``image`` in text of ``size`` points, and whether it is the picture
        (False: the box of a missing one). Its size: the one the author gave (``width``/``height``
        in raw HTML), else its natural size (a pixel is 1/96 inch), no taller than the text."""
        drawn = self._file(image)
        if drawn is not None:
            path, w, h = drawn
        else:
            path, w, h = self._placeholder(), placeholder().width, placeholder().height
        w, h = given_size(image.width, image.height, (w, h))
        scale = min(PT_PER_PX, size * HEIGHT / max(h, 1))
        return (
            f'<img src={quoteattr(path)} width="{w * scale:.2f}" height="{h * scale:.2f}" valign="bottom"/>',
            drawn is not None,
        )

    def close(self) -> None:
        """Remove the files (after the PDF is built)."""
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
