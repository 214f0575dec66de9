"""The exceptions users see: one-line messages, each mapped to a documented exit code."""

from __future__ import annotations


class PledgeconvError(Exception):
    """Base of every error pledgeconv reports; ``exit_code`` is what the CLI exits with (70, an
    internal error, for one raised without a more precise kind: that is a bug)."""

    exit_code = 70


class InputError(PledgeconvError):
    """The input cannot be read as a Markdown text file (missing, binary, bad encoding, too big)."""

    exit_code = 3


class UsageError(PledgeconvError):
    """The request itself is wrong: unknown format, bad option, output equal to input."""

    exit_code = 2


class ExportError(PledgeconvError):
    """An exporter could not produce its output."""

    exit_code = 4


class OutputError(PledgeconvError):
    """The output cannot be written (unwritable folder, disk full)."""

    exit_code = 5


class WarningsAsErrors(PledgeconvError):
    """``--fail-on-warning`` was given and there were warnings; nothing was written."""

    exit_code = 6

    def __init__(self, message: str, warnings: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.warnings = warnings


class PledgeconvWarning(UserWarning):
    """What :func:`pledgeconv.export` met while rendering (a glyph no font has, a table too large
    for a page), issued with :mod:`warnings`; the :class:`~pledgeconv.model.Diagnostic` is ``args[1]``."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""
