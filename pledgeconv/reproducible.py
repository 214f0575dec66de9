"""Reproducible output: SOURCE_DATE_EPOCH and deterministic ZIP containers (EPUB, DOCX)."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable

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


def write_zip(entries: Iterable[tuple[str, bytes]], *, stored: Iterable[str] = ()) -> bytes:
    """A ZIP of ``entries`` in the given order, each with the same fixed time and permissions."""
    stamp = _zip_time()
    keep = set(stored)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever the machine
            info.compress_type = zipfile.ZIP_STORED if name in keep else zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=None if name in keep else 9)
    return buf.getvalue()


def normalise_zip(data: bytes, first: Iterable[str] = (), stored: Iterable[str] = ()) -> bytes:
    """Rewrite a ZIP written by a library: ``first`` entries lead, the rest keep their order,
    and every entry gets the fixed time, so the same content always gives the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = src.namelist()
        lead = [n for n in first if n in names]
        order = lead + [n for n in names if n not in lead]
        return write_zip(((n, src.read(n)) for n in order), stored=stored)
