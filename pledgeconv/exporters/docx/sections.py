"""Section breaks around landscape tables: each break copies the document's page setup."""

from __future__ import annotations

import copy
from typing import Any

from docx.oxml.ns import qn

from .ooxml import PPR, insert_ordered


def break_sections(breaks: list[tuple[Any, str]], body_sect_pr: Any) -> None:
    """Give each break paragraph a ``w:sectPr`` ending a section of the given orientation.

    Called once the body's own section properties (page size, margins, headers and footers) are
    final; a break's section is a copy of them, turned for ``"landscape"``, without a title page.
    """
    for paragraph, orientation in breaks:
        sect_pr = copy.deepcopy(body_sect_pr)
        for tag in ("w:titlePg",):
            found = sect_pr.find(qn(tag))
            if found is not None:
                sect_pr.remove(found)
        for ref in sect_pr.findall(qn("w:headerReference")) + sect_pr.findall(qn("w:footerReference")):
            if ref.get(qn("w:type")) == "first":
                sect_pr.remove(ref)
        size = sect_pr.find(qn("w:pgSz"))
        if size is not None and orientation == "landscape":
            width, height = size.get(qn("w:w")), size.get(qn("w:h"))
            if width and height and int(width) < int(height):
                size.set(qn("w:w"), height)
                size.set(qn("w:h"), width)
            size.set(qn("w:orient"), "landscape")
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is None:
            ppr = paragraph.makeelement(qn("w:pPr"), {})
            paragraph.insert(0, ppr)
        insert_ordered(ppr, sect_pr, PPR)
