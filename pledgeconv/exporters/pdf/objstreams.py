"""The tagged PDF's file layout: objects that are not streams packed into compressed object streams,
found through a cross-reference stream (PDF 1.5). A book's structure tree is tens of thousands of
small dictionaries; written one by one with a classic xref table they would add a fifth to the
file, packed they cost a few bytes each (and the outline and link annotations shrink too)."""

from __future__ import annotations

import struct
import zlib
from typing import Any

from reportlab.pdfbase.pdfdoc import NoEncryption, PDFDocument, PDFFile, PDFPage
from reportlab.pdfbase.pdfdoc import format as pdf_format

PER_STREAM = 400  # objects in one object stream
VERSION = (1, 7)  # PDF/UA-1 is based on PDF 1.7


def _is_stream(body: bytes) -> bool:
    return body.rstrip().endswith(b"endstream")


def compact_format(doc: Any) -> bytes:
    """What ``PDFDocument.format`` returns, with object streams and a cross-reference stream."""
    if not isinstance(doc.encrypt, NoEncryption) or getattr(doc, "_digiSigs", None):
        return bytes(PDFDocument.format(doc))
    doc._pdfVersion = VERSION
    cat, info = doc.Catalog, doc.info
    doc.Reference(cat)
    doc.Reference(info)
    numbertoid, id_nv, id_ob = doc.numberToId, doc.idToObjectNumberAndVersion, doc.idToObject
    file = doc.__accum__ = PDFFile(doc._pdfVersion)
    offsets: dict[int, int] = {}
    packed: list[tuple[int, bytes]] = []
    counter = 0
    while True:  # objects may add objects while they are formatted: go by number
        counter += 1
        if counter not in numbertoid:
            break
        oid = numbertoid[counter]
        number, version = id_nv[oid]
        obj = id_ob[oid]
        body = pdf_format(obj, doc, toplevel=1)
        # the catalog, the document info and the pages stay as they were: readable as they stand
        if (
            version == 0
            and not _is_stream(body)
            and obj is not cat
            and obj is not info
            and not isinstance(obj, PDFPage)
        ):
            packed.append((number, body))
        else:
            tail = b"" if body.endswith(b"\n") else b"\n"
            offsets[number] = file.add(b"%d %d obj\n%s%sendobj\n" % (number, version, body, tail))
    del doc.__accum__
    last = len(numbertoid)
    if counter - 1 != last:
        raise ValueError(f"pdf: {counter - 1} objects written of {last}")
    where: dict[int, tuple[int, int]] = {}
    number = last
    for start in range(0, len(packed), PER_STREAM):
        chunk = packed[start : start + PER_STREAM]
        number += 1
        heads, pos = [], 0
        for index, (n, body) in enumerate(chunk):
            heads.append(b"%d %d" % (n, pos))
            pos += len(body) + 1
            where[n] = (number, index)
        head = b" ".join(heads) + b"\n"
        data = zlib.compress(head + b"\n".join(body for _, body in chunk) + b"\n")
        offsets[number] = file.add(
            b"%d 0 obj\n<</Type/ObjStm/N %d/First %d/Filter/FlateDecode/Length %d>>\nstream\n%s\nendstream\nendobj\n"
            % (number, len(chunk), len(head), len(data), data)
        )
    xref = number + 1
    offsets[xref] = file.offset
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for n in range(1, xref + 1):
        if n in offsets:
            rows.append(struct.pack(">BIH", 1, offsets[n], 0))
        else:
            stream, index = where[n]
            rows.append(struct.pack(">BIH", 2, stream, index))
    data = zlib.compress(b"".join(rows))
    ident = doc.ID().split(b"%")[0].strip()
    root, meta = (b"%d %d R" % id_nv[o.__InternalName__] for o in (cat, info))
    file.add(
        b"%d 0 obj\n<</Type/XRef/Size %d/W[1 4 2]/Root %s/Info %s/ID %s/Filter/FlateDecode/Length %d>>\n"
        b"stream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n"
        % (xref, xref + 1, root, meta, ident, len(data), data, offsets[xref])
    )
    return bytes(file.format(doc))


def install(doc: Any) -> None:
    """Write ``doc`` (a canvas's PDFDocument) with object streams."""
    doc.format = lambda: compact_format(doc)
