"""The one place the package version is written (hatch reads it for the wheel's metadata)."""

from __future__ import annotations

__version__ = "0.1.0"

#: What every output names as its maker: HTML generator, EPUB generator, DOCX Application, PDF
#: Creator and Producer, HWPX appVersion.
PRODUCER = f"pledgeconv {__version__}"
