"""Pledges as data: the five items of the election law, recognised, checked, exported and compared."""

from __future__ import annotations

from .labels import ITEMS, LABELS, STATUTORY_LINE
from .recognise import Item, Pledge, find_pledges

__all__ = ["ITEMS", "LABELS", "STATUTORY_LINE", "Item", "Pledge", "find_pledges"]
