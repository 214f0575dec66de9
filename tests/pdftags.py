"""Reading a tagged PDF back, independently of the exporter: the structure tree as poppler prints it
(``pdfinfo -struct-text``), the page text without the running heads, and the tree's objects (pikepdf)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """The text with no white space (line breaks and justification differ between readers)."""
    return _WS.sub("", text.replace("\u00a0", " ").replace("\u2060", ""))


def struct_lines(pdfinfo: str, pdf: Path) -> list[str]:
    """``pdfinfo -struct-text``'s output, line by line."""
    out = subprocess.run([pdfinfo, "-struct-text", str(pdf)], capture_output=True, text=True, check=True)
    assert "Syntax Error" not in out.stderr, out.stderr
    return out.stdout.splitlines()


def struct_text(lines: list[str]) -> list[str]:
    """The text of the structure tree's content, in the tree's order."""
    return [s[1:-1] for line in lines if (s := line.strip()).startswith('"') and s.endswith('"')]


def roles(lines: list[str]) -> list[str]:
    """The structure types in the tree, in order (``P``, ``H1``, ``TH`` …)."""
    return [s.split()[0].rstrip(":") for line in lines if (s := line.strip()) and s[0].isalpha() and
            not s.startswith("Object")]  # fmt: skip


def page_text(pdftotext: str, pdf: Path, heads: str | set[str]) -> str:
    """The pages' text in drawing order without the running head (the title, or a chapter's) and
    page number that open each body page."""
    pages = subprocess.run([pdftotext, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True)
    known = {squeeze(h) for h in ({heads} if isinstance(heads, str) else heads)}
    out = []
    for number, page in enumerate(pages.stdout.split("\f")[:-1], start=1):
        lines = page.splitlines()
        if len(lines) >= 2 and squeeze(lines[0]) in known and lines[1].strip() == str(number):
            lines = lines[2:]
        out.append("\n".join(lines))
    return "\n".join(out)


def walk(elem: Any) -> Iterator[Any]:
    """A pikepdf structure element and all below it, in order."""
    import pikepdf

    yield elem
    kids = elem.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR") and "/S" in kid:
            yield from walk(kid)


def marked_content(page: Any) -> tuple[list[int], int, int]:
    """A page's MCIDs in order, how many text-showing operators lie outside every marked-content
    sequence, and the deepest nesting of sequences."""
    import pikepdf

    mcids: list[int] = []
    loose = depth = deepest = 0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            depth += 1
            deepest = max(deepest, depth)
            if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                mcids.append(int(operands[1].MCID))
        elif op == "EMC":
            depth -= 1
            assert depth >= 0, "EMC without its BDC"
        elif op in ("Tj", "TJ", "'", '"', "Do") and depth == 0:
            loose += 1
    assert depth == 0, "a marked-content sequence left open at the end of a page"
    return mcids, loose, deepest
