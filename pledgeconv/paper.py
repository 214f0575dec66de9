"""Paper sizes (``--paper``): one table, in millimetres, for every paged format (PDF, DOCX, HWPX)."""

from __future__ import annotations

from .errors import UsageError

#: Width and height in millimetres, portrait (ISO A4, B5, A5; US Letter).
SIZES: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "b5": (176.0, 250.0),
    "a5": (148.0, 210.0),
    "letter": (215.9, 279.4),
}
POINTS_PER_MM = 72 / 25.4


def size_mm(name: str) -> tuple[float, float]:
    """The (width, height) of paper ``name`` in millimetres; a UsageError names the sizes there are."""
    size = SIZES.get(name.lower())
    if size is None:
        raise UsageError(f"unknown paper size {name!r} (have: {', '.join(SIZES)})")
    return size


def size_points(name: str) -> tuple[float, float]:
    """The (width, height) of paper ``name`` in PostScript points (1/72 inch)."""
    width, height = size_mm(name)
    return width * POINTS_PER_MM, height * POINTS_PER_MM
