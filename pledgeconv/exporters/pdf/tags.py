"""Tagged PDF, the live half: the structure tree grown with the flowables, marked content written as
they are drawn.

The builder gives each flowable that shows document content the structure element it belongs to
(``_pc_tag``); a split paragraph's pieces keep it, so a paragraph over two pages is one ``P``. The
canvas's :class:`Marker` brackets such a flowable's drawing with ``/P <</MCID n>> BDC … EMC``; all
else on a page — running heads, page numbers, rules, boxes, leaders, a table head drawn again on the
next page, crop marks — stays in the page's ``/Artifact`` sequence, which is open whenever no
element is. The tree is written at save time (:mod:`.structure`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: custom structure types and the standard ones they stand for (the RoleMap)
ROLE_MAP = {"Cover": "Sect", "Title": "P", "Slogan": "Div", "Contents": "Sect", "Callout": "Div"}

_INSTALLED = "_pledgeconv_tags"


class Elem:
    """A structure element: its type, its kids (elements, (page, MCID) pairs and annotation
    references, in reading order) and its attributes."""

    __slots__ = ("alt", "id", "kids", "numbering", "parent", "ref", "role", "scope")

    def __init__(self, role: str, parent: Elem | None = None, alt: str | None = None) -> None:
        self.role = role
        self.parent = parent
        self.alt = alt
        self.scope: str | None = None  # a TH's /Scope
        self.id: str | None = None  # a Note's /ID
        self.numbering: str | None = None  # an L's /ListNumbering
        self.kids: list[Any] = []
        self.ref: Any = None  # its object's name in the PDF, when written

    def __copy__(self) -> Elem:
        return self

    def __deepcopy__(self, memo: Any) -> Elem:
        """Itself: reportlab deep-copies flowables to try splits, and a copy of a flowable is still
        content of the same element (copying would copy the whole tree through ``parent``)."""
        return self

    def add(self, role: str, alt: str | None = None) -> Elem:
        child = Elem(role, self, alt)
        self.kids.append(child)
        return child


class Tree:
    """The structure tree as the builder grows it: ``parent`` is where the next element goes."""

    def __init__(self) -> None:
        self.root = Elem("Document")
        self.parent = self.root
        self.titles: dict[str, str] = {}  # destination name -> what a link to it says

    def add(self, role: str, alt: str | None = None) -> Elem:
        return self.parent.add(role, alt)

    @contextmanager
    def within(self, elem: Elem) -> Iterator[Elem]:
        """Add the elements built inside the block to ``elem``."""
        saved, self.parent = self.parent, elem
        try:
            yield elem
        finally:
            self.parent = saved

    def open(self, role: str, alt: str | None = None) -> Any:
        """A new element at ``parent``, holding what is built inside the block."""
        return self.within(self.add(role, alt))

    def section(self, role: str = "Sect") -> Elem:
        """A new top-level section: what follows goes into it."""
        self.parent = self.root.add(role)
        return self.parent


def tag(flows: list[Any], elem: Elem) -> list[Any]:
    """Mark ``flows`` as the content of ``elem``; returns them."""
    for flow in flows:
        flow._pc_tag = elem
    return flows


class Marker:
    """The canvas's marked-content writer: MCIDs per page, the element each one belongs to (the
    ParentTree), the link annotations and the elements that hold them."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.pages: list[list[Elem]] = [[]]  # per page, the element of each MCID
        self.page_annots: list[list[tuple[Any, Elem]]] = [[]]  # per page: (annotation, Link element)
        self.open: Elem | None = None
        self._closed = False  # the open element's content ended early (see rest_is_artifact)

    def begin(self, canvas: Any, elem: Elem) -> bool:
        """Start ``elem``'s marked content, unless another element's is open (its content then
        holds this one's); False when nothing was started."""
        if self.open is not None or self._closed:
            return False
        page = self.pages[-1]
        mcid = len(page)
        page.append(elem)
        elem.kids.append((len(self.pages) - 1, mcid))
        canvas._code.append(f"EMC /{ROLE_MAP.get(elem.role, elem.role)} <</MCID {mcid}>> BDC")
        self.open = elem
        return True

    def end(self, canvas: Any) -> None:
        if self._closed:
            self._closed = False
            return
        canvas._code.append("EMC /Artifact BMC")
        self.open = None

    def rest_is_artifact(self, canvas: Any) -> None:
        """What the flowable being drawn draws from here on is not content (a contents line's
        leader): its element's marked content ends now."""
        if self.open is not None and not self._closed:
            self.end(canvas)
            self._closed = True

    def annotation(self, annotation: Any) -> None:
        """A link annotation made while an element is drawn: a ``Link`` element in it refers to it."""
        holder = self.open or self.tree.root
        link = holder.add("Link")
        link.kids.append(annotation)
        self.page_annots[-1].append((annotation, link))

    def page_done(self) -> None:
        self.pages.append([])
        self.page_annots.append([])


def install() -> None:
    """Teach reportlab's flowables to mark their content (idempotent): ``drawOn`` brackets a tagged
    flowable, a list item's mark is its ``Lbl``, a split paragraph's pieces keep their element."""
    from reportlab.platypus.flowables import Flowable, LIIndenter
    from reportlab.platypus.paragraph import Paragraph

    if getattr(Flowable.drawOn, _INSTALLED, False):
        return
    draw_on = Flowable.drawOn
    para_split = Paragraph.split

    def tagged_draw_on(self: Any, canvas: Any, x: float, y: float, _sW: float = 0) -> Any:
        elem = getattr(self, "_pc_tag", None)
        marker = getattr(canvas, "marker", None)
        if elem is None or marker is None or getattr(self, "_pc_drawn", False):
            return draw_on(self, canvas, x, y, _sW)  # an artifact (a table head drawn again, too)
        self._pc_drawn = True
        if not marker.begin(canvas, elem):
            return draw_on(self, canvas, x, y, _sW)
        try:
            return draw_on(self, canvas, x, y, _sW)
        finally:
            marker.end(canvas)

    def split(self: Any, avail_width: float, avail_height: float) -> list[Any]:
        pieces: list[Any] = para_split(self, avail_width, avail_height)
        elem, label = getattr(self, "_pc_tag", None), getattr(self, "_pc_label", None)
        for piece in pieces:
            if elem is not None:
                piece._pc_tag = elem
            if label is not None:
                piece._pc_label = label
        return pieces

    def indenter_draw_on(self: Any, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if self._bullet:
            label = getattr(self._flowable, "_pc_label", None)
            marker = getattr(canvas, "marker", None)
            began = label is not None and marker is not None and marker.begin(canvas, label)
            try:
                self._bullet.drawOn(self, canvas, x, y, 0)
            finally:
                if began and marker is not None:
                    marker.end(canvas)
        self._flowable.drawOn(
            canvas, x + self._leftIndent, y, max(0, _sW - self._leftIndent - self._rightIndent)
        )

    for fn in (tagged_draw_on, split, indenter_draw_on):
        setattr(fn, _INSTALLED, True)
    Flowable.drawOn = tagged_draw_on
    Paragraph.split = split
    LIIndenter.drawOn = indenter_draw_on
