"""Page numbers for the DOCX contents, known for certain: lay the file out with LibreOffice, read back."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

# LibreOffice's PDF export, with each Word bookmark as a named destination (LibreOffice 7.4+).
PDF_FILTER = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
TIMEOUT = 600
ROUNDS = 3  # lay out, write the numbers, lay out again to check: they settle in two rounds


def soffice() -> str | None:
    """The LibreOffice command, if one is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(?s)(?:^|\n)(\d+) 0 obj\s*(.*?)endobj", pdf)}


def _page_order(objects: dict[int, bytes], root: int) -> list[int]:
    pages: list[int] = []
    stack = [root]
    while stack:
        number = stack.pop()
        body = objects.get(number, b"")
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        if kids is None:
            pages.append(number)
            continue
        stack.extend(reversed([int(k) for k in re.findall(rb"(\d+) 0 R", kids.group(1))]))
    return pages


def bookmark_pages(pdf: bytes) -> dict[str, int]:
    """Bookmark name -> page number (1-based) from the named destinations of LibreOffice's PDF."""
    objects = _objects(pdf)
    catalog = next((body for body in objects.values() if re.search(rb"/Type\s*/Catalog", body)), b"")
    pages_ref = re.search(rb"/Pages\s+(\d+) 0 R", catalog)
    dests_ref = re.search(rb"/Dests\s+(\d+) 0 R", catalog)
    if pages_ref is None or dests_ref is None:
        return {}
    index = {page: i for i, page in enumerate(_page_order(objects, int(pages_ref.group(1))), 1)}
    found: dict[str, int] = {}
    for name, page in re.findall(
        rb"/((?:#[0-9A-Fa-f]{2}|[^\s/\[\]<>()#])+)\s*\[\s*(\d+) 0 R",
        objects.get(int(dests_ref.group(1)), b""),
    ):
        text = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name).decode("latin-1")
        if text.startswith("5F"):  # LibreOffice 7.4 writes "_" as "5F" without the "#"
            text = "_" + text[2:]
        if int(page) in index:
            found[text] = index[int(page)]
    return found


def lay_out(data: bytes, command: str) -> dict[str, int] | None:
    """Convert a DOCX to PDF with LibreOffice (a fresh profile, so parallel runs do not collide)."""
    with tempfile.TemporaryDirectory(prefix="pledgeconv-lo-") as tmp:
        folder = Path(tmp)
        (folder / "doc.docx").write_bytes(data)
        try:
            subprocess.run(
                [command, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                 "--convert-to", PDF_FILTER, "--outdir", str(folder), str(folder / "doc.docx")],
                capture_output=True, timeout=TIMEOUT, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired):
            return None
        pdf = folder / "doc.pdf"
        return bookmark_pages(pdf.read_bytes()) if pdf.exists() else None


def read_pages(
    render: Callable[[dict[str, int]], bytes], ids: Sequence[str], bookmarks: dict[str, str]
) -> tuple[dict[str, int] | None, str]:
    """The page of each heading id, read back from a layout of the very file that shows them.

    ``render(numbers)`` writes the DOCX with those numbers in its contents. The numbers are kept only
    when a layout of the file carrying them puts every heading on the page it says; otherwise
    (LibreOffice missing, or failing, or the numbers not settling) the result is None and a reason.
    """
    command = soffice()
    if command is None:
        return (
            None,
            "LibreOffice (soffice) is not installed: the contents have no page numbers (Word's F9 adds them)",
        )
    numbers = dict.fromkeys(ids, 0)  # one-digit stand-ins for the first layout
    for _ in range(ROUNDS):
        found = lay_out(render(numbers), command)
        if found is None:
            return None, "LibreOffice could not lay the document out: the contents have no page numbers"
        laid = {i: found[bookmarks[i]] for i in ids if bookmarks.get(i) in found}
        if len(laid) != len(ids):
            return None, "LibreOffice did not place every heading: the contents have no page numbers"
        if laid == numbers:
            return numbers, ""
        numbers = laid
    return None, "the contents' page numbers did not settle: the contents have no page numbers"
