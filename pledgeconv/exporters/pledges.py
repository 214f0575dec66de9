"""The ``pledges`` format: the document's pledges and their five items as JSON (own or NEC shape)."""

from __future__ import annotations

from typing import ClassVar

from ..options import ExportOptions
from ..pledges import find_pledges
from ..pledges.data import dumps, to_data, to_nec
from ..resolved import Rendered, Resolved


class PledgesExporter:
    """Writes ``X.pledges.json``: schema ``pledgeconv/pledges/1``, or the NEC's fields (``--pledges-shape nec``)."""

    name: ClassVar[str] = "pledges"
    suffixes: ClassVar[tuple[str, ...]] = (".pledges.json", ".json")

    def export(self, resolved: Resolved, options: ExportOptions) -> Rendered:
        """The pledges of the resolved document as UTF-8 JSON (the shape is checked with the options)."""
        doc = resolved.doc
        pledges = find_pledges(doc)
        shape = to_nec if options.pledges_shape == "nec" else to_data
        return Rendered(dumps(shape(doc.meta, pledges)))
