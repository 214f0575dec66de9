"""Sections: a chapter's pages carry its running head, a landscape table turns its pages; each
section break copies the document's page setup."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from docx.oxml.ns import qn

from ...frozen import dataclass
from ...sanitize import xml_text
from .ooxml import PPR, insert_ordered


@dataclass(frozen=True, slots=True)
class Break:
    """A paragraph that ends a section: the section's orientation, its running head, and whether
    it is the document's first section (the cover's: its first page has no header)."""

    paragraph: Any
    orientation: str
    head: str
    first: bool = False


def break_sections(breaks: list[Break], body_sect_pr: Any, header: Callable[[str], str] | None) -> None:
    """Give each break paragraph a ``w:sectPr`` ending a section of the given orientation.

    Called once the body's own section properties (page size, margins, headers and footers) are
    final; a break's section is a copy of them, turned for ``"landscape"``, its default header the
    one ``header(head)`` names (a relationship id), a title page only for the first section.
    """
    for brk in breaks:
        sect_pr = copy.deepcopy(body_sect_pr)
        if not brk.first:
            found = sect_pr.find(qn("w:titlePg"))
            if found is not None:
                sect_pr.remove(found)
            for ref in sect_pr.findall(qn("w:headerReference")) + sect_pr.findall(qn("w:footerReference")):
                if ref.get(qn("w:type")) == "first":
                    sect_pr.remove(ref)
        if header is not None:
            for ref in sect_pr.findall(qn("w:headerReference")):
                if ref.get(qn("w:type")) == "default":
                    ref.set(qn("r:id"), header(brk.head))
        if brk.orientation == "landscape":
            turn(sect_pr)
        ppr = brk.paragraph.find(qn("w:pPr"))
        if ppr is None:
            ppr = brk.paragraph.makeelement(qn("w:pPr"), {})
            brk.paragraph.insert(0, ppr)
        insert_ordered(ppr, sect_pr, PPR)


def turn(sect_pr: Any) -> None:
    """Make the section of ``sect_pr`` landscape: its page's width and height swapped."""
    size = sect_pr.find(qn("w:pgSz"))
    if size is None:
        return
    width, height = size.get(qn("w:w")), size.get(qn("w:h"))
    if width and height and int(width) < int(height):
        size.set(qn("w:w"), height)
        size.set(qn("w:h"), width)
    size.set(qn("w:orient"), "landscape")


def last_section(
    body_sect_pr: Any, header: Callable[[str], str] | None, head: str, first: bool, landscape: bool = False
) -> None:
    """The body's own section properties end the last section: its running head is ``head``, a
    title page only when it is also the first section, turned when the document ends on a
    landscape table's page (a section break on the last paragraph would leave an empty section)."""
    if landscape:
        turn(body_sect_pr)
    if not first:
        found = body_sect_pr.find(qn("w:titlePg"))
        if found is not None:
            body_sect_pr.remove(found)
    if header is not None:
        for ref in body_sect_pr.findall(qn("w:headerReference")):
            if ref.get(qn("w:type")) == "default":
                ref.set(qn("r:id"), header(head))


class Headers:
    """One header part per running head (a chapter's, or the title), made when first asked for."""

    def __init__(self, docx: Any, style_id: str) -> None:
        self.docx = docx
        self.style_id = style_id
        self.ids: dict[str, str] = {}

    def add(self, head: str, rel_id: str) -> None:
        """A header part already made for ``head`` (the document's first)."""
        self.ids[head] = rel_id

    def __call__(self, head: str) -> str:
        found = self.ids.get(head)
        if found is None:
            part, found = self.docx.part.add_header_part()
            p = part.element.find(qn("w:p"))
            ppr = p.find(qn("w:pPr"))
            ppr.find(qn("w:pStyle")).set(qn("w:val"), self.style_id)
            jc = ppr.makeelement(qn("w:jc"), {qn("w:val"): "right"})
            ppr.append(jc)
            run = p.makeelement(qn("w:r"), {})
            p.append(run)
            text = run.makeelement(qn("w:t"), {})
            text.text = xml_text(head)
            run.append(text)
            self.ids[head] = found
        return found
