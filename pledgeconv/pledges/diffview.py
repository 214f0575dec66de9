"""A pledge diff as text (coloured on a terminal) or as one self-contained HTML page."""

from __future__ import annotations

import html

from .diff import PledgeDiff, word_diff
from .recognise import Pledge

_RED, _GREEN, _BOLD, _DIM, _RESET = "\033[9;31m", "\033[32m", "\033[1m", "\033[2m", "\033[0m"


def _where(p: Pledge) -> str:
    return f"{p.source}:{p.line}" if p.source else f"{p.line}"


def _words(old: str | None, new: str | None, colour: bool) -> str:
    out: list[str] = []
    for op, text in word_diff(old or "", new or ""):
        if op == "=":
            out.append(text)
        elif colour:
            out.append(f"{_RED if op == '-' else _GREEN}{text}{_RESET}")
        else:
            out.append(f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
    return "".join(out)


def to_text(diff: PledgeDiff, *, colour: bool = False) -> str:
    """The diff for a terminal or a log: one section per kind of change; words changed in an item
    shown as ``[-old-]{+new+}`` (or red and green with ``colour``)."""
    bold = (lambda s: f"{_BOLD}{s}{_RESET}") if colour else (lambda s: s)
    lines: list[str] = []
    if not diff.differ:
        return "공약 변경 없음 (no changes in the pledges)\n"
    counts = (
        f"추가 {len(diff.added)} · 삭제 {len(diff.removed)} · 제목 변경 {len(diff.renamed)} · "
        f"내용 변경 {len(diff.changed)}"
    )
    lines.append(bold(counts))
    for p in diff.added:
        lines.append(f"{_GREEN if colour else ''}+ 추가: {p.title}{_RESET if colour else ''}  ({_where(p)})")
    for p in diff.removed:
        lines.append(f"{_RED if colour else ''}- 삭제: {p.title}{_RESET if colour else ''}  ({_where(p)})")
    for o, n in diff.renamed:
        lines.append(f"~ 제목 변경: {_words(o.title, n.title, colour)}  ({_where(n)})")
    for change in diff.changed:
        lines.append("")
        lines.append(bold(f"* 내용 변경: {change.new.title}") + f"  ({_where(change.new)})")
        for item in change.items:
            body = _words(item.old, item.new, colour).replace("\n", "\n    ")
            if item.old is None:
                body += "  (새 항목)"
            elif item.new is None:
                body += "  (항목 삭제)"
            lines.append(f"  {item.key}: {body}")
    return "\n".join(lines) + "\n"


_CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans KR", "Nanum Gothic", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif;
  max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.7; color: #1a1a1a; }
:lang(ko) { word-break: keep-all; overflow-wrap: anywhere; line-break: strict; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
.summary { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; padding: 0; list-style: none; }
.summary li { font-weight: bold; }
.pledge { margin: 1rem 0; } .where { color: #666; font-size: .85em; }
dl.items dt { font-weight: bold; margin-top: .6rem; }
dl.items dd { margin-left: 1rem; white-space: pre-line; }
del { background: #ffe3e3; color: #8a1111; text-decoration: line-through; }
ins { background: #dcf5dc; color: #0b5d1e; text-decoration: none; }
del + ins { margin-left: .2em; }
h3 .where, li .where { margin-left: .4em; font-weight: normal; }
.none { color: #666; }
"""


def _words_html(old: str | None, new: str | None) -> str:
    out: list[str] = []
    for op, text in word_diff(old or "", new or ""):
        esc = html.escape(text)
        out.append(esc if op == "=" else f"<del>{esc}</del>" if op == "-" else f"<ins>{esc}</ins>")
    return "".join(out)


def to_html(
    diff: PledgeDiff, *, title: str = "공약 변경 비교", old_name: str = "", new_name: str = ""
) -> str:
    """One self-contained HTML page (no scripts, no outside files) a journalist can publish."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ko">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
    ]
    if old_name or new_name:
        parts.append(f'<p class="where">{e(old_name)} → {e(new_name)}</p>')
    parts.append('<ul class="summary">')
    for label, n in (
        ("추가", len(diff.added)),
        ("삭제", len(diff.removed)),
        ("제목 변경", len(diff.renamed)),
        ("내용 변경", len(diff.changed)),
    ):
        parts.append(f"<li>{label} {n}</li>")
    parts.append("</ul>")
    if not diff.differ:
        parts.append('<p class="none">두 판의 공약이 같습니다.</p>')

    def section(heading: str, pledges: tuple[Pledge, ...], tag: str) -> None:
        if not pledges:
            return
        parts.append(f"<h2>{heading}</h2>")
        parts.append("<ul>")
        for p in pledges:
            parts.append(f'<li><{tag}>{e(p.title)}</{tag}> <span class="where">{e(p.chapter)}</span></li>')
        parts.append("</ul>")

    section("추가된 공약", diff.added, "ins")
    section("삭제된 공약", diff.removed, "del")
    if diff.renamed:
        parts.append("<h2>제목이 바뀐 공약</h2>")
        parts.append("<ul>")
        parts.extend(f"<li>{_words_html(o.title, n.title)}</li>" for o, n in diff.renamed)
        parts.append("</ul>")
    if diff.changed:
        parts.append("<h2>내용이 바뀐 공약</h2>")
        for change in diff.changed:
            parts.append('<section class="pledge">')
            parts.append(f'<h3>{e(change.new.title)} <span class="where">{e(change.new.chapter)}</span></h3>')
            parts.append('<dl class="items">')
            for item in change.items:
                note = " (새 항목)" if item.old is None else " (항목 삭제)" if item.new is None else ""
                parts.append(f"<dt>{e(item.key)}{note}</dt><dd>{_words_html(item.old, item.new)}</dd>")
            parts.append("</dl>")
            parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
