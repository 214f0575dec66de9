"""``dataclass(frozen=True, slots=True)`` made at a third of the import cost, for the document model.

The standard decorator compiles six methods from source text for every frozen class (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``); for the model's thirty-odd
classes that is 15 ms of every start of the program. Here only ``__init__`` is compiled; the other
methods are shared functions, closed over each class's field names. The classes are real dataclasses
(``fields``, ``replace``, ``asdict`` and ``match`` work as before) and behave the same: equal when
their compared fields are, the same hashes, the same ``repr``, ``FrozenInstanceError`` on assignment,
picklable; type checkers see them as dataclasses too (``typing.dataclass_transform``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

_object_setattr = object.__setattr__


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(*, frozen: bool = False, slots: bool = False, **options: Any) -> Callable[[type[T]], type[T]]:
    """``dataclasses.dataclass(frozen=True, slots=True)``, made cheaply; any other combination of
    options is passed to the standard decorator as it is."""
    if not (frozen and slots) or options:
        return dataclasses.dataclass(frozen=frozen, slots=slots, **options)
    return _frozen


def _frozen(cls: type[T]) -> type[T]:
    own = dict(vars(cls))  # methods the class writes itself are kept, as the standard decorator does
    for name in ("__setattr__", "__delattr__"):
        if name in own:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    cls = dataclasses.dataclass(slots=True, init=False, repr=False, eq=False)(cls)
    every = list(dataclasses.fields(cls))  # type: ignore[arg-type]
    names = tuple(f.name for f in every)
    compared = tuple(f.name for f in every if f.compare)
    shown = tuple(f.name for f in every if f.repr)
    hashed = tuple(f.name for f in every if (f.compare if f.hash is None else f.hash))
    qualname = cls.__qualname__
    for name, method in (
        ("__init__", _init(cls, every)),
        ("__repr__", _repr(shown)),
        ("__eq__", _eq(_values(compared))),
        ("__hash__", _hash(_values(hashed))),
        ("__setattr__", _setattr),
        ("__delattr__", _delattr),
        ("__getstate__", _getstate(_values(names))),
        ("__setstate__", _setstate(names)),
    ):
        if name in own and (name != "__hash__" or not (own[name] is None and "__eq__" in own)):
            continue  # (a class that writes __eq__ gets __hash__ = None from Python, not from its author)
        if name not in ("__setattr__", "__delattr__"):
            method.__qualname__ = f"{qualname}.{name}"
        setattr(cls, name, method)
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    params.frozen = params.eq = params.repr = params.init = True  # as the standard decorator says
    return cls


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the tuple of an object's ``names`` attributes, as dataclasses compares them."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return attrgetter(*names)


def _init(cls: type, every: list[dataclasses.Field[Any]]) -> Callable[..., None]:
    """``__init__`` for frozen slots, as the standard decorator writes it (one compile)."""
    scope: dict[str, Any] = {"__set": _object_setattr, "__factory": dataclasses.MISSING}
    params: list[str] = []
    body: list[str] = []
    for f in every:
        if f.default is not dataclasses.MISSING:
            scope[f"__d_{f.name}"] = f.default
            params.append(f"{f.name}=__d_{f.name}")
            value = f.name
        elif f.default_factory is not dataclasses.MISSING:
            scope[f"__f_{f.name}"] = f.default_factory
            params.append(f"{f.name}=__factory")
            value = f"__f_{f.name}() if {f.name} is __factory else {f.name}"
        else:
            params.append(f.name)
            value = f.name
        body.append(f"    __set(self, {f.name!r}, {value})")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, scope)  # the code is made above from the class's own field names
    init: Callable[..., None] = scope["__init__"]
    init.__module__ = cls.__module__
    return init


def _repr(shown: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _eq(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _getstate(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], tuple[Any, ...]]:
    def __getstate__(self: Any) -> tuple[Any, ...]:
        return values(self)

    return __getstate__


def _setstate(names: tuple[str, ...]) -> Callable[[Any, tuple[Any, ...]], None]:
    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            _object_setattr(self, name, value)

    return __setstate__
