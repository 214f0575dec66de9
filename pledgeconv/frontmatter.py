"""Metadata to Meta, read one way for YAML front matter and a book's pledgeconv.toml: known keys,
Korean aliases, warnings for what cannot be used."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from .model import Diagnostic, Image, Meta

# Front matter is a few lines of metadata: anything bigger is a mistake (or an attack), and YAML's
# cost grows with it, so it is ignored with a warning rather than parsed.
MAX_FRONT_MATTER_BYTES = 64 * 1024

# front-matter key -> Meta field; Korean keys are accepted as authors write them.
ALIASES = {
    "title": "title",
    "제목": "title",
    "subtitle": "subtitle",
    "부제": "subtitle",
    "author": "author",
    "candidate": "author",
    "후보": "author",
    "후보자": "author",
    "party": "party",
    "정당": "party",
    "election": "election",
    "선거": "election",
    "date": "date",
    "날짜": "date",
    "lang": "lang",
    "language": "lang",
    "cover": "cover",
    "cover-image": "cover",
    "표지": "cover",
    "identifier": "identifier",
    "id": "identifier",
    "isbn": "identifier",
    "description": "description",
    "subject": "description",
    "abstract": "description",
    "keywords": "keywords",
    "키워드": "keywords",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value).strip()


def _load(text: str, line: int, warnings: list[Diagnostic]) -> Any:
    """``yaml.safe_load`` with aliases (``*name``) left unexpanded: each becomes an empty value and
    one warning names them, so nested anchors (a "billion laughs") cost nothing. Linear in ``text``."""
    import yaml

    aliases: dict[str, int] = {}

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.get_event()  # type: ignore[no-untyped-call]
                aliases.setdefault(str(event.anchor), line + 1 + event.start_mark.line)
                return yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
            return super().compose_node(parent, index)

    loader = NoAliasLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
        if aliases:
            names = ", ".join(f"*{name}" for name in list(aliases)[:3]) + (", …" if len(aliases) > 3 else "")
            warnings.append(
                Diagnostic(
                    "front-matter",
                    f"front matter aliases ({names}) are not expanded; their values are left empty",
                    min(aliases.values()),
                )
            )


def parse_front_matter(text: str, line: int) -> tuple[Meta, list[Diagnostic]]:
    """Parse the YAML between ``---`` lines; a broken block is a warning, never a crash."""
    import yaml

    warnings: list[Diagnostic] = []
    size = len(text.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        warnings.append(
            Diagnostic(
                "front-matter",
                f"front matter is {size:,} bytes, more than the limit of {MAX_FRONT_MATTER_BYTES:,}; ignored",
                line,
            )
        )
        return Meta(), warnings
    try:
        data = _load(text, line, warnings) if text.strip() else {}
    except RecursionError:
        warnings.append(Diagnostic("front-matter", "front matter is nested too deeply; ignored", line))
        return Meta(), warnings
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = line + 1 + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        warnings.append(
            Diagnostic("front-matter", f"front matter is not valid YAML ({problem}); ignored", where)
        )
        return Meta(), warnings
    if data is None:
        data = {}
    if not isinstance(data, dict):
        warnings.append(
            Diagnostic("front-matter", "front matter is not a mapping of keys to values; ignored", line)
        )
        return Meta(), warnings
    return read_meta(data, line), warnings


def is_meta_key(key: object) -> bool:
    """Whether ``key`` names a metadata field (in any of its spellings)."""
    return str(key).strip().lower() in ALIASES


def read_meta(data: Mapping[Any, Any], line: int = 0) -> Meta:
    """Meta from a mapping of metadata keys (front matter, or a manifest's ``[book]`` table): aliases
    and Korean keys, keywords split at commas and trimmed, dates as ISO text; keys that name no field
    are kept in ``Meta.extra``."""
    fields: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    for key, value in data.items():
        name = ALIASES.get(str(key).strip().lower())
        if name is None:
            extra.append((str(key), _text(value)))
        elif name == "keywords":
            items = value if isinstance(value, (list, tuple)) else str(value).split(",")
            fields["keywords"] = tuple(_text(v) for v in items if _text(v))
        elif name == "cover":
            src = _text(value)
            fields["cover"] = Image("", src, "", None, line) if src else None
        else:
            fields[name] = _text(value)
    if fields.get("lang") == "":
        fields["lang"] = "ko"
    return Meta(**fields, extra=tuple(sorted(extra)))
