"""Pledges as JSON: pledgeconv's own shape (with its JSON Schema) and the NEC open-data shape."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

from ..model import Meta
from .labels import ITEMS
from .recognise import Pledge

SCHEMA_ID = "pledgeconv/pledges/1"
NEC_SCHEMA_ID = "pledgeconv/pledges-nec/1"
SCHEMAS = {"pledges": "pledges.schema.json", "pledges-nec": "pledges-nec.schema.json"}

#: How the National Election Commission heads each item in a candidate's pledge (개조식).
NEC_HEADINGS = {
    "목표": "목 표",
    "이행절차": "이행방법",
    "이행기한": "이행기간",
    "재원조달방안": "재원조달방안 등",
}


def to_data(meta: Meta, pledges: Sequence[Pledge]) -> dict[str, Any]:
    """The ``pledgeconv/pledges/1`` shape: metadata, then each pledge with its five items (null if missing)."""
    return {
        "schema": SCHEMA_ID,
        "meta": {
            "title": meta.title,
            "candidate": meta.author,
            "party": meta.party,
            "election": meta.election,
            "date": meta.date,
        },
        "pledges": [
            {
                "id": p.id,
                "chapter": p.chapter,
                "order": p.order,
                "title": p.title,
                "items": {
                    key: (
                        {"label": it.label, "text": it.text, "markdown": it.markdown, "line": it.line}
                        if (it := p.item(key)) is not None
                        else None
                    )
                    for key in ITEMS
                },
                "source": {"file": p.source, "line": p.line},
            }
            for p in pledges
        ],
    }


def nec_content(pledge: Pledge) -> str:
    """A pledge's items in the NEC's 개조식 layout: ``□ 목 표`` then `` ○ …`` lines."""
    lines: list[str] = []
    for key, heading in NEC_HEADINGS.items():
        item = pledge.item(key)
        if item is None:
            continue
        lines.append(f"□ {heading}")
        lines.extend(f" ○ {line}" for line in item.text.split("\n") if line.strip())
    return "\n".join(lines)


def to_nec(meta: Meta, pledges: Sequence[Pledge]) -> dict[str, Any]:
    """The NEC open-data fields (선거공약 정보: ``prmsOrd``, ``prmsRealmName``, ``prmsTitle``, ``prmsCont``)."""
    return {
        "schema": NEC_SCHEMA_ID,
        "sgName": meta.election,
        "krName": meta.author,
        "partyName": meta.party,
        "prmsCnt": len(pledges),
        "items": [
            {
                "prmsOrd": p.order,
                "prmsRealmName": p.chapter,
                "prmsTitle": p.title,
                "prmsCont": nec_content(p),
            }
            for p in pledges
        ],
    }


def dumps(data: dict[str, Any]) -> bytes:
    """JSON as pledgeconv writes it: UTF-8 Korean (not \\u escapes), two-space indent, final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def schema_text(name: str = "pledges") -> str:
    """The JSON Schema shipped for ``name`` ("pledges" or "pledges-nec")."""
    return resources.files(__package__).joinpath(SCHEMAS[name]).read_text(encoding="utf-8")
