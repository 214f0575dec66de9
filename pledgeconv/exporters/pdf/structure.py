"""Tagged PDF, the written half: the structure tree, ParentTree and RoleMap as PDF objects, the page
and annotation entries that point into it, and the catalog's PDF/UA-1 declarations (MarkInfo,
ViewerPreferences, XMP metadata with ``pdfuaid:part`` 1)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFStream, PDFString

from ...version import PRODUCER
from .tags import ROLE_MAP, Elem, Marker


def _walk(elem: Elem) -> Iterator[Elem]:
    stack = [elem]
    while stack:
        e = stack.pop()
        yield e
        stack.extend(reversed([k for k in e.kids if isinstance(k, Elem)]))


def _prune(elem: Elem) -> bool:
    """Drop the elements that hold no content (nothing of them reached a page); True if ``elem``
    holds some."""
    kept = []
    for kid in elem.kids:
        if not isinstance(kid, Elem) or _prune(kid):
            kept.append(kid)
    elem.kids = kept
    return bool(kept)


def _ref(document: Any, obj: Any) -> bytes:
    return b"%d %d R" % document.idToObjectNumberAndVersion[obj.__InternalName__]


class StructElem(PDFObject):
    """One structure element, formatted straight to bytes: a book has tens of thousands."""

    def __init__(self, elem: Elem, pages: list[Any]) -> None:
        self.elem = elem
        self.pages = pages
        self.tree_root: Any = None  # the Document element's parent

    def format(self, document: Any) -> bytes:
        e = self.elem
        parent = e.parent
        out = [b"<</Type/StructElem/S/", e.role.encode("ascii")]
        out += [b"/P ", _ref(document, parent.ref if parent is not None else self.tree_root)]
        page = next((k[0] for k in e.kids if isinstance(k, tuple)), None)
        if page is not None:
            out += [b"/Pg ", _ref(document, self.pages[page])]
        if e.alt is not None:
            out += [b"/Alt ", PDFString(e.alt).format(document)]
        if e.id is not None:
            out += [b"/ID ", PDFString(e.id).format(document)]
        if e.numbering is not None:
            out += [b"/A<</O/List/ListNumbering/", e.numbering.encode("ascii"), b">>"]
        if e.scope is not None:
            out += [b"/A<</O/Table/Scope/", e.scope.encode("ascii"), b">>"]
        kids: list[bytes] = []
        for kid in e.kids:
            if isinstance(kid, Elem):
                kids.append(_ref(document, kid.ref))
            elif isinstance(kid, tuple):
                kids.append(
                    b"%d" % kid[1] if kid[0] == page
                    else b"<</Type/MCR/Pg %s/MCID %d>>" % (_ref(document, self.pages[kid[0]]), kid[1])
                )  # fmt: skip
            else:
                kids.append(b"<</Type/OBJR/Obj %s>>" % _ref(document, kid))
        # one kid as itself, not in an array (the pdfua checker reads a heading's /K [0] as no text)
        out += [b"/K ", kids[0], b">>"] if len(kids) == 1 else [b"/K[", b" ".join(kids), b"]>>"]
        return b"".join(out)


class ParentTree(PDFObject):
    """The number tree from each page's StructParents (and each link's StructParent) to the
    elements its MCIDs belong to (to its Link element)."""

    def __init__(self, marker: Marker, annotation_keys: list[tuple[int, Elem]]) -> None:
        self.marker = marker
        self.annotation_keys = annotation_keys

    def format(self, document: Any) -> bytes:
        out = [b"<</Nums["]
        for index, elems in enumerate(self.marker.pages):
            if elems:
                out.append(b"%d[%s]" % (index, b" ".join(_ref(document, e.ref) for e in elems)))
        for key, link in self.annotation_keys:
            out.append(b"%d %s" % (key, _ref(document, link.ref)))
        out.append(b"]>>")
        return b"\n".join(out)


def xmp(title: str, lang: str, author: str, producer: str) -> str:
    """The XMP packet: the title, language and author, and the PDF/UA-1 claim."""
    creator = (
        f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>" if author else ""
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
        'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>\n'
        f"<dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>\n"
        f"{creator}"
        f"<pdf:Producer>{escape(producer)}</pdf:Producer>\n"
        f"<xmp:CreatorTool>{escape(PRODUCER)}</xmp:CreatorTool>\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )


def _describe(marker: Marker, annotation: Any) -> str:
    target = getattr(annotation, "_pc_target", "")
    return str(marker.tree.titles.get(target, target))


def write(canvas: Any, marker: Marker, title: str, lang: str, author: str) -> None:
    """Add the structure tree and the PDF/UA declarations to the canvas's document, before it is
    saved (every page shown)."""
    doc = canvas._doc
    root = marker.tree.root
    _prune(root)
    pages = doc.Pages.pages
    _register(doc, [StructElem(elem, pages) for elem in _walk(root)])
    # each page's MCIDs, then each link annotation, numbered in the ParentTree
    annotation_keys: list[tuple[int, Elem]] = []
    key = len(marker.pages)
    for index, page in enumerate(pages):
        entries = ["StructParents"] if index < len(marker.pages) and marker.pages[index] else []
        annots = marker.page_annots[index] if index < len(marker.page_annots) else []
        if annots:
            entries.append("Tabs")
            page.Tabs = PDFName("S")
        if entries:
            page.__NoDefault__ = [*type(page).__NoDefault__, *entries]
            page.StructParents = index
        for annotation, link in annots:
            _annotate(annotation, key, _describe(marker, annotation))
            annotation_keys.append((key, link))
            key += 1
    tree_root = PDFDictionary({
        "Type": PDFName("StructTreeRoot"),
        "K": root.ref,
        "ParentTree": doc.Reference(ParentTree(marker, annotation_keys)),
        "ParentTreeNextKey": key,
        "RoleMap": PDFDictionary({k: PDFName(v) for k, v in ROLE_MAP.items()}),
    })  # fmt: skip
    root_ref = doc.Reference(tree_root)
    root.ref.tree_root = tree_root
    catalog = doc.Catalog
    catalog.StructTreeRoot = root_ref
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
    catalog.Lang = PDFString(lang)
    meta = PDFStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
        xmp(title, lang, author, f"{PRODUCER} (reportlab)").encode("utf-8"),
        filters=[],
    )
    catalog.Metadata = doc.Reference(meta)


def _register(doc: Any, objects: list[StructElem]) -> None:
    """Number the elements' objects as ``doc.Reference`` would, without its checks (which cost a
    book's build a quarter of a second)."""
    counter = doc.objectcounter
    names, numbers, objs = doc.idToObjectNumberAndVersion, doc.numberToId, doc.idToObject
    for obj in objects:
        counter += 1
        name = f"R{counter}"
        if name in objs:  # a named object took it: the slow way
            doc.objectcounter = counter - 1
            doc.Reference(obj)
            counter = doc.objectcounter
        else:
            obj.__InternalName__ = name
            names[name], numbers[counter], objs[name] = (counter, 0), name, obj
        obj.elem.ref = obj
    doc.objectcounter = counter


def _annotate(annotation: Any, key: int, description: str) -> None:
    """A link annotation's StructParent and its description (/Contents)."""
    if isinstance(annotation, PDFDictionary):
        annotation["StructParent"] = key
        annotation["Contents"] = PDFString(description)
    else:  # reportlab's LinkAnnotation checks its keys against a list
        annotation.permitted = (*type(annotation).permitted, "StructParent")
        annotation.otherkw["StructParent"] = key
        annotation.Contents = description
