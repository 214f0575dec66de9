"""The DOCX body serialised in pieces as it is written, so that a book's XML tree is never whole."""

from __future__ import annotations

from typing import Any

from lxml import etree

#: body elements written before they are serialised and dropped from the tree
PIECE_ELEMENTS = 400
#: the comment that stands for the pieces in the document part until the package is written
BODY_MARKER = "pledgeconv-body"


class BodyPieces:
    """The UTF-8 XML of the ``w:body`` children written so far, in order, as the document part
    serialises them (python-docx writes parts with ``etree.tostring(..., encoding="UTF-8")``)."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self.done: list[bytes] = []

    def flush(self, at: int | None = None, keep: int = 0) -> None:
        """Serialise the body's children, drop them from the tree, and keep their XML: at the end,
        or at index ``at`` of the pieces so far. The last ``keep`` children stay in the tree (what is
        written next may look back at them: a chapter's or a landscape table's section break)."""
        body = self.body
        tail = list(body[len(body) - keep :]) if 0 < keep < len(body) else []
        if keep >= len(body) > 0:
            return
        for el in tail:
            body.remove(el)
        if not len(body):
            piece = b""
        else:
            xml: bytes = etree.tostring(body, encoding="UTF-8", xml_declaration=False)
            # <w:body xmlns:…="…">CHILDREN</w:body>: the namespaces are the document element's
            start = xml.index(b">") + 1
            end = xml.rindex(b"</")
            piece = xml[start:end]
            del body[:]
        if at is None:
            self.done.append(piece)
        else:
            self.done.insert(at, piece)
        body.extend(tail)
