"""Pledges as data: the five items of the election law, recognised, checked, exported and compared."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .labels import ITEMS, LABELS, STATUTORY_LINE

if TYPE_CHECKING:
    from .recognise import Item, Pledge, find_pledges


def __getattr__(name: str) -> object:
    """The recogniser loads when first asked for: parsing only needs the label table (labels.py)."""
    if name in ("Item", "Pledge", "find_pledges"):
        from . import recognise

        return getattr(recognise, name)
    raise AttributeError(f"module 'pledgeconv.pledges' has no attribute {name!r}")


__all__ = ["ITEMS", "LABELS", "STATUTORY_LINE", "Item", "Pledge", "find_pledges"]
