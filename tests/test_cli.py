"""The command line as users run it: subprocesses, exit codes, one-line errors, files on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BOOK, CASES, SEED

import pledgeconv
from pledgeconv.cli import main


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "pledgeconv", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def one_line_error(proc: subprocess.CompletedProcess[bytes]) -> str:
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.startswith("pledgeconv: error:")]
    assert len(lines) == 1, err
    return lines[0]


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.decode().strip() == f"pledgeconv {pledgeconv.__version__}"


def test_formats_lists_every_format() -> None:
    out = run("formats").stdout.decode()
    assert [line.split()[0] for line in out.splitlines()] == [
        "html",
        "epub",
        "docx",
        "pdf",
        "hwpx",
        "brf",
        "pledges",
    ]


def test_convert_into_a_folder(tmp_path: Path) -> None:
    proc = run("convert", str(SEED), "-o", str(tmp_path / "dist") + "/")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "dist" / "pledge-foreign-security.html"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    err = proc.stderr.decode()
    assert f"{SEED}:3: warning[image-missing]:" in err
    assert f"{SEED}:67: warning[joined-heading]:" in err
    assert not list((tmp_path / "dist").glob(".*part"))


def test_trailing_slash_means_a_new_folder_even_for_one_format(tmp_path: Path) -> None:
    target = tmp_path / "new"
    proc = run("convert", str(SEED), "--to", "html", "-o", str(target) + "/", "-q")
    assert proc.returncode == 0, proc.stderr
    assert target.is_dir() and (target / "pledge-foreign-security.html").is_file()


def test_output_file_suffix_gives_the_format(tmp_path: Path) -> None:
    out = tmp_path / "x.htm"
    assert run("convert", str(CASES / "table.md"), "-o", str(out)).returncode == 0
    assert b"<table>" in out.read_bytes()


def test_default_output_goes_beside_the_source(tmp_path: Path) -> None:
    src = tmp_path / "공약.md"
    src.write_text("# 제목\n", encoding="utf-8")
    assert run("convert", str(src)).returncode == 0
    assert (tmp_path / "공약.html").exists()


def test_stdin_to_stdout() -> None:
    proc = run("convert", "-", "--fragment", stdin="# 안녕\n\n*공약*은\n".encode())
    assert proc.returncode == 0
    assert proc.stdout.decode() == '<h1 id="안녕">안녕</h1>\n<p><em>공약</em>은</p>\n'


def test_strict_flag() -> None:
    proc = run(
        "convert", "-", "--fragment", "--strict", stdin="# 안녕\n\n**마크다운(Markdown)**을\n".encode()
    )
    assert proc.stdout.decode() == "<h1>안녕</h1>\n<p>**마크다운(Markdown)**을</p>\n"


def test_every_format_at_once(tmp_path: Path) -> None:
    proc = run("convert", str(SEED), "--to", "all", "-o", str(tmp_path) + "/", "-q")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".docx", ".epub", ".html", ".hwpx", ".pdf"]


def test_unknown_format(tmp_path: Path) -> None:
    proc = run("convert", str(SEED), "--to", "rtf", "-o", str(tmp_path) + "/")
    assert proc.returncode == 2 and "unknown format 'rtf'" in one_line_error(proc)


def test_missing_input_exit_3() -> None:
    proc = run("convert", "/nonexistent/공약.md")
    assert proc.returncode == 3 and "no such file" in one_line_error(proc)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"PK\x03\x04rest", "ZIP"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "OLE2"),
        (b"\x00\x01" * 500, "binary"),
    ],
)
def test_binary_input_is_refused(tmp_path: Path, data: bytes, what: str) -> None:
    src = tmp_path / "x.md"
    src.write_bytes(data)
    proc = run("convert", str(src))
    assert proc.returncode == 3
    line = one_line_error(proc)
    assert "not a Markdown text file" in line and what in line
    assert not (tmp_path / "x.html").exists()


def test_output_equal_to_input_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "same.html"
    src.write_text("# 제목\n", encoding="utf-8")
    proc = run("convert", str(src), "-o", str(src))
    assert proc.returncode == 2 and "overwrite the input" in one_line_error(proc)
    assert src.read_text(encoding="utf-8") == "# 제목\n"


def test_fail_on_warning_writes_nothing(tmp_path: Path) -> None:
    proc = run("convert", str(SEED), "--fail-on-warning", "-o", str(tmp_path) + "/")
    assert proc.returncode == 6
    assert "warning[image-missing]" in proc.stderr.decode()
    assert list(tmp_path.iterdir()) == []


def test_bad_option_is_a_usage_error() -> None:
    proc = run("convert", str(SEED), "--no-such-option")
    assert proc.returncode == 2 and "unrecognized arguments" in one_line_error(proc)


def test_unwritable_output_folder(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        target = str(blocker / "sub") + "/"  # a folder inside a regular file cannot exist, even for root
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = str(locked) + "/"
    proc = run("convert", str(SEED), "-o", target)
    assert proc.returncode == 5 and "output folder" in one_line_error(proc)


def test_atomic_write_keeps_the_old_file_when_export_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.html"
    out.write_text("old", encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("exporter crashed")

    from pledgeconv.exporters import html

    monkeypatch.setattr(html.HtmlExporter, "export", boom)
    code = main(["convert", str(SEED), "-o", str(out)])
    assert code == 4
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_internal_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pledgeconv import cli

    def boom(args: object) -> int:
        raise ValueError("a bug")

    monkeypatch.setattr(cli, "_check", boom)
    assert main(["check", str(SEED)]) == 70  # EX_SOFTWARE; 1 is diff --exit-code's "differ"
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error: ValueError: a bug" in err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "없음.md"], 3),
        (["build", "없는-책"], 2),
        (["diff", "없음.md", "없음2.md"], 3),
        (["manifest", "merge", "없음.json"], 2),
        (["convert", "없음.md"], 3),
    ],
)
def test_debug_shows_the_traceback_in_every_command(tmp_path: Path, args: list[str], code: int) -> None:
    for place in ("after", "before"):
        argv = [*args, "--debug"] if place == "after" else ["--debug", *args]
        proc = run(*argv, cwd=tmp_path)
        err = proc.stderr.decode()
        assert proc.returncode == code and "Traceback (most recent call last)" in err, (argv, err)
        assert err.rstrip().splitlines()[-1].startswith("pledgeconv: error:")
    assert "Traceback" not in run(*args, cwd=tmp_path).stderr.decode()


def test_a_build_writes_what_it_can_and_exits_with_the_code_of_the_cause(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    (out / "pledge-book.html").mkdir(parents=True)  # the HTML cannot be written there
    proc = run("build", str(BOOK), "-o", str(out), "-t", "html,docx,pdf", "-q")
    assert proc.returncode == 5, proc.stderr
    assert "pledge-book.html: is a folder" in one_line_error(proc)
    assert (out / "pledge-book.docx").is_file() and (out / "pledge-book.pdf").is_file()
    import json

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [a["format"] for a in manifest["artifacts"]] == ["docx", "pdf"] and len(manifest["errors"]) == 1


def test_a_failed_export_in_a_build_exits_4(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from pledgeconv.exporters import docx

    def broken(self: object, resolved: object, options: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(docx.DocxExporter, "export", broken)
    assert main(["build", str(BOOK), "-o", str(tmp_path), "-t", "docx,html", "-j", "1", "-q"]) == 4
    assert (tmp_path / "pledge-book.html").is_file()


def test_merged_manifest_of_several_books_is_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    (out / "manifest.json").mkdir(parents=True)  # write_text would fail with an internal error here
    proc = run("build", str(BOOK), str(BOOK / "pledgeconv.toml"), "-o", str(out), "-t", "html", "-q")
    assert proc.returncode == 5 and "manifest.json: is a folder" in one_line_error(proc)


def test_check_reports_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "a.md"
    src.write_text("# 제목\n\n![그림](없음.png)\n", encoding="utf-8")
    proc = run("check", str(src))
    assert proc.returncode == 0
    assert f"{src}:3: warning[image-missing]" in proc.stderr.decode()
    assert run("check", "--fail-on-warning", str(src)).returncode == 6
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_several_inputs_into_a_folder(tmp_path: Path) -> None:
    files = sorted(BOOK.glob("*.md"))
    proc = run("convert", *map(str, files), "-o", str(tmp_path) + "/", "-q")
    assert proc.returncode == 0 and proc.stderr == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f.stem + ".html" for f in files)


def test_plugin_exporter_is_found_through_entry_points(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "pc_dummy").mkdir(parents=True)
    (site / "pc_dummy" / "__init__.py").write_text(
        "from pledgeconv.options import OptionSpec\n"
        "from pledgeconv.resolved import Rendered\n"
        "class Dummy:\n"
        "    name = 'dummy'\n"
        "    suffixes = ('.dum', '.dummy')\n"
        "    options = (OptionSpec('dummy_prefix', str, 'DUMMY', 'text before the title', ('dummy',),\n"
        "                          '--dummy-prefix'),)\n"
        "    def export(self, resolved, options):\n"
        "        text = options.get('dummy_prefix', 'DUMMY') + ':' + resolved.title\n"
        "        return Rendered(text.encode(), ())\n",
        encoding="utf-8",
    )
    dist = site / "pc_dummy-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: pc-dummy\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[pledgeconv.exporters]\ndummy = pc_dummy:Dummy\n")
    env = {"PYTHONPATH": os.pathsep.join([str(site), str(Path(pledgeconv.__file__).parent.parent)])}
    assert "dummy" in run("formats", env=env).stdout.decode()
    out = tmp_path / "o.dummy"
    proc = run("convert", str(SEED), "-o", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == "DUMMY:외교안보 정책".encode()
    # its own suffixes, and an option of its own on the command line
    proc = run(
        "convert", str(SEED), "-t", "dummy", "-o", str(tmp_path) + "/", "--dummy-prefix", "공약", env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "pledge-foreign-security.dum").read_bytes() == "공약:외교안보 정책".encode()
    proc = run("convert", str(SEED), "-t", "dummy", "--no-such-option", env=env)
    assert proc.returncode == 2 and b"--no-such-option" in proc.stderr


def test_console_script_and_module_agree() -> None:
    from importlib.metadata import entry_points

    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get("pledgeconv") == "pledgeconv.cli:main"


@pytest.mark.parametrize("args", [["--version"], ["convert", "{src}", "-t", "html", "-q"]])
def test_html_and_version_never_import_the_heavy_libraries(tmp_path: Path, args: list[str]) -> None:
    src = tmp_path / "a.md"
    src.write_text("# 제목\n\n![그림](없음.png)\n", encoding="utf-8")
    argv = [a.replace("{src}", str(src)) for a in args]
    code = (
        "import sys\nfrom pledgeconv.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('reportlab', 'docx', 'ebooklib', 'fontTools', 'markdown_it') if m in sys.modules]\n"
        "print('heavy:' + ','.join(heavy))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    expected = ["markdown_it"] if argv[0] == "convert" else []  # HTML needs the parser, nothing heavier
    assert proc.stdout.strip().splitlines()[-1] == "heavy:" + ",".join(expected)


def test_export_accepts_a_path_string(tmp_path: Path) -> None:
    doc = pledgeconv.parse("# 제목\n")
    target = str(tmp_path / "out" / "a.html")
    assert pledgeconv.export(doc, target) == Path(target)
    assert Path(target).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(pledgeconv.UsageError, match="cannot tell the format"):
        pledgeconv.export(doc, str(tmp_path / "a.xyz"))


def test_unknown_option_names_the_valid_ones() -> None:
    doc = pledgeconv.parse("# 제목\n")
    with pytest.raises(pledgeconv.UsageError, match=r"unknown option.*toc_dept.*valid: .*toc_depth"):
        pledgeconv.export(doc, "html", toc_dept=2)
    with pytest.raises(pledgeconv.UsageError, match="toc_depth takes a whole number"):
        pledgeconv.export(doc, "html", toc_depth="2")


def test_build_takes_every_rendering_option_convert_takes() -> None:
    from pledgeconv.cli import build_parser
    from pledgeconv.options import SPECS

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[union-attr]
    for command in ("convert", "build"):
        flags = {s for a in subparsers[command]._actions for s in a.option_strings}
        assert {spec.flag for spec in SPECS if spec.flag} <= flags, command
