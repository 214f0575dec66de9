"""The HWPX package: mimetype (first, stored), META-INF, content.hpf with metadata, version, settings."""

from __future__ import annotations

from collections.abc import Sequence

from ...reproducible import build_date, write_zip
from ...version import PRODUCER
from .objects import BinItem
from .xml import DECLARATION, NAMESPACES, attrs, text

MIMETYPE = "application/hwp+zip"


def content_hpf(meta: dict[str, str], images: Sequence[BinItem]) -> str:
    """The OPF package document: metadata, the parts (header, section, settings, images), the spine."""
    when = build_date()
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    items = "".join(
        f'<opf:item{attrs(id=i.id, href=i.href)}{attrs(**{"media-type": i.media_type})} isEmbeded="1"/>'
        for i in images
    )
    metas = "".join(
        f'<opf:meta{attrs(name=name)} content="text">{text(value)}</opf:meta>'
        for name, value in (
            ("creator", meta.get("author", "")),
            ("subject", meta.get("subject", "")),
            ("description", meta.get("description", "")),
            ("lastsaveby", "pledgeconv"),
            ("CreatedDate", stamp),
            ("ModifiedDate", stamp),
            ("date", f"{when.year}년 {when.month}월 {when.day}일"),
            ("keyword", meta.get("keywords", "")),
        )
    )
    return (
        f'{DECLARATION}<opf:package {NAMESPACES} version="" unique-identifier="" id="">'
        f"<opf:metadata><opf:title>{text(meta.get('title', ''))}</opf:title>"
        f"<opf:language>{text(meta.get('language', 'ko'))}</opf:language>{metas}</opf:metadata>"
        '<opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
        '<opf:item id="settings" href="settings.xml" media-type="application/xml"/>'
        f"{items}</opf:manifest>"
        '<opf:spine><opf:itemref idref="header" linear="yes"/><opf:itemref idref="section0" linear="yes"/>'
        "</opf:spine></opf:package>"
    )


CONTAINER = (
    f"{DECLARATION}"
    '<ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container" '
    'xmlns:hpf="http://www.hancom.co.kr/schema/2011/hpf"><ocf:rootfiles>'
    '<ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/>'
    '<ocf:rootfile full-path="Preview/PrvText.txt" media-type="text/plain"/>'
    "</ocf:rootfiles></ocf:container>"
)
MANIFEST = f'{DECLARATION}<odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
SETTINGS = (
    f'{DECLARATION}<ha:HWPApplicationSetting xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0">'
    '<ha:CaretPosition listIDRef="0" paraIDRef="0" pos="0"/></ha:HWPApplicationSetting>'
)
VERSION = (
    f'{DECLARATION}<hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" '
    'tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="1" buildNumber="0" os="1" '
    f'xmlVersion="1.5" application="Hancom Office Hangul" appVersion="{PRODUCER}"/>'
)


def package(
    header: str, section: Sequence[bytes], meta: dict[str, str], images: Sequence[BinItem], preview: str
) -> bytes:
    """The HWPX bytes: a ZIP whose first entry is the stored mimetype, then the parts in 한글's order.
    ``section`` is the section XML in UTF-8 pieces."""
    entries: list[tuple[str, bytes | Sequence[bytes]]] = [
        ("mimetype", MIMETYPE.encode("ascii")),
        ("version.xml", VERSION.encode("utf-8")),
        ("Contents/header.xml", header.encode("utf-8")),
        ("Contents/section0.xml", section),
        ("Preview/PrvText.txt", preview.encode("utf-8")),
        ("settings.xml", SETTINGS.encode("utf-8")),
        ("Contents/content.hpf", content_hpf(meta, images).encode("utf-8")),
        ("META-INF/container.xml", CONTAINER.encode("utf-8")),
        ("META-INF/manifest.xml", MANIFEST.encode("utf-8")),
    ]
    entries += [(i.href, i.data) for i in images]
    return write_zip(entries, stored=("mimetype",))
