"""pledgeconv.frozen.dataclass behaves as dataclasses.dataclass(frozen=True, slots=True) does."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import field
from typing import Any

import pytest

from pledgeconv import frozen, model


def _pair() -> tuple[type[Any], type[Any]]:
    """The same class made by the standard decorator and by ours."""

    def body() -> dict[str, Any]:
        return {
            "__annotations__": {
                "a": "int",
                "b": "tuple[str, ...]",
                "c": "str",
                "d": "bytes",
                "e": "list[int]",
            },
            "__doc__": "A test node.",
            "b": (),
            "c": "x",
            "d": field(default=b"", repr=False, compare=False),
            "e": field(default_factory=list, hash=False),
        }

    std = dataclasses.dataclass(frozen=True, slots=True)(type("Node", (), body()))
    ours = frozen.dataclass(frozen=True, slots=True)(type("Node", (), body()))
    return std, ours


def test_same_behaviour_as_the_standard_decorator() -> None:
    std, ours = _pair()
    for cls in (std, ours):
        cls.__module__ = __name__
    a, b = std(1, ("k",), "y", b"z"), ours(1, ("k",), "y", b"z")
    assert repr(a) == repr(b) == "Node(a=1, b=('k',), c='y', e=[])"
    assert ours.__match_args__ == std.__match_args__ == ("a", "b", "c", "d", "e")
    assert ours.__slots__ == std.__slots__
    assert [f.name for f in dataclasses.fields(ours)] == [f.name for f in dataclasses.fields(std)]
    params = ours.__dataclass_params__
    assert (params.frozen, params.eq, params.init, params.repr) == (True, True, True, True)
    assert ours(1) == ours(1, (), "x", b"other bytes: not compared") and ours(1) != ours(2)
    assert ours(1).__eq__(std(1)) is NotImplemented and ours(1) != std(1)
    with pytest.raises(TypeError):
        ours()  # a is required
    assert hash(ours(1, ("k",), e=[5])) == hash(std(1, ("k",), e=[5])) == hash((1, ("k",), "x"))  # not d, e
    assert ours(1, e=[5]) != ours(1, e=[6])  # e is compared, though not hashed
    assert ours(1).e == [] and ours(1).e is not ours(1).e  # a fresh list from the factory each time


def test_hash_and_equality_of_model_nodes_match_the_standard_ones() -> None:
    std = dataclasses.dataclass(frozen=True, slots=True)(
        type("Text", (), {"__annotations__": {"text": "str", "line": "int"}, "line": 0})
    )
    assert hash(model.Text("가", 3)) == hash(std("가", 3)) == hash(("가", 3))
    assert model.Text("가", 3) == model.Text("가", 3) and model.Text("가", 3) != model.Text("가", 4)
    assert repr(model.Text("가", 3)) == repr(std("가", 3)) == "Text(text='가', line=3)"
    assert len({model.Text("가"), model.Text("가"), model.Code("가")}) == 2


def test_frozen() -> None:
    node = model.Text("가")
    with pytest.raises(dataclasses.FrozenInstanceError):
        node.text = "나"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del node.text  # type: ignore[misc]
    with pytest.raises(AttributeError):
        node.__dict__  # noqa: B018 - slots: no instance dictionary


def test_replace_copy_pickle_and_match() -> None:
    doc = model.Document(
        model.Meta(title="제목", keywords=("가",)),
        (model.Paragraph((model.Text("본문", 2), model.Strong((model.Text("굵게", 2),), 2)), 2),),
        images=(model.ImageFile("a.png", "image/png", 1, 1, b"\x89PNG"),),
    )
    assert dataclasses.replace(doc, source="x.md").source == "x.md"
    assert dataclasses.replace(doc, source="x.md").blocks is doc.blocks
    assert model.Document().meta == model.Meta() and model.Document().meta is not model.Document().meta
    for clone in (pickle.loads(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)), copy.deepcopy(doc)):
        assert clone == doc and clone is not doc
        assert clone.images[0].data == b"\x89PNG"  # not compared, but kept
    match doc.blocks[0]:
        case model.Paragraph((model.Text(text=text), _), line):
            assert (text, line) == ("본문", 2)
        case _:
            pytest.fail("no match")
    assert dataclasses.asdict(model.Text("가", 1)) == {"text": "가", "line": 1}


def test_methods_the_class_writes_are_kept() -> None:
    body = {"__annotations__": {"a": "int"}, "__repr__": lambda self: "own", "__eq__": lambda self, o: True}
    std = dataclasses.dataclass(frozen=True, slots=True)(type("N", (), dict(body)))
    ours = frozen.dataclass(frozen=True, slots=True)(type("N", (), dict(body)))
    for cls in (std, ours):
        assert repr(cls(1)) == "own" and cls(1) == cls(2)
        assert hash(cls(1)) == hash((1,))  # __eq__ written, __hash__ not: the dataclass one
    with pytest.raises(TypeError):
        frozen.dataclass(frozen=True, slots=True)(type("M", (), {"__setattr__": lambda *a: None}))


def test_other_options_use_the_standard_decorator() -> None:
    plain = frozen.dataclass(slots=True)(type("P", (), {"__annotations__": {"a": "int"}}))
    instance = plain(1)
    instance.a = 2  # not frozen: assignment works
    assert instance.a == 2 and repr(instance).endswith("P(a=2)")
