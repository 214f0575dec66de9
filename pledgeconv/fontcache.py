"""A per-user cache of parsed TrueType metrics, so a PDF run does not re-parse 4.6 MB of Nanum each time.

reportlab parses a font's cmap, hmtx and loca tables in pure Python when it loads the font (about
0.04–0.07 s per Nanum face on two slow cores). The result is plain data, so it is kept in
``$PLEDGECONV_CACHE_DIR`` (default ``$XDG_CACHE_HOME/pledgeconv`` or ``~/.cache/pledgeconv``) as a
``marshal`` file keyed by the font file (path, size, mtime), the reportlab version and this format.
Any mismatch, corruption or unwritable folder means the font is parsed as usual; ``PLEDGECONV_NO_CACHE=1``
turns the cache off. The font bytes themselves are always read from the font file.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import types
import zlib
from array import array
from pathlib import Path
from typing import Any

FORMAT = 4
_NAME_TAG = "\x00ttfname"
_DICT_TAG = "\x00dict"
_PAIRS_TAG = "\x00pairs"
_LIST_TAG = "\x00list"
_SKIP = {"_ttf_data", "_pdfScale", "_pos"}


def cache_dir() -> Path | None:
    """The folder the cache lives in, or None when caching is off."""
    if os.environ.get("PLEDGECONV_NO_CACHE", "") not in ("", "0"):
        return None
    configured = os.environ.get("PLEDGECONV_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or (os.path.join(os.path.expanduser("~"), ".cache"))
    if base.startswith("~"):
        return None  # no home folder to expand to
    return Path(base) / "pledgeconv"


def _key(path: str) -> tuple[str, list[Any]] | None:
    from reportlab import Version

    try:
        real = os.path.realpath(path)
        st = os.stat(real)
    except OSError:
        return None
    ident = [FORMAT, Version, sys.version_info[:2], real, st.st_size, st.st_mtime_ns]
    digest = zlib.crc32(repr(ident).encode("utf-8", "surrogatepass"))
    return f"{Path(real).stem[:40]}-{digest:08x}.rlfont", ident


def _numbers(values: list[Any]) -> tuple[str, bytes] | None:
    """Numbers as a packed array (typecode, bytes): marshal loads these far faster than int objects."""
    for code, kind in (("q", int), ("d", float)):
        if all(type(v) is kind for v in values):
            try:
                return code, array(code, values).tobytes()
            except OverflowError:
                return None
    return None


def _array(packed: tuple[str, bytes]) -> array[Any]:
    values = array(packed[0])
    values.frombytes(packed[1])
    return values


def _unpack(packed: tuple[str, bytes]) -> list[Any]:
    return _array(packed).tolist()


class Pairs:
    """A read-only list of (a, b) pairs kept as two arrays (reportlab's ``hmetrics``): it only
    indexes it, for the glyphs a subset uses, so 20 000 tuples need not be built."""

    __slots__ = ("_first", "_second")

    def __init__(self, first: array[Any], second: array[Any]) -> None:
        self._first, self._second = first, second

    def __len__(self) -> int:
        return len(self._first)

    def __getitem__(self, index: int) -> tuple[Any, Any]:
        return self._first[index], self._second[index]

    def __iter__(self) -> Any:
        return zip(self._first, self._second, strict=True)


def _encode(value: Any) -> Any:
    """Plain data marshal can store; the big int tables of a font as packed arrays."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if isinstance(value, TTFNameBytes):
        return (_NAME_TAG, value.ustr)
    if isinstance(value, dict) and len(value) > 64:
        keys, values = _numbers(list(value)), _numbers(list(value.values()))
        if keys and values:
            return (_DICT_TAG, keys, values)
    if isinstance(value, list) and len(value) > 64:
        if all(type(v) is tuple and len(v) == 2 for v in value):
            first, second = _numbers([v[0] for v in value]), _numbers([v[1] for v in value])
            if first and second:
                return (_PAIRS_TAG, first, second)
        flat = _numbers(value)
        if flat:
            return (_LIST_TAG, flat)
    return value


def _decode(value: Any) -> Any:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if isinstance(value, tuple) and value and isinstance(value[0], str):
        tag = value[0]
        if tag == _NAME_TAG:
            return TTFNameBytes(value[1].encode("utf-8"))
        if tag == _DICT_TAG:
            return dict(zip(_unpack(value[1]), _unpack(value[2]), strict=True))
        if tag == _PAIRS_TAG:
            return Pairs(_array(value[1]), _array(value[2]))
        if tag == _LIST_TAG:
            return _array(value[1])  # glyphPos: indexed only
    return value


def _scale(units_per_em: int) -> Any:
    """reportlab's glyph-unit to 1/1000 em scaling function (a lambda it does not pickle)."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def load(path: str) -> dict[str, Any] | None:
    """The cached face attributes of the font at ``path``, or None (not cached, stale, corrupt)."""
    folder = cache_dir()
    key = _key(path)
    if folder is None or key is None:
        return None
    name, ident = key
    try:
        blob = (folder / name).read_bytes()
        checksum, payload = blob[:4], blob[4:]
        if zlib.crc32(payload).to_bytes(4, "big") != checksum:
            return None
        stored = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(stored, dict) or stored.get("ident") != ident:
        return None
    attrs = stored.get("attrs")
    if not isinstance(attrs, dict) or "unitsPerEm" not in attrs:
        return None
    return _decoded(attrs)


def _decoded(attrs: dict[str, Any]) -> dict[str, Any]:
    face = {k: _decode(v) for k, v in attrs.items()}
    face["_pdfScale"] = _scale(face["unitsPerEm"])
    return face


def _face(cached: dict[str, Any], filename: str, face_class: Any = None) -> Any:
    """A reportlab ``TTFontFace`` from cached attributes (the font bytes read from ``filename``)."""
    from reportlab.pdfbase import pdfmetrics, ttfonts

    face_class = face_class or ttfonts.TTFontFace
    face = face_class.__new__(face_class)
    pdfmetrics.TypeFace.__init__(face, None)
    face.__dict__.update(cached)
    face.readFile(filename)
    face._pos = 0
    return face


def _round_trips(face: Any, attrs: dict[str, Any], filename: str) -> bool:
    """Whether a face rebuilt from ``attrs`` subsets and measures like the parsed one: a newer
    reportlab that reads its tables differently is then simply not cached."""
    sample = [cp for cp in (0x20, 0x41, 0x31, 0xAC00, 0xD55C, 0x2027) if cp in face.charToGlyph]
    try:
        rebuilt = _face(_decoded(attrs), filename)
        return (
            bool(sample)
            and rebuilt.makeSubset(sample) == face.makeSubset(sample)
            and all(rebuilt.getCharWidth(cp) == face.getCharWidth(cp) for cp in sample)
        )
    except Exception:
        return False


def save(path: str, face: Any) -> None:
    """Store a freshly parsed reportlab face; silently does nothing if the cache cannot be written."""
    folder = cache_dir()
    key = _key(path)
    if folder is None or key is None:
        return
    name, ident = key
    attrs = {k: _encode(v) for k, v in vars(face).items() if k not in _SKIP and not callable(v)}
    attrs.pop("glyphToChar", None)  # only extractInfo (the parse being skipped) reads it
    try:
        payload = marshal.dumps({"ident": ident, "attrs": attrs})
    except ValueError:
        return  # an attribute of a type marshal cannot store: do without the cache
    if not _round_trips(face, marshal.loads(payload)["attrs"], path):
        return
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(zlib.crc32(payload).to_bytes(4, "big") + payload)
        os.replace(tmp, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def open_font(name: str, path: str) -> Any:
    """A reportlab ``TTFont`` for ``path``: built from the cache when it holds this font, else parsed
    (and cached for the next process)."""
    from reportlab.pdfbase import ttfonts

    cached = load(path)
    if cached is None:
        font = ttfonts.TTFont(name, path)
        save(path, font.face)
        return font
    face_class = ttfonts.TTFontFace

    def restore(filename: str, validate: int = 0, subfontIndex: int = 0) -> Any:
        return _face(cached, filename, face_class)

    # reportlab's own TTFont.__init__, run with "TTFontFace" bound to the cached face in a copy of
    # its globals: nothing of reportlab's is modified, so other threads are unaffected.
    init = ttfonts.TTFont.__init__
    run_init = types.FunctionType(
        init.__code__,
        {**init.__globals__, "TTFontFace": restore},
        init.__name__,
        init.__defaults__,
        init.__closure__,
    )
    run_init.__kwdefaults__ = init.__kwdefaults__
    font = ttfonts.TTFont.__new__(ttfonts.TTFont)
    run_init(font, name, path)
    return font
