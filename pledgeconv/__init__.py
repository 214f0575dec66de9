"""pledgeconv: Korean pledge documents (공약, 공약집) from Markdown to HTML, DOCX, PDF and EPUB."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import ConvertResult, convert, export, parse
from .errors import (
    ExportError,
    InputError,
    OutputError,
    PledgeconvError,
    UsageError,
)
from .exporters import FormatInfo
from .exporters import formats as _formats
from .model import Document, Meta, Warning


def __getattr__(name: str) -> object:
    """``build`` and ``BuildResult`` load the book machinery only when asked for."""
    if name in ("build", "BuildResult"):
        from . import book

        return getattr(book, name)
    raise AttributeError(f"module 'pledgeconv' has no attribute {name!r}")


def formats() -> list[FormatInfo]:
    """The output formats: built-in, from plugins, and planned ones not available yet."""
    return _formats()


__all__ = [
    "BuildResult",
    "ConvertResult",
    "Document",
    "ExportError",
    "FormatInfo",
    "InputError",
    "Meta",
    "OutputError",
    "PledgeconvError",
    "UsageError",
    "Warning",
    "__version__",
    "build",
    "convert",
    "export",
    "formats",
    "parse",
]
