"""A heading kept with the first lines of what follows it: never the last thing on a page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, Spacer
from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak
from reportlab.platypus.flowables import KeepTogether

FORCE_SPLIT = 0xFFFFFF  # a wrap height no frame has: reportlab asks the flowable to split


CHAIN = 3  # headings in a row kept together at most (a document of bare headings still lays out)


def _starts(flow: Flowable, canv: Any, width: float, height: float, chain: int, depth: int = 3) -> bool:
    """Whether ``flow`` can begin in ``height``: whole, or as a first piece reportlab would draw
    (a paragraph's first piece has at least two lines: the body style allows no orphans)."""
    if isinstance(flow, KeepWithNext):
        return flow.fits(canv, width, height, chain - 1)
    if isinstance(flow, KeepTogether):
        flow.wrapOn(canv, width, height)
        return float(getattr(flow, "_H", FORCE_SPLIT)) <= height
    _, needed = flow.wrapOn(canv, width, height)
    if needed <= height:
        return True
    pieces = flow.splitOn(canv, width, height)
    # a container (a list) "splits" into all its parts whatever the room: its first part must start
    first = next((p for p in pieces if not isinstance(p, ActionFlowable)), None)
    if first is None or first is flow or isinstance(first, Spacer):
        return False
    if first.wrapOn(canv, width, height)[1] <= height:
        return True
    return depth > 0 and _starts(first, canv, width, height, chain, depth - 1)


class KeepWithNext(Flowable):
    """A heading's flowables and the flowables of the block after it. Laid out as they are when the
    heading and the first lines of the block fit where it stands (a paragraph's first two lines, a
    table's first row, a picture whole); else the heading starts the next page. Never drawn
    itself: it always asks to be split into its content, as reportlab's KeepTogether does."""

    def __init__(self, heading: Sequence[Flowable], following: Sequence[Flowable]) -> None:
        super().__init__()
        self.heading = list(heading)
        self.following = list(following)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, FORCE_SPLIT

    def fits(self, canv: Any, width: float, height: float, chain: int = CHAIN) -> bool:
        """Whether the heading and the start of what follows fit in ``height`` (only the heading, past
        ``chain`` headings in a row)."""
        used = 0.0
        after = 0.0
        for flow in self.heading:
            _, h = flow.wrapOn(canv, width, height)
            used += max(float(flow.getSpaceBefore()) - after, 0.0) + h
            after = float(flow.getSpaceAfter())
            used += after
        if used > height:
            return False
        first = None
        for flow in self.following:
            if isinstance(flow, CondPageBreak):  # the next heading's own: it breaks the page below it
                if height - used < float(flow.height):
                    return False
            elif isinstance(flow, Spacer):
                used += float(flow.height)
            else:
                first = flow
                break
        if first is None or isinstance(first, ActionFlowable) or chain <= 0:
            return True
        used += max(float(first.getSpaceBefore()) - after, 0.0)
        return _starts(first, canv, width, height - used, chain)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        content = [*self.heading, *self.following]
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if not at_top:
            return content if self.fits(self.canv, avail_width, avail_height) else [FrameBreak(), *content]
        first = self.heading[0]
        if first.wrapOn(self.canv, avail_width, avail_height)[1] <= avail_height:
            return content
        pieces: list[Flowable] = first.splitOn(self.canv, avail_width, avail_height)  # taller than a page
        return [*pieces, *content[1:]] if pieces else []


def keep_headings(blocks: Sequence[Any], groups: list[list[Flowable]]) -> None:
    """Join each heading below H1 (an H1 starts a page) with the block after it, in place:
    ``groups[i]`` holds the flowables of ``blocks[i]``. From the last block back, so a heading
    right before another keeps with that heading and its text."""
    from ...model import Heading

    for i in range(len(blocks) - 2, -1, -1):
        block = blocks[i]
        if not (isinstance(block, Heading) and block.level > 1 and groups[i] and groups[i + 1]):
            continue
        group = groups[i]
        # the page breaks before the heading (CondPageBreak is a Spacer) stay outside
        start = next(
            (k for k, f in enumerate(group) if not isinstance(f, (ActionFlowable, Spacer))), len(group)
        )
        groups[i] = [*group[:start], KeepWithNext(group[start:], groups[i + 1])]
        groups[i + 1] = []
