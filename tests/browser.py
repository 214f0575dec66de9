"""A headless Chromium (selenium + Debian's chromedriver) that opens outputs and measures their layout."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import IN_CI, ROOT, require_tool

DESKTOP = (1280, 900)
PHONE = (390, 844)  # a common phone's CSS viewport

# One pass over the open page: every fact the tests assert, measured by the browser itself.
MEASURE = r"""
const out = {};
const doc = document.documentElement;
out.viewport = doc.clientWidth;
out.scrollWidth = Math.max(doc.scrollWidth, document.body ? document.body.scrollWidth : 0);

function lines(rects) {  // distinct line boxes among a range's rectangles
  const tops = [];
  for (const r of rects) {
    if (r.width === 0 && r.height === 0) continue;
    if (!tops.some(t => Math.abs(t - r.top) < r.height / 2)) tops.push(r.top);
  }
  return tops.length;
}
function words(root) {  // [word, lines] for each word under root (a line may end after a middle dot)
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/[^\s·‧ㆍ]+[·‧ㆍ]?|[·‧ㆍ]/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      found.push([m[0], lines(range.getClientRects())]);
    }
  }
  return found;
}
out.brokenCells = [];
for (const cell of document.querySelectorAll("td, th")) {
  for (const [w, n] of words(cell)) if (n > 1) out.brokenCells.push(w);
}

const text = document.querySelector("main > p, section > p, body > p") || document.body;
const bodySize = parseFloat(getComputedStyle(text).fontSize);
out.bodySize = bodySize;
out.smallHeadings = [];
for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
  if (h.closest("[hidden]")) continue;
  const size = parseFloat(getComputedStyle(h).fontSize);
  if (size < bodySize) out.smallHeadings.push([h.tagName, h.textContent.trim().slice(0, 30), size]);
}

out.emphasis = [];
for (const em of document.querySelectorAll("em")) {
  const s = getComputedStyle(em);
  out.emphasis.push([s.textEmphasisStyle, s.textEmphasisPosition, s.fontStyle]);
}

// Contents: the number the list draws (if any) and the number the entry's text starts with.
const NUMBERED = /^\s*(\d+[.)]|[①-⑳]|[가-하][.)]|(첫|둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열)째)/;
out.toc = [];
for (const li of document.querySelectorAll("nav#toc li")) {
  const list = li.parentElement;
  const marker = getComputedStyle(li).listStyleType !== "none" && getComputedStyle(li).display === "list-item";
  const a = li.querySelector(":scope > a");
  const text = a ? a.textContent : "";
  out.toc.push([marker, NUMBERED.test(text), text.trim().slice(0, 30)]);
}
const nav = document.querySelector("nav#toc");
const title = document.querySelector("h1");
out.titleBeforeToc = null;
if (nav && title) {
  out.titleBeforeToc = Boolean(title.compareDocumentPosition(nav) & Node.DOCUMENT_POSITION_FOLLOWING)
    && title.getBoundingClientRect().top < nav.getBoundingClientRect().top;
}

// Notes: the number a marker shows against the number its note shows.
function shownNumber(li) {
  const list = li.parentElement;
  if (getComputedStyle(li).listStyleType === "none") {
    const m = li.textContent.match(/^\s*(\d+)/);
    return m ? Number(m[1]) : null;
  }
  let ordinal = list.hasAttribute("start") ? Number(list.getAttribute("start")) : 1;
  for (const item of list.children) {
    if (item.localName !== "li") continue;
    if (item.hasAttribute("value")) ordinal = Number(item.getAttribute("value"));
    if (item === li) return ordinal;
    ordinal += 1;
  }
  return null;
}
out.notes = [];
for (const a of document.querySelectorAll("sup.footnote-ref a")) {
  const href = a.getAttribute("href");
  const hash = href.indexOf("#");
  if (href.slice(0, hash) !== "") continue;  // the note lives in another file: checked there
  const note = document.getElementById(decodeURIComponent(href.slice(hash + 1)));
  const li = note && note.closest("li");  // EPUB: the note is an aside in its list item
  out.notes.push([a.textContent.trim(), li ? shownNumber(li) : null]);
}

// A dash that opens an attribution stays on the line of the name after it.
out.detachedDashes = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  for (const m of node.data.matchAll(/[—―]\s*(?=\S)/g)) {
    const range = document.createRange();
    range.setStart(node, m.index);
    range.setEnd(node, Math.min(node.data.length, m.index + m[0].length + 1));
    if (lines(range.getClientRects()) > 1) out.detachedDashes.push(node.data.slice(m.index, m.index + 8));
  }
}

// KLREQ: closing marks, middle dots and sentence punctuation never start a line.
out.badLineStarts = [];
const walker3 = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker3.nextNode(); node; node = walker3.nextNode()) {
  for (const m of node.data.matchAll(/(?<=\S)[)\]}」』’”.,?!:;…·‧ㆍ]/g)) {
    let start = m.index - 1;
    if (start > 0 && node.data[start] === "\u2060") start -= 1;
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, m.index + 1);
    if (lines(range.getClientRects()) > 1) out.badLineStarts.push(node.data.slice(Math.max(0, m.index - 4), m.index + 4));
  }
}

// A particle never leaves the word it follows: "10%" / "로", "(Markdown)" / "을".
out.particleBreaks = [];
const walker4 = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker4.nextNode(); node; node = walker4.nextNode()) {
  for (const m of node.data.matchAll(/[%℃)\]’”」』]\u2060?[가-힣]/g)) {
    const range = document.createRange();
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    if (lines(range.getClientRects()) > 1) out.particleBreaks.push(node.data.slice(Math.max(0, m.index - 4), m.index + 4));
  }
  const before = node.previousSibling;
  if (!before || before.nodeType !== Node.ELEMENT_NODE || !/^\u2060?[가-힣]/.test(node.data)) continue;
  const inner = document.createTreeWalker(before, NodeFilter.SHOW_TEXT);
  let last = null;
  for (let t = inner.nextNode(); t; t = inner.nextNode()) if (t.data.length) last = t;
  if (!last || !/[%℃)\]’”」』]$/.test(last.data)) continue;
  const range = document.createRange();
  range.setStart(last, last.data.length - 1);
  range.setEnd(node, node.data[0] === "\u2060" ? 2 : 1);
  if (lines(range.getClientRects()) > 1) out.particleBreaks.push(last.data.slice(-4) + node.data.slice(0, 3));
}

// korean.mark_breaks: the middle dot of a pair (전향적·미래지향적, 미‧중) and a hyphen joined to
// Hangul (K-외교) never end a line.
out.heldBreaks = [];
const walker6 = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker6.nextNode(); node; node = walker6.nextNode()) {
  for (const m of node.data.matchAll(/[^\s]+/g)) {
    const word = m[0];
    const dots = [...word.matchAll(/[·‧ㆍ]/g)];
    const hyphen = word.search(/[A-Za-z0-9]-\u2060?[가-힣]/);
    let at = -1;
    if (dots.length === 1 && dots[0].index > 0 && dots[0].index < word.length - 1) at = dots[0].index;
    else if (hyphen >= 0) at = hyphen + 1;
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, m.index + at - 1);
    range.setEnd(node, Math.min(node.data.length, m.index + at + (word[at + 1] === "\u2060" ? 3 : 2)));
    if (lines(range.getClientRects()) > 1) out.heldBreaks.push(word.replaceAll("\u2060", ""));
  }
}

// ‧ (U+2027) drawn as a narrow middle dot, not a full-width CJK cell.
out.hyphenationPoints = [];
const walker2 = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker2.nextNode(); node; node = walker2.nextNode()) {
  const i = node.data.indexOf("\u2027");
  if (i < 0) continue;
  const range = document.createRange();
  range.setStart(node, i);
  range.setEnd(node, i + 1);
  const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
  out.hyphenationPoints.push(range.getBoundingClientRect().width / size);
}

// An <a> with no address (an anchor, or a link whose unsafe href was removed) looks like its text.
out.deadLinks = [];
for (const a of document.querySelectorAll("a:not([href])")) {
  if (!a.textContent.trim()) continue;
  const mine = getComputedStyle(a), around = getComputedStyle(a.parentElement);
  out.deadLinks.push([a.textContent.trim().slice(0, 20), mine.color === around.color
    && !mine.textDecorationLine.includes("underline")]);
}
return out;
"""


@dataclass
class Page:
    """What the browser measured on one page at one width."""

    name: str
    width: int
    facts: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.name} at {self.width} px"


class Browser:
    """One headless Chromium for many pages (starting it is the slow part)."""

    def __init__(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        chromium = require_tool("chromium", "apt-get install chromium")
        driver = require_tool("chromedriver", "apt-get install chromium-driver")
        self.profile = tempfile.mkdtemp(prefix="pledgeconv-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--user-data-dir={self.profile}",
        ):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(service=Service(driver), options=options)

    def measure(self, path: Path, width: int) -> Page:
        """Open ``path`` at ``width`` CSS pixels (a phone below 600) and measure it. An EPUB page
        (``.xhtml``) is laid out to the screen's width, as a reading system does (it has no
        viewport meta: a phone browser would lay it out 980 px wide and zoom out)."""
        phone = width < 600
        height = PHONE[1] if phone else DESKTOP[1]
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": width,
                "height": height,
                "deviceScaleFactor": 1,
                "mobile": phone and path.suffix != ".xhtml",
            },
        )
        self.driver.get(path.resolve().as_uri())
        self.driver.execute_script("return document.fonts.ready")
        return Page(path.name, width, self.driver.execute_script(MEASURE))

    def axe(self, path: Path, width: int) -> list[dict[str, Any]]:
        """Open ``path`` at ``width`` CSS pixels and run axe-core on it (WCAG 2.0-2.2 A/AA and best
        practices): its violations, each with the rule's id, impact and the nodes' targets."""
        phone = width < 600
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": PHONE[1] if phone else DESKTOP[1], "deviceScaleFactor": 1,
             "mobile": phone and path.suffix != ".xhtml"},
        )  # fmt: skip
        self.driver.get(path.resolve().as_uri())
        self.driver.execute_script("return document.fonts.ready")
        self.driver.execute_script(axe_source())
        self.driver.set_script_timeout(60)
        found: list[dict[str, Any]] = self.driver.execute_async_script(AXE_RUN)
        return found

    def close(self) -> None:
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)


def epub_pages(epub: Path, folder: Path) -> list[Path]:
    """The spine documents of an EPUB, unpacked into ``folder``, in reading order."""
    from bs4 import BeautifulSoup

    with zipfile.ZipFile(epub) as zf:
        zf.extractall(folder)
    opf_path = folder / "EPUB" / "content.opf"
    opf = BeautifulSoup(opf_path.read_text(encoding="utf-8"), "xml")
    manifest = {item["id"]: item["href"] for item in opf.find_all("item")}
    spine = opf.find("spine")
    assert spine is not None
    return [opf_path.parent / str(manifest[ref["idref"]]) for ref in spine.find_all("itemref")]


AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"  # tests/run.sh installs it
AXE_RUN = r"""
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  r => done(r.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5), count: v.nodes.length}))),
  e => done([{id: "axe-error", impact: "critical", nodes: [String(e)], count: 1}]));
"""
_axe: list[str] = []


def axe_source() -> str:
    """axe-core's script (npm axe-core@4, installed by tests/run.sh into .cache/axe); in CI its absence
    fails the run, elsewhere it skips."""
    if not _axe:
        if not AXE.is_file():
            import pytest

            message = f"axe-core is not installed ({AXE}: npm install --prefix .cache/axe axe-core@4)"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)
        _axe.append(AXE.read_text(encoding="utf-8"))
    return _axe[0]
