"""Outside judges of HWPX output: python-hwpx's validators and rhwp's renderer (both from PyPI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IN_CI

# rhwp's wheel needs a newer FreeType than Debian 12's default search finds first.
FREETYPE = ("/usr/lib/x86_64-linux-gnu/libfreetype.so.6", "/usr/lib/aarch64-linux-gnu/libfreetype.so.6")

_RENDER = """
import json, sys, rhwp

def texts(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from texts(item)

for src, out in zip(sys.argv[1::2], sys.argv[2::2]):
    doc = rhwp.parse(src)
    open(out, "wb").write(bytes(doc.render_pdf()))
    with open(out + ".ir.txt", "w", encoding="utf-8") as fh:
        fh.write("\\n".join(texts(json.loads(doc.to_ir_json()))))
"""


def _missing(message: str) -> None:
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def tool(name: str) -> str:
    """A console script of python-hwpx, from PATH or beside this interpreter."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        _missing(f"{name} is not installed (pip install python-hwpx)")
    assert found is not None
    return found


def validate(path: Path) -> list[str]:
    """Problems ``hwpx-validate`` (OWPML schemas) and ``hwpx-validate-package`` report; [] when clean.
    The package check's one warning about version.xml is not a problem: 한글 itself leaves the
    version part out of the manifest."""
    problems: list[str] = []
    for name in ("hwpx-validate", "hwpx-validate-package"):
        proc = subprocess.run([tool(name), str(path)], capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            problems.append(f"{name}: {proc.stdout[-2000:]}{proc.stderr[-2000:]}")
        for line in proc.stdout.splitlines():
            if line.startswith("ERROR"):
                problems.append(f"{name}: {line}")
    return problems


def render(pairs: list[tuple[Path, Path]]) -> None:
    """Render each HWPX to PDF with rhwp, in one child process (it needs LD_PRELOAD set at start)."""
    try:
        import importlib.util

        found = importlib.util.find_spec("rhwp") is not None
    except ImportError:
        found = False
    if not found:
        _missing("rhwp is not installed (pip install rhwp-python)")
    env = dict(os.environ)
    preload = next((p for p in FREETYPE if Path(p).exists()), "")
    if preload:
        env["LD_PRELOAD"] = preload
    args = [str(p) for pair in pairs for p in pair]
    proc = subprocess.run(
        [sys.executable, "-c", _RENDER, *args], capture_output=True, text=True, env=env, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]


def overlapping_lines(pdf: Path) -> list[str]:
    """Text lines drawn over each other on a page (pdftotext -bbox-layout): a reader laying out
    stale or wrong line positions shows them so."""
    from bs4 import BeautifulSoup

    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    soup = BeautifulSoup(xhtml, "html.parser")
    bad: list[str] = []
    for number, page in enumerate(soup.find_all("page"), 1):
        boxes = []
        for line in page.find_all("line"):
            x0, y0, x1, y1 = (float(line[k]) for k in ("xmin", "ymin", "xmax", "ymax"))
            words = " ".join(w.get_text() for w in line.find_all("word"))
            boxes.append((x0, y0, x1, y1, words))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                dx = min(a[2], b[2]) - max(a[0], b[0])
                dy = min(a[3], b[3]) - max(a[1], b[1])
                height = min(a[3] - a[1], b[3] - b[1])
                narrow = min(a[2] - a[0], b[2] - b[0])
                shift = abs((a[1] + a[3]) - (b[1] + b[3])) / 2
                # Pieces of one printed line in different fonts share a baseline: not an overlap.
                if dx > 0.25 * narrow and dy > 0.35 * height and shift > 0.1 * height:
                    bad.append(f"page {number}: {a[4][:30]!r} / {b[4][:30]!r}")
    return bad
