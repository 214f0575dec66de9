"""Scaling of the cmark pathological inputs: t(2n)/t(n) per case and format (near-linear is < 3).

Usage: python benchmarks/pathological.py [--n 8000]  — prints a table; writes benchmarks/pathological.json.
Timing is measured here, not asserted in tests (timed assertions do not belong in tests).
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pledgeconv

_MARKS = ("1\\.", "가\\.", "1)", "가)", "(1)", "(가)", "①", "㉮", "□", "○", "※")
CASES: dict[str, Callable[[int], str]] = {
    "nested emphasis (*a **a … a** a*)": lambda n: "*a **a " * n + "b" + " a** a*" * n,
    "unclosed brackets ([a[a…)": lambda n: "[a" * n,
    "nested quotes (> > > …)": lambda n: "> " * n + "a",
    "closing brackets (a]a]…)": lambda n: "a]" * n,
    "headings": lambda n: "".join(f"## 제목 {i}\n\n" for i in range(n // 4)),
    "repeated heading (## 현황 in every chapter)": lambda n: "## 현황\n\n본문.\n\n" * (n // 4),
    "joined headings (## 제목 + next line)": lambda n: "".join(
        f"## 제목 {i}\n이어진 줄\n\n" for i in range(n // 4)
    ),
    "Hangul paragraph without spaces": lambda n: "가" * (n * 30),
    "table cell": lambda n: "| 가 |\n|---|\n| " + "가나다라 " * n + " |\n",
    "개조식 lines (□ / ○ / - without blank lines)": lambda n: "□ 추진 배경\n ○ 현황\n  - 세부\n" * (n // 3),
    "outline staircase (a new mark every line)": lambda n: "".join(
        " " * (i % 20) + _MARKS[i % len(_MARKS)] + " 항목\n" for i in range(n)
    ),
}
FORMATS = ("html", "epub", "docx", "pdf")


def seconds(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=8000)
    args = parser.parse_args()
    pledgeconv.export(pledgeconv.parse("# warm-up"), "pdf")  # load fonts once, outside the timings
    warnings.simplefilter("ignore", pledgeconv.PledgeconvWarning)  # "table-too-large" is the point
    rows = []
    for name, make in CASES.items():
        row: dict[str, object] = {"case": name}
        for label, n in (("n", args.n), ("2n", 2 * args.n)):
            text = make(n)
            docs: list[pledgeconv.Document] = []
            row[f"parse {label}"] = seconds(lambda text=text, docs=docs: docs.append(pledgeconv.parse(text)))
            for fmt in FORMATS:
                row[f"{fmt} {label}"] = seconds(lambda fmt=fmt, docs=docs: pledgeconv.export(docs[-1], fmt))
        for step in ("parse", *FORMATS):
            row[f"{step} ratio"] = row[f"{step} 2n"] / max(row[f"{step} n"], 1e-4)  # type: ignore[operator]
        rows.append(row)
        print(name, " ".join(f"{s}={row[f'{s} n']:.2f}s→{row[f'{s} 2n']:.2f}s ({row[f'{s} ratio']:.2f}×)"
                             for s in ("parse", *FORMATS)), flush=True)  # fmt: skip
    out = Path(__file__).with_name("pathological.json")
    out.write_text(
        json.dumps({"n": args.n, "rows": rows}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
