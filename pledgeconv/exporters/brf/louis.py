"""liblouis through ctypes: translate ink print into Unicode braille with liblouis' own tables, and
say which braille cell came from which character (so the layout breaks lines only where the text had
a space). No braille rule is written here: every cell comes from the table."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
from collections.abc import Callable, Sequence

from ...errors import ExportError
from ...frozen import dataclass

#: The Debian packages that provide the library and its tables.
PACKAGES = "liblouis20 liblouis-data"
#: The contracted (약자, the Korean standard) and uncontracted tables, by grade.
TABLES = {2: "ko-g2.ctb", 1: "ko-g1.ctb"}
#: Emphasis classes as liblouis numbers them in a typeform (the order ko.cti declares them).
ITALIC = 1
BOLD = 4
_DOTS_IO = 4  # output dot patterns (0x8000 | dots) ...
_UC_BRL = 64  # ... as Unicode braille (U+2800 | dots)
_NO_UNDEFINED = 128  # a character the table lacks is left out instead of written as "\xhhhh"
_LOG_OFF = 60000  # LOU_LOG_OFF: the Korean tables declare their emphasis classes twice and say so


class LouisMissing(ExportError):
    """liblouis or its Korean tables are not installed."""


@dataclass(frozen=True, slots=True)
class Braille:
    """One translation: Unicode braille cells and, for each cell, the index of the ink-print
    character it came from."""

    cells: str
    source: tuple[int, ...]


def _library_path() -> str:
    """The shared library: ``$PLEDGECONV_LIBLOUIS`` (a path; tests point it at nothing), else the
    system's liblouis.so.20."""
    given = os.environ.get("PLEDGECONV_LIBLOUIS")
    if given is not None:
        return given
    return ctypes.util.find_library("louis") or "liblouis.so.20"


class Louis:
    """A loaded liblouis: ``translate`` text with a table."""

    def __init__(self) -> None:
        path = _library_path()
        try:
            lib = ctypes.CDLL(path)
            lib.lou_version.restype = ctypes.c_char_p
            lib.lou_setLogLevel(_LOG_OFF)
            self.char_size = int(lib.lou_charSize())
            self.version = lib.lou_version().decode("ascii", "replace")
        except (OSError, AttributeError) as exc:
            raise LouisMissing(
                f"brf needs liblouis and its Korean tables: install {PACKAGES} (apt-get install {PACKAGES}); "
                f"{path} could not be loaded ({exc.__class__.__name__})"
            ) from None
        lib.lou_getTable.restype = ctypes.c_void_p
        self.lib = lib
        self._encoding = "utf-32-le" if self.char_size == 4 else "utf-16-le"
        self._known: dict[tuple[str, str], bool] = {}
        #: Characters met that the table has no braille for (left out of the output).
        self.dropped: set[str] = set()

    def known(self, table: str) -> Callable[[str], bool]:
        """Whether ``table`` has braille for a character (asked of liblouis once per character)."""

        def has(ch: str) -> bool:
            key = (table, ch)
            if key not in self._known:
                self._known[key] = ch.isspace() or bool(self._translate(ch, table, None).cells)
            return self._known[key]

        return has

    def check_table(self, table: str) -> None:
        """A one-line LouisMissing when liblouis cannot compile ``table``."""
        if not self.lib.lou_getTable(table.encode("ascii")):
            raise LouisMissing(
                f"brf: liblouis {self.version} has no table {table}: install {PACKAGES} (apt-get install {PACKAGES})"
            )

    def translate(self, text: str, table: str, typeform: Sequence[int] | None = None) -> Braille:
        """``text`` in Unicode braille, with the source character of every cell; characters the
        table lacks are left out and remembered in ``dropped``."""
        has = self.known(table)
        for ch in set(text):
            if not ("\uac00" <= ch <= "\ud7a3" or ch.isascii()) and not has(ch):
                self.dropped.add(ch)
        return self._translate(text, table, typeform)

    def _translate(self, text: str, table: str, typeform: Sequence[int] | None) -> Braille:
        if not text:
            return Braille("", ())
        if self.char_size == 2:  # a UCS-2 build: characters beyond the BMP are not translatable
            text = "".join(ch if ord(ch) < 0x10000 else "\ufffd" for ch in text)
        data = text.encode(self._encoding)
        n = len(data) // self.char_size
        capacity = n * 8 + 64
        while True:
            inbuf = ctypes.create_string_buffer(data, len(data))
            outbuf = ctypes.create_string_buffer(capacity * self.char_size)
            inlen, outlen = ctypes.c_int(n), ctypes.c_int(capacity)
            inputpos = (ctypes.c_int * capacity)()
            forms = None
            if typeform is not None:
                forms = (ctypes.c_ushort * max(capacity, n))(*typeform[:n])
            ok = self.lib.lou_translate(
                table.encode("ascii"), inbuf, ctypes.byref(inlen), outbuf, ctypes.byref(outlen), forms,
                None, None, inputpos, None, _DOTS_IO | _UC_BRL | _NO_UNDEFINED,
            )  # fmt: skip
            if not ok:
                raise ExportError(f"brf: liblouis could not translate with {table}")
            if inlen.value >= n or capacity > n * 64:
                break
            capacity *= 4  # the output filled up before the input was used
        cells = outbuf.raw[: outlen.value * self.char_size].decode(self._encoding)
        return Braille(cells, tuple(inputpos[: outlen.value]))


@functools.cache
def louis() -> Louis:
    """The process's liblouis (loaded once); a one-line LouisMissing when it is not installed."""
    return Louis()
