"""Images: confine paths to the document's folders (or fetch from the network), validate files with
Pillow, describe failures; every image of a document resolved at parse time."""

from __future__ import annotations

import base64
import os
import stat
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .frozen import dataclass
from .labels import labels_for
from .model import Block, Diagnostic, Document, Image, ImageFile, Inline, RawBlock, RawInline
from .sanitize import remote_images
from .transforms import map_blocks, map_inlines

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 60_000_000  # about 7700 x 7700; a 20000 x 20000 bomb is refused

MIME_BY_FORMAT = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}
#: The same kinds by file suffix: the picture files ``serve`` sends (nothing else) and their types.
MIME_BY_SUFFIX = {suffix: MIME_BY_FORMAT[fmt] for suffix, fmt in
                  ((".png", "PNG"), (".jpg", "JPEG"), (".jpeg", "JPEG"), (".gif", "GIF"), (".webp", "WEBP"))}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Found:
    """The outcome of resolving an image: a usable file, or the reason it is not usable."""

    path: str | None
    problem: str = ""
    code: str = ""
    mime: str = ""
    width: int = 0
    height: int = 0
    data: bytes = b""


def _refuse(code: str, problem: str) -> Found:
    return Found(None, problem, code)


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def probe_image(path: Path) -> Found:
    """Check that ``path`` is an image Pillow can open and verify, within the pixel limit."""
    import io

    from PIL import Image as PILImage

    try:
        data = path.read_bytes()
        with PILImage.open(io.BytesIO(data)) as im:
            fmt = im.format or ""
            width, height = im.size
            if width * height > MAX_IMAGE_PIXELS:
                return _refuse(
                    "image-too-large",
                    f"{width}×{height} pixels is more than the limit of {MAX_IMAGE_PIXELS:,}",
                )
            im.verify()
        if fmt not in MIME_BY_FORMAT:
            return _refuse("image-unsupported", f"{fmt or 'unknown'} images are not supported")
        # verify() does not decode the pixels: load them too so a truncated file is caught.
        with PILImage.open(io.BytesIO(data)) as im:
            im.load()
    except PILImage.DecompressionBombError:
        return _refuse("image-too-large", "image is too large (decompression bomb)")
    except Exception as exc:  # Pillow raises many kinds on bad data
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return _refuse("image-invalid", f"not a readable image ({reason})")
    return Found(str(path), mime=MIME_BY_FORMAT[fmt], width=width, height=height, data=data)


REMOTE_TIMEOUT = 10.0


def _public_address(host: str) -> str | None:
    """Why ``host`` may not be fetched from (private, loopback, link-local…), or None if public."""
    import ipaddress
    import socket

    try:
        infos = socket.getaddrinfo(host, None)
    except OSError as exc:
        return f"cannot resolve {host} ({exc.strerror or exc})"
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            return f"{host} is a private, loopback or reserved address ({address})"
    return None


def fetch_remote(url: str) -> Found:
    """Fetch an http(s) image: public hosts only, a timeout, a size cap, verified with Pillow."""
    import tempfile
    import urllib.request

    parts = urlsplit(url)
    host = parts.hostname or ""
    problem = _public_address(host) if host else "no host in the URL"
    if problem:
        return _refuse("image-remote", f"remote image {url} refused: {problem}")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None  # a redirect could lead to a private address: not followed

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(
            urllib.request.Request(url, headers={"User-Agent": "pledgeconv"}), timeout=REMOTE_TIMEOUT
        ) as resp:
            data = resp.read(MAX_IMAGE_BYTES + 1)
    except Exception as exc:
        return _refuse("image-remote", f"remote image {url} could not be fetched ({exc})")
    if len(data) > MAX_IMAGE_BYTES:
        return _refuse("image-too-large", f"remote image {url} is larger than {MAX_IMAGE_BYTES:,} bytes")
    folder = Path(tempfile.mkdtemp(prefix="pledgeconv-remote-"))
    target = folder / "image"
    target.write_bytes(data)
    result = probe_image(target)
    if result.path is None:
        return _refuse(result.code, f"remote image {url}: {result.problem}")
    return result


def resolve_image(
    src: str, base_dir: Path, resource_paths: Sequence[Path] = (), *, allow_remote: bool = False
) -> Found:
    """Resolve ``src`` (as written in Markdown) to a checked local image file, or say why not."""
    if not src.strip():
        return _refuse("image-missing", "image has no file name")
    parts = urlsplit(src)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if allow_remote:
            return fetch_remote(src)
        return _refuse(
            "image-remote", f"remote image {src} not fetched (no network access; see --allow-remote)"
        )
    if scheme == "data":
        return _refuse("image-unsupported", "data: URIs are not embedded")
    if scheme and len(scheme) > 1:  # one letter is a Windows drive
        return _refuse("image-refused", f"{scheme}: image references are refused")
    rel = unquote(parts.path if not (scheme and len(scheme) == 1) else src)
    src = unquote(src)  # as the author wrote it (markdown-it percent-encodes 없는-그림.png in the URL)
    if "\x00" in rel:
        return _refuse("image-refused", "image path contains a NUL character")
    roots = [base_dir.resolve()] + [p.resolve() for p in resource_paths]
    candidate: Path | None = None
    for root in roots:
        try:
            target = (root / rel).resolve()
        except (OSError, RuntimeError):
            continue
        if not _inside(target, roots):
            return _refuse("image-outside", f"image {src} is outside the document's folder; not read")
        if target.exists():
            candidate = target
            break
    if candidate is None:
        return _refuse("image-missing", f"image {src} not found")
    try:
        st = os.stat(candidate)
    except OSError as exc:
        return _refuse("image-missing", f"image {src} cannot be read ({exc.strerror})")
    if not stat.S_ISREG(st.st_mode):
        return _refuse("image-refused", f"image {src} is not a regular file")
    if st.st_size > MAX_IMAGE_BYTES:
        return _refuse("image-too-large", f"image {src} is {st.st_size:,} bytes (limit {MAX_IMAGE_BYTES:,})")
    result = probe_image(candidate)
    if result.path is None:
        return _refuse(result.code, f"image {src}: {result.problem}")
    return result


def sniff_mime(data: bytes) -> str:
    """The image MIME type of ``data`` from its signature (the file was verified on resolve)."""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith(b"GIF8"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"


# ---------------------------------------------------------------------------
# Every image of a document


def resolve_images(
    doc: Document, base_dir: Path, resource_paths: Sequence[Path] = (), *, allow_remote: bool = False
) -> Document:
    """Resolve every image against the document's folder; unusable ones become warnings."""
    cache: dict[str, Found] = {}
    warnings: list[Diagnostic] = []
    warned: set[str] = set()

    def resolve(image: Image) -> Image:
        result = cache.get(image.src)
        if result is None:
            result = cache[image.src] = resolve_image(
                image.src, base_dir, resource_paths, allow_remote=allow_remote
            )
        if result.path is None:
            if image.src not in warned:
                warned.add(image.src)
                warnings.append(
                    Diagnostic(
                        result.code, f"{result.problem}; a placeholder is shown", image.line, doc.source
                    )
                )
            return replace(image, resolved=None)
        return replace(image, resolved=result.path)

    # Raw HTML images from the network follow the same rules (sanitize.remote_images).
    label = labels_for(doc.meta.lang)["missing_image"]

    def remote(url: str) -> tuple[str | None, str]:
        result = cache.get(url)
        if result is None:
            result = cache[url] = resolve_image(url, base_dir, resource_paths, allow_remote=allow_remote)
        if result.path is None:
            return None, result.problem
        return f"data:{result.mime};base64,{base64.b64encode(result.data).decode()}", ""

    def raw_html(text: str, line: int) -> str:
        text, refused = remote_images(text, remote, label)
        for url, problem in refused:
            if url not in warned:
                warned.add(url)
                code = cache[url].code or "image-remote"
                warnings.append(Diagnostic(code, f"{problem}; a placeholder is shown", line, doc.source))
        return text

    def fn(node: Inline) -> Inline:
        if isinstance(node, Image):
            return resolve(node)
        if isinstance(node, RawInline) and node.format == "html" and "<img" in node.text.lower():
            return replace(node, text=raw_html(node.text, node.line))
        return node

    def raw_block(block: Block) -> Block:
        if isinstance(block, RawBlock) and block.format == "html" and "<img" in block.text.lower():
            return replace(block, text=raw_html(block.text, block.line))
        return block

    blocks = map_blocks(map_inlines(doc.blocks, fn), raw_block)
    notes = tuple(replace(n, blocks=map_blocks(map_inlines(n.blocks, fn), raw_block)) for n in doc.notes)
    meta = doc.meta
    if meta.cover is not None:
        meta = replace(meta, cover=resolve(meta.cover))
    files = {f.path: f for f in doc.images}
    for found in cache.values():
        if found.path is not None and found.path not in files:
            files[found.path] = ImageFile(found.path, found.mime, found.width, found.height, found.data)
    return replace(
        doc,
        meta=meta,
        blocks=blocks,
        notes=notes,
        warnings=doc.warnings + tuple(warnings),
        images=tuple(files.values()),
    )
