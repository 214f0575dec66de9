"""`pledgeconv serve`: a local web server showing the HTML of a document or book as it is edited."""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import json
import sys
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import PledgeconvError, UsageError
from .preview import Preview
from .resources import MIME_BY_SUFFIX

LOOPBACK = ("127.0.0.1", "localhost", "::1")
DOWNLOADS = ("pdf", "docx", "hwpx", "epub")
EMPTY_PAGE = b'<!DOCTYPE html>\n<html lang="ko">\n<head><meta charset="utf-8"><title>pledgeconv</title><style></style></head>\n<body>\n</body>\n</html>\n'
WATCH_STEP_MS = 20  # how long the watcher waits for more changes before it reports (a save writes twice)

PANEL_CSS = """
#pc-panel{position:fixed;right:12px;bottom:12px;max-width:min(36rem,calc(100vw - 24px));max-height:40vh;
overflow:auto;background:#fff;border:1px solid #8a8a8a;border-radius:6px;padding:.5rem .75rem;
font:13px/1.5 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.2);z-index:1000}
#pc-panel ol{margin:.25rem 0 0;padding-left:1.25rem}#pc-panel .pc-error{color:#a40000;font-weight:bold}
#pc-panel .pc-downloads a{margin-right:.5rem}.pc-flash{outline:3px solid #e0a800;outline-offset:4px}
#pc-panel summary{cursor:pointer;font-weight:bold}
@media (max-width:600px){#pc-panel{left:8px;right:8px;bottom:8px;max-height:50vh}}
"""


def _panel(version: int, stem: str, missing: str) -> str:
    links = " ".join(f'<a href="/_pc/download/{fmt}" download>{fmt.upper()}</a>' for fmt in DOWNLOADS)
    return (
        f'<aside id="pc-panel" lang="ko" aria-label="미리보기" data-version="{version}" '
        f'data-missing="{html.escape(missing)}">'
        '<details open><summary><span class="pc-status" role="status">미리보기</span></summary>'
        f'<div class="pc-downloads">{html.escape(stem)} 받기: {links}</div>'
        '<div class="pc-error" role="alert" hidden></div><ol></ol></details></aside>'
    )


@functools.cache
def _script() -> bytes:
    import pkgutil

    data = pkgutil.get_data("pledgeconv", "styles/preview.js")
    assert data is not None
    return data


class Hub:
    """The preview, and the open pages waiting to hear that it changed."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.changed = threading.Condition()
        self.stopping = threading.Event()

    def refresh(self, paths: set[Path]) -> None:
        self.preview.refresh(paths)
        with self.changed:
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        """The snapshot's version once it is newer than ``seen`` (or after ``timeout``)."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.preview.snapshot.version != seen or self.stopping.is_set(), timeout=timeout
            )
        return self.preview.snapshot.version

    def page(self) -> bytes:
        """The current page with the live script and the warnings panel."""
        snap = self.preview.snapshot
        page = snap.html or EMPTY_PAGE
        tail = (
            f"<style>{PANEL_CSS}</style>{_panel(snap.page, self.preview.stem, self.preview.missing_label)}"
            '<script src="/_pc/preview.js"></script>\n</body>'
        )
        return page.replace(b"</body>", tail.encode("utf-8"), 1)


class Handler(BaseHTTPRequestHandler):
    """Serves the page, its live channel, downloads, and pictures inside the document's folder."""

    hub: Hub
    server_version = "pledgeconv"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the terminal shows warnings and errors only

    def _send(self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        preview = self.hub.preview
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, self.hub.page(), "text/html; charset=utf-8")
        elif path == "/_pc/page":
            self._send(HTTPStatus.OK, preview.snapshot.html or EMPTY_PAGE, "text/html; charset=utf-8")
        elif path == "/_pc/state":
            snap = preview.snapshot
            state = {"version": snap.version, "page": snap.page, "warnings": snap.warnings,
                     "error": snap.error, "seconds": round(snap.seconds, 4)}  # fmt: skip
            self._send(HTTPStatus.OK, json.dumps(state, ensure_ascii=False).encode("utf-8"),
                       "application/json; charset=utf-8")  # fmt: skip
        elif path == "/_pc/preview.js":
            self._send(HTTPStatus.OK, _script(), "text/javascript; charset=utf-8")
        elif path == "/_pc/events":
            self._events()
        elif path.startswith("/_pc/download/"):
            self._download(path.rsplit("/", 1)[1])
        else:
            self._file(path)

    def _events(self) -> None:
        """Server-Sent Events: one message each time the preview changes."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.hub.preview.snapshot.version
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not self.hub.stopping.is_set():
                version = self.hub.wait(seen, timeout=15)
                if version == seen:
                    self.wfile.write(b": keep-alive\n\n")  # a comment: finds a closed page
                else:
                    seen = version
                    self.wfile.write(f"data: {version}\n\n".encode())
                self.wfile.flush()
        except OSError:
            pass  # the page was closed
        self.close_connection = True

    def _download(self, fmt: str) -> None:
        if fmt not in DOWNLOADS:
            self._not_found()
            return
        try:
            data = self.hub.preview.export(fmt)
        except PledgeconvError as exc:
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"{exc}\n".encode(), "text/plain; charset=utf-8")
            return
        from urllib.parse import quote

        from .exporters import suffix_of

        name = f"{self.hub.preview.stem}{suffix_of(fmt)}"
        disposition = f"attachment; filename*=UTF-8''{quote(name)}"
        self._send(HTTPStatus.OK, data, "application/octet-stream", {"Content-Disposition": disposition})

    def _file(self, path: str) -> None:
        """A picture inside the document's folder; anything else (a path out of it, through a
        symlink or not, a hidden file, another kind of file) is not found."""
        target = confined(self.hub.preview.root, unquote(path))
        if target is None:
            self._not_found()
            return
        try:
            data = target.read_bytes()
        except OSError:
            self._not_found()
            return
        self._send(HTTPStatus.OK, data, MIME_BY_SUFFIX[target.suffix.lower()])


def confined(root: Path, url_path: str) -> Path | None:
    """The picture file ``url_path`` names inside ``root``, or None when it is not one."""
    rel = url_path.lstrip("/")
    if not rel or "\x00" in rel or "\\" in rel or rel.startswith("/"):
        return None
    parts = Path(rel).parts
    if any(p in ("..", ".") or p.startswith(".") for p in parts):
        return None
    try:
        target = (root / rel).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not target.is_relative_to(root) or not target.is_file() or target.suffix.lower() not in MIME_BY_SUFFIX:
        return None
    return target


def _changes(root: Path, stop: threading.Event) -> Iterator[set[Path]]:
    """The files changed under ``root``, a set at a time, until ``stop`` is set (watchfiles is
    imported here, before the server starts, so that its absence is one line)."""
    try:
        from watchfiles import watch
    except ImportError:
        raise UsageError("serve needs watchfiles: pip install 'pledgeconv[serve]'") from None
    # yield_on_timeout: an empty set now and then, the first of which says the watch is in place
    batches = watch(root, stop_event=stop, step=WATCH_STEP_MS, debounce=400, yield_on_timeout=True,
                    rust_timeout=250, raise_interrupt=False)  # fmt: skip
    return ({Path(path) for _, path in batch} for batch in batches)


def _watch(hub: Hub, changes: Iterator[set[Path]], ready: threading.Event) -> None:
    for paths in changes:
        if not paths:
            if not ready.is_set():  # watching now: catch what changed while the watch was set up
                if hub.preview.stale():
                    hub.refresh(set())
                ready.set()
            continue
        relevant = {p for p in paths if not _hidden(p, hub.preview.root)}
        if relevant:
            hub.refresh(relevant)
            _report(hub)


def _hidden(path: Path, root: Path) -> bool:
    """A file in a hidden folder of the document's (.git, an editor's swap files)."""
    try:
        parts = path.resolve().relative_to(root).parts
    except (OSError, ValueError):
        parts = path.parts
    return any(part.startswith(".") for part in parts)


def _report(hub: Hub) -> None:
    snap = hub.preview.snapshot
    if snap.error:
        print(f"pledgeconv: error: {snap.error} (the page shows the last good version)", file=sys.stderr)
    else:
        print(f"updated in {snap.seconds * 1000:.0f} ms, {len(snap.warnings)} warning(s)", file=sys.stderr)
        sys.stderr.flush()


def serve(
    args: argparse.Namespace, options: dict[str, Any], read_options: dict[str, Any], css_file: Path | None
) -> int:
    """Run the preview server until Ctrl-C or SIGTERM: ``options`` are the rendering options given,
    ``read_options`` the parse options, ``css_file`` the ``--css`` file (read again when it changes)."""
    target = Path(args.target)
    if not target.exists():
        raise UsageError(f"{target}: no such file, book folder or manifest")
    stop = threading.Event()
    changes = _changes(target if target.is_dir() else target.parent, stop)  # fails early without watchfiles
    preview = Preview(target, read_options=read_options, options=options, css_file=css_file,
                      pledge_checks={"require_pledge_items": args.require_pledge_items, "profile": args.profile})  # fmt: skip
    preview.refresh()  # a document that does not read yet still gets a page, with its error
    hub = Hub(preview)
    Handler.hub = hub
    if args.host not in LOOPBACK:
        print(f"pledgeconv: warning: serving on {args.host}: anyone who can reach this machine can read the "
              "document", file=sys.stderr)  # fmt: skip
    try:
        server = ThreadingHTTPServer((args.host, args.port), Handler)
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port} ({exc.strerror or exc})") from None
    server.daemon_threads = True
    import signal

    def terminated(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM stops the server as Ctrl-C does

    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGTERM, terminated)
    try:
        ready = threading.Event()
        threading.Thread(target=_watch, args=(hub, changes, ready), daemon=True).start()
        ready.wait(timeout=10)  # the address is printed once an edit cannot be missed
        host = f"[{args.host}]" if ":" in args.host else args.host
        url = f"http://{host}:{server.server_address[1]}/"
        print(f"serving {preview.target} at {url} (Ctrl-C stops)", file=sys.stderr)
        _report(hub)
        if not args.no_browser:
            import webbrowser

            with contextlib.suppress(Exception):
                webbrowser.open(url)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        hub.stopping.set()
        with hub.changed:
            hub.changed.notify_all()
        server.server_close()
    print("pledgeconv: preview stopped", file=sys.stderr)
    return 0
