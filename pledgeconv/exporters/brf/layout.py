"""Braille pages: items translated by liblouis, set in lines of a fixed number of cells and pages of
a fixed number of lines. Lines break only where the ink print had a space (never inside a word, nor
between a number and the space liblouis puts after it); a word longer than a line breaks between
two characters' cells with the continuation sign. The last line of every page holds its number."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence

from ...frozen import dataclass
from .cells import BLANK
from .ink import Item, Run
from .louis import Braille, Louis


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a braille page: its cells, and the ink print it came from."""

    cells: str
    ink: str = ""


@dataclass(frozen=True, slots=True)
class Page:
    """One braille page: its number and its lines (the number line last)."""

    number: int
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Geometry:
    """Cells per line and lines per page."""

    cells: int
    lines: int

    @property
    def body(self) -> int:
        """Lines of text on a page (the last holds the page number)."""
        return self.lines - 1


@dataclass(frozen=True, slots=True)
class Word:
    """A word's cells and, per cell, the ink-print character it came from (for breaking it)."""

    cells: str
    source: tuple[int, ...]
    ink: str


def words(braille: Braille, text: str) -> list[Word]:
    """``braille`` cut at the blanks that stand for a space of ``text`` (a blank liblouis adds
    itself, as after a number before 나 or 다, and a no-break space stay inside their word)."""
    out: list[Word] = []
    start = 0
    cells, source = braille.cells, braille.source

    def close(end: int) -> None:
        if end > start:
            chars = [i for i in source[start:end] if 0 <= i < len(text)]
            ink = text[min(chars) : max(chars) + 1].strip() if chars else ""
            out.append(Word(cells[start:end], source[start:end], ink))

    for i, cell in enumerate(cells):
        if cell == BLANK and 0 <= source[i] < len(text) and text[source[i]] == " ":
            close(i)
            start = i + 1
    close(len(cells))
    return out


class Typesetter:
    """Sets items into pages of ``geometry`` with liblouis table ``table``."""

    def __init__(self, louis: Louis, table: str, geometry: Geometry) -> None:
        self.louis = louis
        self.table = table
        self.geometry = geometry
        self.continuation = louis.translate("-", table).cells or "\u2824"
        self.pages: list[list[Line]] = [[]]
        self.translations: list[tuple[Item, str]] = []  # every item's braille, for the tests

    # -- translation -----------------------------------------------------------------

    def translate(self, runs: Sequence[Run]) -> tuple[Braille, str]:
        """The braille of ``runs`` with their emphasis, and their ink print. A character the table
        lacks is written as its compatibility form when the table has that (℃ as °C)."""
        known = self.louis.known(self.table)
        typeform: list[int] = []
        parts: list[str] = []
        for run in runs:
            text = run.text
            if not text.isascii():
                text = "".join(_compatible(ch, known) for ch in text)
            parts.append(text)
            typeform.extend([run.form] * len(text))
        text = "".join(parts)
        forms = typeform if any(typeform) else None
        return self.louis.translate(text, self.table, forms), text

    # -- lines -----------------------------------------------------------------------

    def set_lines(self, item: Item) -> list[Line]:
        """The lines of ``item``: words filled up to the line width, margins, centring."""
        width = self.geometry.cells
        lines: list[Line] = []
        translated: list[str] = []
        for runs in item.lines:
            braille, text = self.translate(runs)
            translated.append(braille.cells)
            current: list[str] = []
            ink: list[str] = []
            used = 0
            margin = item.first if not lines else item.rest
            margin = min(margin, max(width // 2, 0))

            def flush() -> None:
                nonlocal current, ink, used, margin
                if current:
                    lines.append(Line(BLANK * margin + BLANK.join(current), " ".join(ink)))
                current, ink, used = [], [], 0
                margin = min(item.rest, max(width // 2, 0))

            for word in words(braille, text):
                need = len(word.cells) + (1 if current else 0)
                if used + margin + need <= width:
                    current.append(word.cells)
                    ink.append(word.ink)
                    used += need
                    continue
                if len(word.cells) <= width - min(item.rest, width // 2):
                    flush()
                    current, ink, used = [word.cells], [word.ink], len(word.cells)
                    continue
                # A word longer than a line: break it between characters, with the continuation sign.
                rest_cells, rest_source = word.cells, word.source
                while rest_cells:
                    room = width - margin - used - (1 if current else 0)
                    if len(rest_cells) <= room:
                        current.append(rest_cells)
                        ink.append(word.ink)
                        used += len(rest_cells) + (1 if len(current) > 1 else 0)
                        break
                    cut = _cut(rest_source, room - len(self.continuation))
                    if cut <= 0:
                        if not current:  # not even one character fits: give it the line anyway
                            cut = _cut(rest_source, len(rest_source) - 1) or len(rest_cells)
                        else:
                            flush()
                            continue
                    current.append(rest_cells[:cut] + (self.continuation if cut < len(rest_cells) else ""))
                    ink.append(word.ink)
                    flush()
                    rest_cells, rest_source = rest_cells[cut:], rest_source[cut:]
            flush()
        if item.center:
            lines = [Line(_centre(line.cells, width), line.ink) for line in lines]
        self.translations.append((item, "".join(translated)))
        return lines

    # -- pages -----------------------------------------------------------------------

    @property
    def _page(self) -> list[Line]:
        return self.pages[-1]

    def new_page(self) -> None:
        """Start a page (unless the current one is empty)."""
        if self._page:
            self.pages.append([])

    def _room(self) -> int:
        return self.geometry.body - len(self._page)

    def blank(self) -> None:
        """A blank line, unless at the top of a page or after another blank line."""
        if self._page and self._page[-1].cells and self._room() > 0:
            self._page.append(Line(""))

    def place(self, item: Item) -> None:
        """Set ``item`` on the pages: a heading is kept with the line after it."""
        if item.kind == "page":
            self.new_page()
            return
        if item.kind == "blank":
            self.blank()
            return
        lines = self.set_lines(item)
        if not lines:
            return
        keep = len(lines) + (1 if item.kind.startswith("heading") else 0)
        if keep <= self.geometry.body and keep > self._room():
            self.new_page()
        for line in lines:
            if self._room() <= 0:
                self.new_page()
            self._page.append(line)
        if item.kind == "heading1":
            self.blank()

    def place_all(self, items: Iterable[Item]) -> None:
        """Set every item in order."""
        for item in items:
            self.place(item)

    def finish(self) -> list[Page]:
        """The pages, each with its braille page number at the right end of its last line."""
        pages = [p for p in self.pages if any(line.cells for line in p)] or [[]]
        out: list[Page] = []
        for number, lines in enumerate(pages, start=1):
            while lines and not lines[-1].cells:
                lines = lines[:-1]
            label = self.louis.translate(str(number), self.table).cells
            body = list(lines) + [Line("")] * (self.geometry.body - len(lines))
            number_line = Line(BLANK * (self.geometry.cells - len(label)) + label, f"{number}")
            out.append(Page(number, (*body, number_line)))
        return out


def _compatible(ch: str, known: Callable[[str], bool]) -> str:
    if ch.isascii() or "\uac00" <= ch <= "\ud7a3" or known(ch):
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    return folded if folded != ch and all(map(known, folded)) else ch


def _cut(source: Sequence[int], limit: int) -> int:
    """The largest cut ≤ ``limit`` that falls between two characters' cells (0 if none)."""
    for cut in range(min(limit, len(source) - 1), 0, -1):
        if source[cut] != source[cut - 1]:
            return cut
    return 0


def _centre(cells: str, width: int) -> str:
    text = cells.strip(BLANK)
    return BLANK * max((width - len(text)) // 2, 0) + text
