"""Compare the pledges of two versions: added, removed, renamed and changed, with word-level diffs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from .labels import ITEMS
from .recognise import Pledge, _title_key

#: Titles at least this alike (see _title_ratio; the ordinal left out) are one pledge renamed.
RENAME_RATIO = 0.6
#: …or a less alike title whose items are nearly the same.
RENAME_TITLE_FLOOR = 0.3
RENAME_ITEMS_RATIO = 0.8


@dataclass(frozen=True, slots=True)
class ItemChange:
    """One item's text before and after (None where the version does not state it)."""

    key: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class PledgeChange:
    """A pledge in both versions whose items differ."""

    old: Pledge
    new: Pledge
    items: tuple[ItemChange, ...]


@dataclass(frozen=True, slots=True)
class PledgeDiff:
    """What changed between two versions of a pledge document or book."""

    added: tuple[Pledge, ...]
    removed: tuple[Pledge, ...]
    renamed: tuple[tuple[Pledge, Pledge], ...]
    changed: tuple[PledgeChange, ...]

    @property
    def differ(self) -> bool:
        """Whether anything changed."""
        return bool(self.added or self.removed or self.renamed or self.changed)


def _text(pledge: Pledge, key: str) -> str | None:
    item = pledge.item(key)
    return item.text if item is not None else None


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


_ENDING = re.compile(r"(?:하)?(?:겠)?습니다[.!]?$|[.!]$")


def _title_ratio(old: Pledge, new: Pledge) -> float:
    """How alike two titles are: by words (어절), or by letters with spaces and the polite verb ending
    ("…하겠습니다") left out, which every pledge shares; the better of the two, letters counting less."""
    a, b = _title_key(old.title, old.ordinal), _title_key(new.title, new.ordinal)
    words = SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()
    squeeze_a = _ENDING.sub("", a).replace(" ", "")
    squeeze_b = _ENDING.sub("", b).replace(" ", "")
    letters = _ratio(squeeze_a, squeeze_b) if squeeze_a and squeeze_b else 0.0
    return max(words, letters - 0.15)


def _items_text(p: Pledge) -> str:
    return "\n".join(f"{k}:{_text(p, k) or ''}" for k in ITEMS)


def match(
    old: Sequence[Pledge], new: Sequence[Pledge]
) -> tuple[list[tuple[Pledge, Pledge]], list[Pledge], list[Pledge]]:
    """Pair the pledges of two versions: by id first, then by title similarity (a rename).
    Returns the pairs (in the new version's order), the removed and the added."""
    by_id = {p.id: p for p in old}
    pairs: dict[int, Pledge] = {}  # index in new -> old pledge
    used: set[str] = set()
    for index, p in enumerate(new):
        if p.id in by_id and p.id not in used:
            pairs[index] = by_id[p.id]
            used.add(p.id)
    left = [p for p in old if p.id not in used]
    right = [index for index in range(len(new)) if index not in pairs]
    scored: list[tuple[float, int, int]] = []
    for i, o in enumerate(left):
        for j in right:
            n = new[j]
            title = _title_ratio(o, n)
            if title >= RENAME_RATIO or (
                title >= RENAME_TITLE_FLOOR and _ratio(_items_text(o), _items_text(n)) >= RENAME_ITEMS_RATIO
            ):
                scored.append((title, i, j))
    taken_old: set[int] = set()
    for _score, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i in taken_old or j in pairs:
            continue
        pairs[j] = left[i]
        taken_old.add(i)
    removed = [o for i, o in enumerate(left) if i not in taken_old]
    added = [new[j] for j in range(len(new)) if j not in pairs]
    return [(pairs[j], new[j]) for j in sorted(pairs)], removed, added


def compare(old: Sequence[Pledge], new: Sequence[Pledge]) -> PledgeDiff:
    """The differences between two versions' pledges."""
    pairs, removed, added = match(old, new)
    renamed = tuple(
        (o, n) for o, n in pairs if _title_key(o.title, o.ordinal) != _title_key(n.title, n.ordinal)
    )
    changed = []
    for o, n in pairs:
        items = tuple(ItemChange(k, _text(o, k), _text(n, k)) for k in ITEMS if _text(o, k) != _text(n, k))
        if items:
            changed.append(PledgeChange(o, n, items))
    return PledgeDiff(tuple(added), tuple(removed), renamed, tuple(changed))


# ---------------------------------------------------------------------------
# Word-level diff: Korean words are the space-separated 어절 (stem + particle); a changed number or
# particle shows as the whole word replaced, which reads naturally ("[-10만-]{+20만+} 호").

_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op "=", "-" or "+": the words of ``old`` and ``new``, aligned. A run of
    changes is one deletion then one insertion (not interleaved word by word)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("+", "".join(b[j1:j2])))
    # a lone space between two changes belongs to both sides: "[-가 나-]{+다 라+}", not "[-가-]{+다+} [-나-]{+라+}"
    for k in range(1, len(parts) - 1):
        op, text = parts[k]
        if op == "=" and not text.strip() and parts[k - 1][0] != "=" and parts[k + 1][0] != "=":
            parts[k] = ("~", text)
    out: list[tuple[str, str]] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels:
            out.append(("-", "".join(dels)))
        if ins:
            out.append(("+", "".join(ins)))
        dels.clear()
        ins.clear()

    for op, text in parts:
        if op == "=":
            flush()
            out.append(("=", text))
        else:
            if op in "-~":
                dels.append(text)
            if op in "+~":
                ins.append(text)
    flush()
    return out


def to_json(diff: PledgeDiff) -> dict[str, Any]:
    """The JSON form: only changed items are listed under ``changed``."""

    def who(p: Pledge) -> dict[str, Any]:
        return {
            "id": p.id,
            "title": p.title,
            "chapter": p.chapter,
            "order": p.order,
            "source": {"file": p.source, "line": p.line},
        }

    return {
        "added": [who(p) for p in diff.added],
        "removed": [who(p) for p in diff.removed],
        "renamed": [{"id": n.id, "old": o.title, "new": n.title} for o, n in diff.renamed],
        "changed": [
            {
                "id": c.new.id,
                "title": c.new.title,
                "items": {i.key: {"old": i.old, "new": i.new} for i in c.items},
            }
            for c in diff.changed
        ],
    }
