"""Reproducible output: SOURCE_DATE_EPOCH and deterministic ZIP containers (EPUB, DOCX)."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable, Mapping, Sequence

# The earliest time a ZIP entry can carry; used when SOURCE_DATE_EPOCH is not set.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as an aware UTC datetime, or None when unset or malformed."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        return dt.datetime.fromtimestamp(int(raw), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def build_date() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else now: the time stamped into metadata (UTC, whole seconds)."""
    return source_date() or dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def _zip_time() -> tuple[int, int, int, int, int, int]:
    when = source_date()
    if when is None or when.year < 1980:
        return ZIP_EPOCH
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def write_zip(entries: Iterable[tuple[str, bytes | Sequence[bytes]]], *, stored: Iterable[str] = ()) -> bytes:
    """A ZIP of ``entries`` in the given order, each with the same fixed time and permissions. An
    entry's content is bytes, or a sequence of pieces written one after another (never joined)."""
    stamp = _zip_time()
    keep = set(stored)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the machine
            info.compress_type = zipfile.ZIP_STORED if name in keep else zipfile.ZIP_DEFLATED
            level = None if name in keep else 9
            if isinstance(data, bytes):
                zf.writestr(info, data, compresslevel=level)
                continue
            # as writestr does, but piece by piece: the size first (it decides on ZIP64), then the data
            info.file_size = sum(len(piece) for piece in data)
            info._compresslevel = level  # type: ignore[attr-defined]  # writestr's compresslevel
            with zf.open(info, "w") as out:
                for piece in data:
                    out.write(piece)
    return buf.getvalue()


def normalise_zip(
    data: bytes,
    first: Iterable[str] = (),
    stored: Iterable[str] = (),
    splice: Mapping[str, tuple[bytes, Sequence[bytes]]] | None = None,
) -> bytes:
    """Rewrite a ZIP written by a library: ``first`` entries lead, the rest keep their order,
    and every entry gets the fixed time, so the same content always gives the same bytes.
    ``splice`` maps an entry to a marker in it and the pieces that take the marker's place."""
    splice = splice or {}

    def content(src: zipfile.ZipFile, name: str) -> bytes:
        data = src.read(name)
        if name in splice:
            marker, pieces = splice[name]
            before, found, after = data.partition(marker)
            if found:
                data = b"".join([before, *pieces, after])
        return data

    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = src.namelist()
        lead = [n for n in first if n in names]
        order = lead + [n for n in names if n not in lead]
        return write_zip(((n, content(src, n)) for n in order), stored=stored)
