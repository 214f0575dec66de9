"""The command line: ``pledgeconv convert|check|build|diff|schema|manifest merge|formats``; main(argv)
returns the exit code. Reading and rendering options are made from their declarations in options.py."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import __version__, pledgecmd
from .errors import PledgeconvError, UsageError, WarningsAsErrors
from .model import Diagnostic
from .options import PARSE_SPECS, SPECS, OptionSpec, read_text_option

EXIT_OK = 0
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h); 1 is diff --exit-code's "the pledges differ", as in git
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


def _print_traceback(exc: BaseException | None = None) -> None:
    """--debug: the traceback (of ``exc``, else of the exception being handled)."""
    import traceback  # only with --debug: 2 ms of every start otherwise

    if exc is None:
        traceback.print_exc()
    else:
        traceback.print_exception(exc)


def _report(exc: PledgeconvError, debug: bool) -> int:
    """Print an error as its one line (after its traceback with --debug); return its exit code."""
    if debug:
        _print_traceback(exc)
    print(f"pledgeconv: error: {exc}", file=sys.stderr)
    return exc.exit_code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--fail-on-warning", action="store_true", help="exit non-zero (6) on any warning, writing nothing"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    _declared(p, PARSE_SPECS, "reading options")


def _declared(p: argparse.ArgumentParser, specs: Sequence[OptionSpec], title: str) -> None:
    """Options made from their declarations (the same for every command that takes them); only
    those given on the command line land in the namespace, as ``opt_<name>``."""
    group = p.add_argument_group(title)
    for spec in specs:
        if not spec.flag:
            continue
        where = f"{', '.join(f.upper() for f in spec.formats)}: " if spec.formats else ""
        helptext = where + spec.help
        if spec.type is bool and spec.off_flag:  # three states: on, off, or left to the document
            both = group.add_mutually_exclusive_group()
            both.add_argument(spec.flag, dest=f"opt_{spec.name}", action="store_const", const=True,
                              default=argparse.SUPPRESS, help=helptext)  # fmt: skip
            both.add_argument(spec.off_flag, dest=f"opt_{spec.name}", action="store_const", const=False,
                              default=argparse.SUPPRESS,
                              help=where + spec.off_help if spec.off_help else f"the opposite of {spec.flag}")  # fmt: skip
        elif spec.type is bool:
            group.add_argument(
                spec.flag, dest=f"opt_{spec.name}", action="store_const", const=not spec.default,
                default=argparse.SUPPRESS, help=helptext,
            )  # fmt: skip
        elif spec.kind == "paths":
            group.add_argument(spec.flag, dest=f"opt_{spec.name}", action="append", metavar=spec.metavar,
                               default=argparse.SUPPRESS, help=helptext)  # fmt: skip
        else:
            group.add_argument(
                spec.flag, dest=f"opt_{spec.name}", type=spec.type, choices=list(spec.choices) or None,
                metavar=spec.metavar, default=argparse.SUPPRESS, help=helptext,
            )  # fmt: skip


def _given(args: argparse.Namespace, specs: Sequence[OptionSpec]) -> dict[str, Any]:
    """The declared options given on the command line (only those given)."""
    out: dict[str, Any] = {}
    for spec in specs:
        key = f"opt_{spec.name}"
        if hasattr(args, key):
            value = getattr(args, key)
            out[spec.name] = read_text_option(value, spec) if spec.kind == "file-text" else value
    return out


def build_parser(plugin_specs: Sequence[OptionSpec] = ()) -> argparse.ArgumentParser:
    """The argparse parser for every subcommand (with the options installed plugins declare)."""
    specs = (*SPECS, *plugin_specs)
    parser = _Parser(prog="pledgeconv", description="Convert Korean pledge documents from Markdown.")
    parser.add_argument("--version", action="version", version=f"pledgeconv {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    conv = sub.add_parser("convert", help="convert Markdown files")
    conv.add_argument("inputs", nargs="+", metavar="INPUT", help="Markdown file(s), or - for stdin")
    conv.add_argument("-t", "--to", help="formats: html,docx,pdf,epub or all (default: from -o, else html)")
    conv.add_argument("-o", "--output", help="output file, folder (DIR/<stem>.<ext>), or - for stdout")
    conv.add_argument(
        "-j", "--jobs", type=int, default=None,
        help="worker processes for several formats (default: the CPUs; one for an input over about 20 MiB)",
    )  # fmt: skip
    _common(conv)
    _declared(conv, specs, "rendering options")

    check = sub.add_parser("check", help="parse and report warnings, writing nothing")
    check.add_argument("inputs", nargs="+", metavar="INPUT")
    _common(check)

    bld = sub.add_parser("build", help="build pledge books (a folder of chapters or pledgeconv.toml)")
    bld.add_argument("targets", nargs="*", metavar="DIR|pledgeconv.toml", help="books to build (default: .)")
    bld.add_argument("-o", "--output", default="dist", help="output folder (default dist/)")
    bld.add_argument("-t", "--to", help="formats (default: the manifest's, else all)")
    bld.add_argument("--per-chapter", action="store_true", help="also write each chapter on its own")
    bld.add_argument("-j", "--jobs", type=int, default=None, help="worker processes (default: CPU count)")
    bld.add_argument("--shard", metavar="I/N", help="build only shard I of N of the given books")
    bld.add_argument("--incremental", action="store_true", help="keep artifacts whose inputs did not change")
    _common(bld)
    _declared(bld, specs, "rendering options")

    man = sub.add_parser("manifest", help="work with build manifests")
    man_sub = man.add_subparsers(dest="manifest_command", parser_class=_Parser)
    merge = man_sub.add_parser("merge", help="join shard manifests into one")
    merge.add_argument("manifests", nargs="+", metavar="manifest.json")
    merge.add_argument("-o", "--output", default="-", help="merged manifest path (default: stdout)")

    sub.add_parser("formats", help="list output formats")
    srv = sub.add_parser("serve", help="show the HTML of a document or book, updated as the files change")
    srv.add_argument("target", metavar="FILE|DIR|pledgeconv.toml", help="a Markdown file or a book")
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    srv.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    srv.add_argument("--no-browser", action="store_true", help="do not open a browser")
    _declared(srv, PARSE_SPECS, "reading options")
    _declared(srv, specs, "rendering options")
    pledgecmd.add_arguments(check, bld, conv, sub, srv)
    # --debug before or after the subcommand, in every one; accepted here, read once by main()
    for command in [parser, *sub.choices.values(), merge]:
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show the traceback of an error")  # fmt: skip
    return parser


def _print_warnings(warnings: Sequence[object], quiet: bool) -> None:
    if quiet:
        return
    for w in warnings:
        if isinstance(w, Diagnostic):
            print(w.format(), file=sys.stderr)


def _convert(args: argparse.Namespace) -> int:
    from .api import convert

    if args.output and len(args.inputs) > 1 and Path(args.output).suffix and not Path(args.output).is_dir():
        raise UsageError("several inputs need an output folder (-o DIR/), not a file")
    options = {**_given(args, PARSE_SPECS), **_given(args, args.option_specs)}
    status = EXIT_OK
    for src in args.inputs:
        try:
            result = convert(
                src,
                args.output,
                to=args.to,
                fail_on_warning=args.fail_on_warning,
                jobs=args.jobs,
                pledge_table=args.pledge_table,
                **options,
            )
        except WarningsAsErrors as exc:
            _print_warnings(exc.warnings, False)
            print(f"pledgeconv: error: {exc}", file=sys.stderr)
            status = max(status, exc.exit_code)
            continue
        except PledgeconvError as exc:
            status = max(status, _report(exc, args.debug))
            continue
        _print_warnings(result.warnings, args.quiet)
        for err in result.errors:
            status = max(status, _report(err, args.debug))
        if not args.quiet:
            for out in result.outputs:
                print(f"wrote {out}", file=sys.stderr)
    return status


def _check(args: argparse.Namespace) -> int:
    from .api import parse

    status = EXIT_OK
    for src in args.inputs:
        try:
            if src != "-" and pledgecmd.is_book(src):
                doc, root = pledgecmd.load_book(src, _given(args, PARSE_SPECS))
                warnings = pledgecmd.book_warnings(doc, root) + pledgecmd.outline_warnings(doc, root)
                pledge_warnings = pledgecmd.checklist(doc, args, root)
            else:
                doc = parse(sys.stdin.buffer.read() if src == "-" else Path(src), **_given(args, PARSE_SPECS))
                warnings = [*doc.warnings, *pledgecmd.outline_warnings(doc)]
                pledge_warnings = pledgecmd.checklist(doc, args)
        except PledgeconvError as exc:
            status = max(status, _report(exc, args.debug))
            continue
        merged: list[Diagnostic] = sorted([*warnings, *pledge_warnings], key=lambda w: (w.source, w.line))
        _print_warnings(merged, args.quiet)
        if (warnings and args.fail_on_warning) or pledge_warnings:
            status = max(status, WarningsAsErrors.exit_code)
    return status


def _progress(quiet: bool) -> object:
    """Plain one-line-per-artifact logging, or a tqdm bar when standard error is a terminal."""
    if quiet:
        return None
    if sys.stderr.isatty():
        try:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: the build forks worker processes
            bar = tqdm(total=0, unit="file", file=sys.stderr, leave=False)

            def tick(message: str) -> None:
                bar.total += 1
                bar.update(1)
                bar.set_description(message[:60])

            return tick
        except ImportError:
            pass
    return lambda message: print(message, file=sys.stderr)


def _from_here(path: str) -> str:
    """``path`` made absolute against the current folder, keeping a trailing slash (``DIR/``: a folder)."""
    absolute = str(Path(path).resolve())
    return absolute + os.sep if path.endswith(("/", os.sep)) else absolute


def _build(args: argparse.Namespace) -> int:
    from .book import build, load_config, merge_manifests, shard

    targets = args.targets or ["."]
    if args.shard:
        targets = shard(targets, args.shard)
        if not targets:
            print(f"pledgeconv: shard {args.shard} has no books", file=sys.stderr)
            return EXIT_OK
    specs = (*PARSE_SPECS, *args.option_specs)
    options = _given(args, specs)
    for spec in specs:  # paths given here: from here (the manifest's are from the book's folder)
        if spec.name in options and spec.kind == "path":
            options[spec.name] = _from_here(options[spec.name])
        elif spec.name in options and spec.kind == "paths":
            options[spec.name] = [_from_here(p) for p in options[spec.name]]
    pledge_checks = {"require_pledge_items": args.require_pledge_items, "profile": args.profile,
                     "pledge_table": args.pledge_table}  # fmt: skip
    status = EXIT_OK
    all_warnings: list[Diagnostic] = []
    manifests = []
    out_root = Path(args.output)
    for target in targets:
        try:
            config = load_config(target)
            out = out_root if len(targets) == 1 else out_root / config.output
            result = build(config, out, to=args.to, jobs=args.jobs, per_chapter=args.per_chapter,
                           incremental=args.incremental, progress=_progress(args.quiet), **pledge_checks, **options)  # type: ignore[arg-type]  # fmt: skip
        except PledgeconvError as exc:
            status = max(status, _report(exc, args.debug))
            continue
        for err in result.errors:  # each with the code of its cause: 4 an exporter, 5 a write
            status = max(status, _report(err, args.debug))
        # The manifest names files relative to the book; the terminal, relative to here (editors jump).
        root = result.root or Path.cwd()
        all_warnings.extend(
            replace(w, source=os.path.relpath(root / w.source))
            if w.source and not os.path.isabs(w.source)
            else w
            for w in result.warnings
        )
        if result.manifest is not None:
            manifests.append(result.manifest)
        from .pledges.check import CODES as PLEDGE_CODES

        if any(w.code in PLEDGE_CODES for w in result.warnings):
            status = max(status, WarningsAsErrors.exit_code)
    if len(manifests) > 1:
        from .output import write_atomic

        try:
            write_atomic(out_root / "manifest.json", merge_manifests(manifests).encode("utf-8"))
        except PledgeconvError as exc:
            status = max(status, _report(exc, args.debug))
    if all_warnings:
        if not args.quiet or args.fail_on_warning:
            print(f"{len(all_warnings)} warning(s):", file=sys.stderr)
            _print_warnings(all_warnings, False)
        if args.fail_on_warning:
            status = max(status, WarningsAsErrors.exit_code)
    return status


def _manifest(args: argparse.Namespace) -> int:
    from .book import merge_manifests

    if args.manifest_command != "merge":
        raise UsageError("manifest takes a subcommand: merge")
    merged = merge_manifests(args.manifests)
    if args.output == "-":
        sys.stdout.write(merged)
    else:
        from .output import write_atomic

        write_atomic(Path(args.output), merged.encode("utf-8"))
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    css = getattr(args, "opt_css", None)  # the file, read again on each change (not its text once)
    options = _given(args, [s for s in args.option_specs if s.name != "css"])
    return serve(args, options, _given(args, PARSE_SPECS), Path(css) if css is not None else None)


def _formats() -> int:
    from .exporters import formats

    for info in formats():
        print(f"{info.name:6} {' '.join(info.suffixes):12} {info.description}")
    return EXIT_OK


def _parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse the command line; the options of installed plugin formats are looked up (an
    entry-point scan) only when the built-in ones do not cover an argument."""
    args, rest = build_parser().parse_known_args(argv)
    specs: tuple[OptionSpec, ...] = SPECS
    if rest:
        from .exporters import plugin_options

        plugin_specs = plugin_options()
        args = build_parser(plugin_specs).parse_args(argv)  # still unknown: a UsageError naming it
        specs = (*SPECS, *plugin_specs)
    args.option_specs = specs
    return args


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that temp files are removed on the way out."""


def _on_sigterm(_signum: int, _frame: object) -> None:
    raise Terminated()


def _quiet_finalizers() -> None:
    """After Ctrl-C or SIGTERM, objects cut off mid-write (a half-built ZIP of a DOCX or EPUB) fail
    in their finalizers on the way out; Python would print those as "Exception ignored … Traceback".
    The user asked to stop and has been told so: nothing more is shown."""
    sys.unraisablehook = lambda _unraisable: None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (documented in the README)."""
    import signal

    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv  # read here once: an error while parsing the arguments shows it too
    with contextlib.suppress(ValueError):  # not the main thread (e.g. inside a test runner)
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        args = _parse_args(argv)
        args.debug = debug
        if args.command == "convert":
            return _convert(args)
        if args.command == "check":
            return _check(args)
        if args.command == "formats":
            return _formats()
        if args.command == "build":
            return _build(args)
        if args.command == "manifest":
            return _manifest(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "schema":
            return pledgecmd.schema(args)
        if args.command == "diff":
            return pledgecmd.diff(args)
        build_parser().print_help(sys.stderr)
        return UsageError.exit_code
    except PledgeconvError as exc:
        if debug:
            _print_traceback()
        print(f"pledgeconv: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        _quiet_finalizers()
        print("pledgeconv: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        _quiet_finalizers()
        print("pledgeconv: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug of ours: one line, unless --debug
        if debug:
            _print_traceback()
        print(
            f"pledgeconv: internal error: {type(exc).__name__}: {exc} (run with --debug and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
