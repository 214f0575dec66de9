"""The code's hygiene: no dead code (vulture), test-only libraries out of the runtime dependencies, the
test command's lint and type steps, and frozen.py (which mirrors the standard library) on the oldest
and newest Python the package supports."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import IN_CI

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_no_dead_code() -> None:
    run = subprocess.run([sys.executable, "-m", "vulture", "pledgeconv", "tests/vulture_whitelist.py"],
                         cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr


def test_runtime_dependencies_are_used_by_the_package() -> None:
    # distribution → the module pledgeconv imports (None: reportlab loads rl_accel itself)
    modules = {"markdown-it-py": "markdown_it", "mdit-py-plugins": "mdit_py_plugins", "python-docx": "docx",
               "reportlab": "reportlab", "ebooklib": "ebooklib", "nh3": "nh3", "pillow": "PIL", "pyyaml": "yaml",
               "fonttools": "fontTools", "tqdm": "tqdm", "rl_accel": None}  # fmt: skip
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pledgeconv").rglob("*.py"))
    for requirement in PYPROJECT["project"]["dependencies"]:
        name = re.split(r"[<>=!~\[ ]", requirement)[0].lower()
        assert name in modules, f"{name}: a runtime dependency the package does not import (a test extra?)"
        module = modules[name]
        assert module is None or re.search(rf"^\s*(import|from) {module}\b", source, re.M), name


def test_the_test_command_lints_formats_types_and_finds_dead_code() -> None:
    script = (ROOT / "tests" / "run.sh").read_text(encoding="utf-8")
    assert "lint_paths=(pledgeconv tests " in script
    for step in ('-m ruff check "${lint_paths[@]}"', '-m ruff format --check "${lint_paths[@]}"', "-m mypy --strict",
                 "-m vulture pledgeconv tests/vulture_whitelist.py"):  # fmt: skip
        assert f'\n"$PYTHON" {step}\n' in script, step


def supported_python(which: str) -> str:
    """The oldest (requires-python) or the newest (the highest classifier) supported Python."""
    project = PYPROJECT["project"]
    if which == "oldest":
        oldest = re.fullmatch(r">=\s*(3\.\d+)", project["requires-python"])
        assert oldest, "requires-python is >=3.N"
        return oldest.group(1)
    listed = [c.rsplit(" :: ", 1)[1] for c in project["classifiers"]
              if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]  # fmt: skip
    assert listed, "the classifiers name the Python versions supported (the newest is tested)"
    return max(listed, key=lambda v: int(v.split(".")[1]))


def find_python(version: str) -> str | None:
    """An interpreter of ``version`` that runs: on PATH (a pyenv shim may not), Debian's, or pyenv's."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [shutil.which(f"python{version}"), f"/usr/bin/python{version}",
                  *(str(p / "bin" / f"python{version}") for p in sorted(pyenv.glob(f"{version}.*"), reverse=True))]  # fmt: skip
    for candidate in candidates:
        if (
            candidate
            and Path(candidate).is_file()
            and subprocess.run(
                [candidate, "-c", "import sys; assert sys.version.startswith(sys.argv[1] + '.')", version],
                capture_output=True,
            ).returncode
            == 0
        ):
            return candidate
    return None


@pytest.mark.parametrize("which", ["oldest", "newest"])
def test_frozen_dataclasses_on_the_oldest_and_newest_python(which: str) -> None:
    version = supported_python(which)
    if f"{sys.version_info[0]}.{sys.version_info[1]}" == version:
        pytest.skip("this interpreter: tests/test_frozen.py runs in this session")
    python = find_python(version)
    if python is None:
        message = f"no Python {version} (pyenv install {version}, or a python{version} on PATH)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    # frozen.py and model.py need nothing beyond the standard library; pytest goes into a virtual
    # environment of that interpreter, kept in .cache/ between runs
    venv = ROOT / ".cache" / f"python{version}"
    if (
        not (venv / "bin" / "python").exists()
        or subprocess.run([venv / "bin" / "python", "-c", "import pytest"], capture_output=True).returncode
    ):
        subprocess.run([python, "-m", "venv", "--clear", venv], check=True)
        subprocess.run([venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        "pytest"], check=True)  # fmt: skip
    run = subprocess.run(
        [venv / "bin" / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--noconftest", "-o", "addopts=",
         "tests/test_frozen.py"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert re.search(r"\d+ passed", run.stdout)
