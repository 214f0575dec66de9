"""Export options: one frozen value shared by every exporter, never stored in the Document."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .errors import UsageError


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Options for exporters; each exporter reads the ones that concern it."""

    fragment: bool = False  # HTML: body content only
    toc: bool = True  # a table of contents where the format has one
    toc_depth: int = 3
    unsafe_html: bool = False  # pass raw HTML through without sanitising
    embed_images: bool = True  # HTML: images as data: URIs
    css: str | None = None  # HTML/EPUB: extra CSS appended to the built-in sheet
    paper: str = "a4"  # PDF: a4, b5, letter
    font_dir: str | None = None  # PDF/EPUB: a folder of TrueType fonts to prefer
    east_asian_font: str = "맑은 고딕"  # DOCX: the East Asian font name
    reference_docx: str | None = None  # DOCX: styles from a template
    embed_fonts: bool = False  # EPUB: embed a subset of the bundled Korean font
    pledges_shape: str = "pledgeconv"  # pledges: "pledgeconv" (own schema) or "nec" (NEC open-data fields)

    @classmethod
    def from_mapping(cls, options: dict[str, Any]) -> ExportOptions:
        """Build options from keyword arguments; an unknown name is a UsageError."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise UsageError(f"unknown export option(s): {', '.join(unknown)}")
        return cls(**options)
