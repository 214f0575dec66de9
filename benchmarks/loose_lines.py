"""Loose justified lines in a PDF: the widest word gap of every body line, from pdfplumber's characters.

A word gap is the white between the glyphs on either side of a space (its natural width included),
in em of the body size (the commonest character size). Table columns and a list marker's indent
have no space character between them and are not word gaps. Run on PDFs, or with ``--stress`` to
convert the stress documents (the seed, two laws, two Korean READMEs, the sample book) first::

    python3 benchmarks/loose_lines.py --stress [--limit 1.0] [--json]
    python3 benchmarks/loose_lines.py some.pdf other.pdf
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1.0  # em: a wider word gap is a loose line (issue 28)

# The documents issue 28 measured: a pledge, two statutes (long ㆍ lists, 「」 citations), two
# README-like documents (links with printed addresses), and the sample book; and two documents with
# code: a dotted name in a code span (k8s) and command lines (tldr).
STRESS = (
    "samples/pledge-foreign-security.md",
    "tests/corpus/law-nursing.md",
    "tests/corpus/law-minor-offenses.md",
    "tests/cases/readme-raw-html.md",
    "tests/lines/readme-links.md",
    "tests/corpus/k8s-namespaces.md",
    "tests/corpus/tldr-cp.md",
    "samples/book",
)


@dataclass(frozen=True, slots=True)
class Line:
    """One body line of a page: its text, its widest word gap and its widest gap between two Hangul
    syllables (the letter spacing, 자간), both in em."""

    page: int
    text: str
    word_gap: float
    letter_gap: float


def lines(pdf: Path) -> list[Line]:
    """Every body-size line of ``pdf`` (any line with a space in it), in page order."""
    import pdfplumber

    out: list[Line] = []
    with pdfplumber.open(str(pdf)) as doc:
        chars = [(i, c) for i, page in enumerate(doc.pages, 1) for c in page.chars]
        if not chars:
            return out
        size = Counter(round(c["size"], 1) for _, c in chars if not c["text"].isspace()).most_common(1)[0][0]
        rows: dict[tuple[int, float], list[dict[str, object]]] = {}
        for page, c in chars:  # one row per baseline; a row of body text is measured whole
            rows.setdefault((page, round(c["matrix"][5] * 2) / 2), []).append(c)
    for (page, _), row in sorted(rows.items()):
        body = sum(1 for c in row if abs(float(c["size"]) - size) < 0.05)  # type: ignore[arg-type]
        if body * 2 < len(row):
            continue  # a heading, a note, a table cell in smaller type
        row.sort(key=lambda c: float(c["x0"]))  # type: ignore[arg-type]
        first = True
        word = letter = 0.0
        spaced = False
        previous: dict[str, object] | None = None
        for c in row:
            if str(c["text"]).isspace():
                spaced = previous is not None
                continue
            if previous is not None:
                gap = (float(c["x0"]) - float(previous["x1"])) / size  # type: ignore[arg-type]
                if spaced and first and _MARKER.match(_text(row, c)):
                    pass  # a list marker and its item: an indent, not a word gap
                elif spaced:
                    word = max(word, gap)
                if spaced:
                    first = False
                elif gap < 0.5 and _syllables(previous, c):  # two Hangul syllables: the letter spacing
                    letter = max(letter, gap)
            previous, spaced = c, False
        text = "".join(str(c["text"]) for c in row)
        if " " in text.strip():
            out.append(Line(page, text.strip(), round(word, 2), round(letter, 2)))
    return out


_MARKER = re.compile(r"^\s*(?:[^\w\s]{1,2}|\d{1,3}[.)]|[가-힣][.)]|[①-⑳])\s*$")


def _syllables(a: dict[str, object], b: dict[str, object]) -> bool:
    """True for two Hangul syllables side by side (their glyphs fill their advance)."""
    return all("\uac00" <= str(c["text"]) <= "\ud7a3" for c in (a, b))


def _text(row: list[dict[str, object]], until: dict[str, object]) -> str:
    """The text of ``row`` before the character ``until``."""
    out = []
    for c in row:
        if c is until:
            break
        out.append(str(c["text"]))
    return "".join(out)


def loose(pdf: Path, limit: float = LIMIT) -> list[Line]:
    """The body lines of ``pdf`` with a word gap wider than ``limit`` em."""
    return [line for line in lines(pdf) if line.word_gap > limit]


def convert_stress(folder: Path) -> dict[str, Path]:
    """The stress documents as PDFs in ``folder`` (name → file)."""
    import pledgeconv

    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for rel in STRESS:
        src = ROOT / rel
        name = src.stem if src.suffix else src.name
        target = folder / f"{name}.pdf"
        data = pledgeconv.export(document(src), "pdf")
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        out[name] = target
    return out


def document(src: Path) -> object:
    """A Markdown file parsed, or a book folder assembled."""
    import pledgeconv

    if src.is_dir():
        from pledgeconv.book import assemble, load_config

        return assemble(load_config(src))
    return pledgeconv.parse(src)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="*", type=Path)
    ap.add_argument("--stress", action="store_true", help="convert and measure the stress documents")
    ap.add_argument("--out", type=Path, default=Path("loose-lines"), help="folder for --stress PDFs")
    ap.add_argument("--limit", type=float, default=LIMIT, help="em (default %(default)s)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    files = {p.stem: p for p in args.pdf}
    if args.stress:
        files.update(convert_stress(args.out))
    report = {}
    for name, pdf in files.items():
        found = lines(pdf)
        bad = [line for line in found if line.word_gap > args.limit]
        report[name] = {
            "lines": len(found),
            "loose": len(bad),
            "worst_word_gap": max((line.word_gap for line in found), default=0.0),
            "worst_letter_gap": max((line.letter_gap for line in found), default=0.0),
            "loose_lines": [asdict(line) for line in sorted(bad, key=lambda x: -x.word_gap)],
        }
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    total = sum(r["lines"] for r in report.values())  # type: ignore[misc]
    bad_total = sum(r["loose"] for r in report.values())  # type: ignore[misc]
    for name, r in report.items():
        print(
            f"{name:32} {r['lines']:5} lines {r['loose']:4} loose  worst word gap {r['worst_word_gap']:.2f} em"
            f"  letter gap {r['worst_letter_gap']:.2f} em"
        )
        for line in r["loose_lines"][:5]:  # type: ignore[index]
            print(f"    p{line['page']} {line['word_gap']:.2f} em  {line['text'][:60]}")
    print(f"{'all':32} {total:5} lines {bad_total:4} loose (over {args.limit} em)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
