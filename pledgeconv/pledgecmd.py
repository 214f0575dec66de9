"""The pledge commands behind the CLI: the checklist of ``check``, ``schema`` and ``diff``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UsageError
from .model import Diagnostic, Document, Meta

if TYPE_CHECKING:  # the pledge machinery loads when a pledge command runs, not with the CLI
    from .pledges import Pledge

EXIT_DIFFER = 1  # like git diff --exit-code
DIFF_FORMATS = ("text", "json", "html")
PROFILES = ("election-book",)
SCHEMA_NAMES = ("pledges", "pledges-nec")
#: Where ``--pledge-table`` puts the 공약 이행계획표 (pledges.table.add_pledge_table's ``where``).
TABLE_PLACES = ("chapter", "book")


def add_arguments(
    check: argparse.ArgumentParser,
    build: argparse.ArgumentParser,
    convert: argparse.ArgumentParser,
    sub: Any,
    serve: argparse.ArgumentParser,
) -> None:
    """The pledge options of check/build/convert/serve, and the ``schema`` and ``diff`` subcommands."""
    for p in (check, build, serve):
        p.add_argument(
            "--require-pledge-items",
            action="store_true",
            help="warn for each pledge that misses one of the five items of the election law "
            "(목표, 우선순위, 이행절차, 이행기한, 재원조달방안) and exit 6",
        )
        p.add_argument(
            "--profile",
            choices=PROFILES,
            help="election-book: a 선거공약서 (the five items, and the closing line of 제66조)",
        )
    check.add_argument(
        "--braille", action="store_true",
        help="report the braille bulletin's page count (-t brf; needs liblouis) and warn over the "
        "election's cap (exit 6)",
    )  # fmt: skip
    from .options import SPECS

    for spec in SPECS:  # the braille layout options, as convert and build take them
        if spec.formats == ("brf",) and spec.kind == "value":
            check.add_argument(spec.flag, dest=f"opt_{spec.name}", type=spec.type, metavar=spec.metavar,
                               choices=list(spec.choices) or None, default=argparse.SUPPRESS,
                               help=f"with --braille: {spec.help}")  # fmt: skip
    for p in (convert, build):
        p.add_argument(
            "--pledge-table",
            nargs="?",
            const="chapter",
            choices=TABLE_PLACES,
            help="add a 공약 이행계획표 (pledges × five items) after each chapter, or once at the end",
        )
    schema = sub.add_parser("schema", help="print the JSON Schema of a data format")
    schema.add_argument("name", choices=SCHEMA_NAMES, help="pledges, or pledges-nec")
    diff = sub.add_parser(
        "diff", help="compare the pledges of two versions (documents, books or .pledges.json)"
    )
    diff.add_argument("old", metavar="OLD")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--format", choices=DIFF_FORMATS, default="text", help="text (default), json or html")
    diff.add_argument("-o", "--output", help="write to FILE instead of standard output")
    diff.add_argument(
        "--exit-code", action="store_true", help="exit 1 when the pledges differ, like git diff"
    )
    diff.add_argument(
        "--color", choices=["auto", "always", "never"], default="auto", help="colour text output"
    )
    diff.add_argument("--strict", action="store_true", help=argparse.SUPPRESS)


def is_book(target: str) -> bool:
    """A folder of chapters or a pledgeconv.toml (not a single Markdown file)."""
    path = Path(target)
    return path.is_dir() or path.name == "pledgeconv.toml"


def load_book(target: str, read_options: dict[str, Any] | None = None) -> tuple[Document, Path]:
    """A book's assembled Document and its root folder (``read_options``: the parse options given,
    over the manifest's)."""
    from .book import assemble, load_config, read_options_of

    config = load_config(target)
    return assemble(config, read_options_of(config, read_options)), config.root


def book_warnings(doc: Document, root: Path) -> list[Diagnostic]:
    """Warnings with file names relative to here (the manifest names them relative to the book)."""
    return [
        Diagnostic(w.code, w.message, w.line, os.path.relpath(root / w.source))
        if w.source and not os.path.isabs(w.source)
        else w
        for w in doc.warnings
    ]


def outline_warnings(doc: Document, root: Path | None = None) -> list[Diagnostic]:
    """``check``'s warnings about the heading outline (a skipped level), chapter files named from here."""
    from .headings import heading_skips

    found = heading_skips(doc)
    if root is not None:
        found = [Diagnostic(w.code, w.message, w.line, os.path.relpath(root / w.source)) if w.source else w
                 for w in found]  # fmt: skip
    return found


def checklist(doc: Document, args: argparse.Namespace, root: Path | None = None) -> list[Diagnostic]:
    """The pledge warnings ``check`` and ``build`` add when asked (``--require-pledge-items``/``--profile``),
    and ``check --braille``'s page count (printed) and cap warning."""
    found = braille_check(doc, args)
    if not (getattr(args, "require_pledge_items", False) or getattr(args, "profile", None)):
        return found
    return found + _pledge_checklist(doc, args, root)


def braille_check(doc: Document, args: argparse.Namespace) -> list[Diagnostic]:
    """``check --braille`` (or ``--election``): print the braille page count; over the cap, a warning."""
    given = {k[4:]: v for k, v in vars(args).items() if k.startswith("opt_")}
    if not (getattr(args, "braille", False) or "election_kind" in given):
        return []
    from .exporters.brf import typeset
    from .options import ExportOptions
    from .resolve import resolve

    options = ExportOptions.from_mapping(given)
    book = typeset(resolve(doc, options), options)
    cap = f"cap {book.cap} for a {book.kind} election" if book.cap else "no cap known: give --election"
    if not getattr(args, "quiet", False):
        print(f"{doc.source}: {len(book.pages)} braille pages ({book.geometry.cells} cells × "
              f"{book.geometry.lines} lines, {book.table}; {cap})", file=sys.stderr)  # fmt: skip
    return [w for w in book.warnings if w.code == "braille-pages"]


def _pledge_checklist(doc: Document, args: argparse.Namespace, root: Path | None) -> list[Diagnostic]:
    from .pledges.check import check_pledges

    found = check_pledges(doc, profile=args.profile)
    if root is not None:
        found = [
            Diagnostic(w.code, w.message, w.line, os.path.relpath(root / w.source)) if w.source else w
            for w in found
        ]
    return found


def schema(args: argparse.Namespace) -> int:
    """``pledgeconv schema pledges``: print the shipped JSON Schema."""
    from .pledges.data import schema_text

    sys.stdout.write(schema_text(args.name))
    return 0


def _from_json(path: Path) -> tuple[Meta, tuple[Pledge, ...]]:
    import json

    from .pledges import Item, Pledge

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != "pledgeconv/pledges/1":
            raise UsageError(f"{path}: not a pledgeconv pledges file (schema pledgeconv/pledges/1)")
        meta = Meta(title=data["meta"].get("title", ""), author=data["meta"].get("candidate", ""))
        pledges = tuple(
            Pledge(
                p["id"],
                p["order"],
                p["title"],
                p.get("chapter", ""),
                tuple(
                    Item(k, v.get("label", k), v["text"], v.get("markdown", v["text"]), v.get("line", 0))
                    for k, v in p["items"].items()
                    if v is not None
                ),
                p["source"]["line"],
                p["source"]["file"],
            )
            for p in data["pledges"]
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{path}: cannot read pledges ({type(exc).__name__}: {exc})") from None
    return meta, pledges


def load_pledges(target: str) -> tuple[Meta, tuple[Pledge, ...]]:
    """The pledges of a Markdown file, a book, or a ``.pledges.json`` written by pledgeconv."""
    from .pledges import find_pledges

    path = Path(target)
    if path.suffix == ".json" and path.is_file():
        return _from_json(path)
    if is_book(target):
        doc, _ = load_book(target)
    else:
        from .api import parse

        doc = parse(path)
    return doc.meta, find_pledges(doc)


def diff(args: argparse.Namespace) -> int:
    """``pledgeconv diff OLD NEW``: what changed in the pledges, as text, JSON or HTML."""
    from .pledges.diff import compare, to_json
    from .pledges.diffview import to_html, to_text

    _, old = load_pledges(args.old)
    new_meta, new = load_pledges(args.new)
    result = compare(old, new)
    if args.format == "json":
        import json

        text = json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        title = f"{new_meta.title} — 공약 변경 비교" if new_meta.title else "공약 변경 비교"
        text = to_html(result, title=title, old_name=args.old, new_name=args.new)
    else:
        to_terminal = args.output in (None, "-") and sys.stdout.isatty()
        colour = args.color == "always" or (
            args.color == "auto" and to_terminal and "NO_COLOR" not in os.environ
        )
        text = to_text(result, colour=colour)
    if args.output and args.output != "-":
        from .output import write_atomic

        write_atomic(Path(args.output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return EXIT_DIFFER if args.exit_code and result.differ else 0
