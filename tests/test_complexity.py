"""Near-linear work on the cmark pathological inputs, in every format, measured without a clock.

Timing assertions are flaky and do not belong in tests, so the work is counted instead: the number of
Python and C function calls (sys.setprofile) and Python lines run (sys.settrace), which is the same on every run and every machine. For
each input, doubling n must less than triple the calls (t(2n)/t(n) < 3). Wall-clock timings of the
same inputs at larger n are in benchmarks/pathological.py.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import pledgeconv

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from pathological import CASES

STEPS = ("parse", "html", "epub", "docx", "pdf", "hwpx")
SIZES = (1500, 3000)


def calls(fn: Callable[[], object]) -> int:
    """Function calls (Python and C) plus Python lines executed: a loop that calls nothing, like
    ``while name in seen: n += 1``, is work too."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    def trace(frame: object, event: str, arg: object) -> object:
        nonlocal count
        if event == "line":
            count += 1
        return trace

    sys.setprofile(profile)
    sys.settrace(trace)
    try:
        fn()
    finally:
        sys.settrace(None)
        sys.setprofile(None)
    return count


@pytest.fixture(scope="module", autouse=True)
def warm() -> None:
    pledgeconv.export(pledgeconv.parse("# 준비"), "pdf")  # fonts and imports, outside the counts


@pytest.mark.parametrize("case", list(CASES), ids=lambda c: c.split(" (")[0].replace(" ", "-"))
def test_doubling_the_input_less_than_triples_the_work(case: str) -> None:
    make = CASES[case]
    ratios = {}
    for step in STEPS:
        counts = []
        for n in SIZES:
            text = make(n)
            if step == "parse":
                counts.append(calls(lambda text=text: pledgeconv.parse(text)))
            else:
                doc = pledgeconv.parse(text)
                counts.append(calls(lambda doc=doc, step=step: pledgeconv.export(doc, step)))
        ratios[step] = counts[1] / counts[0]
    assert all(r < 3 for r in ratios.values()), ratios


def test_the_counter_sees_quadratic_work() -> None:
    def quadratic(n: int) -> None:
        for i in range(n):
            for j in range(n):
                abs(i - j)

    assert calls(lambda: quadratic(200)) / calls(lambda: quadratic(100)) > 3.5


def test_repeated_heading_ids_are_linear() -> None:
    """Every chapter of a pledge book has its "현황" and "추진 방안": ids stay unique in linear work."""
    from pledgeconv.model import Document, Heading, Text
    from pledgeconv.transforms import assign_ids

    def book(n: int) -> Document:
        return Document(blocks=tuple(Heading(2, (Text("현황"),)) for _ in range(n)))

    small, large = book(1000), book(2000)
    ratio = calls(lambda: assign_ids(large)) / calls(lambda: assign_ids(small))
    assert ratio < 2.5, ratio
    ids = [b.id for b in assign_ids(small).blocks if isinstance(b, Heading)]
    assert ids[:3] == ["현황", "현황-1", "현황-2"] and len(set(ids)) == 1000
