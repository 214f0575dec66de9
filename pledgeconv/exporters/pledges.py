"""The ``pledges`` format: the document's pledges and their five items as JSON (own or NEC shape)."""

from __future__ import annotations

from typing import ClassVar

from ..errors import UsageError
from ..model import Document
from ..options import ExportOptions
from ..pledges import find_pledges
from ..pledges.data import SHAPES, dumps, to_data, to_nec


class PledgesExporter:
    """Writes ``X.pledges.json``: schema ``pledgeconv/pledges/1``, or the NEC's fields."""

    name: ClassVar[str] = "pledges"
    suffixes: ClassVar[tuple[str, ...]] = (".pledges.json", ".json")

    def export(self, doc: Document, options: ExportOptions) -> bytes:
        """The pledges of ``doc`` as UTF-8 JSON."""
        shape = options.pledges_shape
        if shape not in SHAPES:
            raise UsageError(f"--pledges-shape takes {' or '.join(SHAPES)}, not {shape!r}")
        pledges = find_pledges(doc)
        return dumps(to_nec(doc.meta, pledges) if shape == "nec" else to_data(doc.meta, pledges))
