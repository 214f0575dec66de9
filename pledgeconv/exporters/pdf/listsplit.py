"""A paragraph in a list splits over pages like any other: reportlab's refuses when too few lines
would be left for the next page, and a list paragraph a line or two taller than a page then fails."""

from __future__ import annotations

from typing import Any

_INSTALLED = "_pledgeconv_listsplit"
JUSTIFY = 4  # reportlab's TA_JUSTIFY


def install() -> None:
    """Replace ``LIIndenter.split`` (idempotent): where reportlab's would refuse to leave the next
    page fewer than two lines (three when justified), lines move down to it instead."""
    from reportlab.platypus.flowables import LIIndenter

    if getattr(LIIndenter.split, _INSTALLED, False):
        return

    def split(self: Any, avail_width: float, avail_height: float) -> list[Any]:
        f = self._flowable
        width = avail_width - self._leftIndent - self._rightIndent
        parts = f.split(width, avail_height)
        if len(parts) > 1 and hasattr(f, "blPara") and hasattr(parts[0], "blPara"):
            total, first = len(f.blPara.lines), len(parts[0].blPara.lines)
            keep = 3 if getattr(getattr(f, "style", None), "alignment", None) == JUSTIFY else 2
            short = keep - (total - first)
            if short > 0:  # too few lines left for the next page: give it more, or the whole
                leading = f.style.leading
                parts = f.split(width, avail_height - short * leading) if first - short >= 2 else []
        return [
            LIIndenter(part, leftIndent=self._leftIndent, rightIndent=self._rightIndent,
                       bullet=self._bullet if k == 0 else None)
            for k, part in enumerate(parts)
        ]  # fmt: skip

    setattr(split, _INSTALLED, True)
    LIIndenter.split = split
