"""A stable, readable text dump of a Document (like pandoc's ``native``) for golden tests."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any


def _is_node(value: Any) -> bool:
    return is_dataclass(value) and not isinstance(value, type)


def dump(doc: Any, *, lines: bool = True) -> str:
    """Render ``doc`` (or any model node) as an indented tree, one node per line."""
    out: list[str] = []
    _dump(doc, 0, out, lines)
    return "\n".join(out) + "\n"


def _dump(node: Any, depth: int, out: list[str], lines: bool) -> None:
    pad = "  " * depth
    scalars: list[str] = []
    nested: list[tuple[str, Any]] = []
    for f in fields(node):
        value = getattr(node, f.name)
        if f.name == "data" and isinstance(value, bytes):
            scalars.append(f"data=<{len(value)} bytes>")
            continue
        if f.name == "line":
            if lines and value:
                scalars.append(f"@{value}")
            continue
        if _is_node(value) or (
            isinstance(value, tuple)
            and value
            and any(_is_node(v) or (isinstance(v, tuple) and any(_is_node(c) for c in v)) for v in value)
        ):
            nested.append((f.name, value))
        elif value in (None, "", (), False) and f.name not in ("level", "number", "start"):
            continue
        else:
            scalars.append(f"{f.name}={value!r}")
    out.append(f"{pad}{type(node).__name__}" + (" " + " ".join(scalars) if scalars else ""))
    for name, value in nested:
        if _is_node(value):
            out.append(f"{pad}  .{name}")
            _dump(value, depth + 2, out, lines)
            continue
        out.append(f"{pad}  .{name}")
        for item in value:
            if isinstance(item, tuple):  # a table row
                out.append(f"{pad}    -")
                for cell in item:
                    _dump(cell, depth + 3, out, lines)
            else:
                _dump(item, depth + 2, out, lines)
