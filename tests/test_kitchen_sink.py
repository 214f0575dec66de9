"""The kitchen-sink document really holds every node type, so each format test exercises them all."""

from __future__ import annotations

import typing
from dataclasses import fields, is_dataclass

from kitchen import kitchen_sink

from pledgeconv import model


def _walk(node: object, seen: set[type]) -> None:
    if is_dataclass(node) and not isinstance(node, type):
        seen.add(type(node))
        for f in fields(node):
            _walk(getattr(node, f.name), seen)
    elif isinstance(node, tuple):
        for item in node:
            _walk(item, seen)


def test_every_block_and_inline_type_is_in_the_kitchen_sink() -> None:
    seen: set[type] = set()
    _walk(kitchen_sink(), seen)
    wanted = set(typing.get_args(model.Block)) | set(typing.get_args(model.Inline))
    assert wanted - seen == set()
    assert {model.ListItem, model.TableCell, model.Note, model.Meta} <= seen
