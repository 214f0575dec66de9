"""Reading input: bytes to clean NFC text (encodings, BOM, line endings, control characters)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from .errors import InputError
from .frozen import dataclass
from .model import Diagnostic
from .options import DEFAULT_MAX_INPUT_BYTES

_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (DOCX, EPUB, HWPX…)"),
    (b"%PDF-", "a PDF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 file (HWP, DOC, XLS…)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF file (WebP, WAV…)"),
    (b"\x7fELF", "an executable"),
)

# C0 controls except TAB and LF (CR is folded first), DEL, C1 controls, and non-characters:
# none of them is legal in XML, and none is meant as text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded source text with the warnings met while decoding it."""

    text: str
    warnings: tuple[Diagnostic, ...]
    encoding: str


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    return line, col


def _sniff_binary(data: bytes, name: str) -> None:
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: not a Markdown text file (looks like {what})")
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if head.count(b"\x00") > max(1, len(head) // 100):
        raise InputError(f"{name}: not a Markdown text file (binary data: NUL bytes)")


def _looks_korean(text: str) -> bool:
    hangul = sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3")
    return hangul >= max(1, len(text) // 50)


def decode(
    data: bytes,
    name: str = "<input>",
    *,
    encoding: str | None = None,
    errors: str = "strict",
    max_bytes: int | None = DEFAULT_MAX_INPUT_BYTES,
) -> SourceText:
    """Decode ``data`` to NFC text with LF line endings; raise InputError with a one-line message."""
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            f"{name}: input is {len(data):,} bytes, more than the limit of {max_bytes:,} "
            "(raise it with --max-input-bytes)"
        )
    warnings: list[Diagnostic] = []
    used: str
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{name}: unknown encoding {encoding!r}") from None
        used = encoding
        text = data.decode(encoding, errors="replace" if errors == "replace" else "strict")
    else:
        _sniff_binary(data, name)
        if data.startswith(codecs.BOM_UTF8):
            data, used = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            used = "utf-16"
        else:
            used = "utf-8"
        try:
            text = data.decode(used)
        except UnicodeDecodeError as exc:
            if used == "utf-8":
                try:
                    legacy = data.decode("cp949")
                except UnicodeDecodeError:
                    legacy = None
                if legacy is not None and _looks_korean(legacy):
                    text, used = legacy, "cp949"
                    warnings.append(
                        Diagnostic(
                            "legacy-encoding",
                            "input is not UTF-8; decoded it as CP949 (EUC-KR). "
                            "Save it as UTF-8, or pass --encoding cp949 to silence this",
                            0,
                        )
                    )
                elif errors == "replace":
                    text = data.decode("utf-8", errors="replace")
                    bad = text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
                    warnings.append(
                        Diagnostic(
                            "invalid-utf8",
                            f"replaced {bad} invalid UTF-8 sequence(s) with U+FFFD",
                            _line_col(data, exc.start)[0],
                        )
                    )
                else:
                    line, col = _line_col(data, exc.start)
                    raise InputError(
                        f"{name}:{line}:{col}: invalid UTF-8 (byte offset {exc.start}); "
                        "give --encoding (e.g. cp949) or --encoding-errors replace"
                    ) from None
            else:
                raise InputError(f"{name}: cannot decode as {used}: {exc.reason}") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _CONTROL.search(text):
        text = _strip_controls(text, warnings)
    return SourceText(text, tuple(warnings), used)


def _strip_controls(text: str, warnings: list[Diagnostic]) -> str:
    first = _CONTROL.search(text)
    assert first is not None
    line = text.count("\n", 0, first.start()) + 1
    col = first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1
    count = len(_CONTROL.findall(text))
    warnings.append(
        Diagnostic(
            "control-character",
            f"removed {count} control character(s), the first U+{ord(first.group()):04X} at column {col}",
            line,
        )
    )
    return _CONTROL.sub("", text)


def read(
    path: Path,
    *,
    encoding: str | None = None,
    errors: str = "strict",
    max_bytes: int | None = DEFAULT_MAX_INPUT_BYTES,
) -> SourceText:
    """Read and decode a file; every failure is an InputError naming the file."""
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a folder, not a Markdown file")
        with path.open("rb") as fh:
            limit = None if max_bytes is None else max_bytes + 1
            data = fh.read() if limit is None else fh.read(limit)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    return decode(data, name, encoding=encoding, errors=errors, max_bytes=max_bytes)
