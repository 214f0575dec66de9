"""Run one exporter on a resolved document: its bytes and warnings, or one clear ExportError."""

from __future__ import annotations

from . import exporters
from .errors import ExportError, PledgeconvError
from .options import ExportOptions
from .resolved import Rendered, Resolved


def render(resolved: Resolved, fmt: str, options: ExportOptions) -> Rendered:
    """Render ``resolved`` as ``fmt``; anything but our own error becomes a one-line ExportError."""
    source = resolved.doc.source or "<input>"
    exporter = exporters.get(fmt)
    try:
        result = exporter.export(resolved, options)
    except PledgeconvError:
        raise
    except RecursionError:
        raise ExportError(f"{source}: {fmt}: document nesting is too deep") from None
    except Exception as exc:
        raise ExportError(f"{source}: {fmt} export failed: {type(exc).__name__}: {exc}") from exc
    if isinstance(result, bytes | bytearray):  # a plugin may return bare bytes
        return Rendered(bytes(result))
    if not isinstance(result, Rendered):
        raise ExportError(f"{source}: {fmt}: the exporter returned {type(result).__name__}, not Rendered")
    return result
