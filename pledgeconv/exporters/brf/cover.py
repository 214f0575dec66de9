"""The braille bulletin's cover, as the election commissions' production guides ask: the election,
the district, the party and the candidate (then the title), centred on a page of its own."""

from __future__ import annotations

from ...model import Meta
from .ink import Item, Run

#: Front matter keys (Meta.extra) that name the district (선거구).
DISTRICT_KEYS = ("district", "선거구")


def district(meta: Meta) -> str:
    """The district the front matter names, or ""."""
    extra = dict(meta.extra)
    return next((extra[k].strip() for k in DISTRICT_KEYS if extra.get(k, "").strip()), "")


def cover_lines(meta: Meta, title: str) -> list[str]:
    """The cover's ink-print lines: election, district, party, candidate, a gap, title, subtitle."""
    head = [t.strip() for t in (meta.election, district(meta), meta.party, meta.author) if t.strip()]
    tail = [t.strip() for t in (title, meta.subtitle) if t.strip()]
    return [*head, "", *tail] if head and tail else head or tail


def cover_items(meta: Meta, title: str) -> list[Item]:
    """The cover as braille items: each line centred, a blank line between the parts."""
    items: list[Item] = []
    for line in cover_lines(meta, title):
        if not line:
            items.append(Item("blank"))
            continue
        items.append(Item("cover", ((Run(" ".join(line.split())),),), 0, 0, center=True, source=line))
        items.append(Item("blank"))
    return items
