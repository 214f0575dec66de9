"""A fresh machine: the README's commands run from a lone clone under Debian's system python3."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_PYTHON = Path("/usr/bin/python3")


def readme_commands() -> list[str]:
    """The shell blocks of the README's quick start, in order (the install one, then the tests one)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## 빠른 시작 / Quick start")
    end = readme.index("\n## ", start + 1)
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", readme[start:end], re.S)]


def system_env(tmp: Path) -> dict[str, str]:
    """The environment of a fresh shell whose ``python3`` is the system one: no virtualenv, no
    $PYTHON; pip's cache is shared, which keeps the installs to a few seconds after the first run."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHON", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }
    env["PATH"] = os.pathsep.join(["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"])
    env["HOME"] = os.environ.get("HOME", str(tmp))
    env.setdefault("PIP_CACHE_DIR", str(Path(env["HOME"]) / ".cache" / "pip"))
    env["PLEDGECONV_CACHE_DIR"] = str(tmp / "font-cache")
    return env


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of this repository's committed state, with nothing beside it."""
    if not SYSTEM_PYTHON.exists() or shutil.which("git") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs /usr/bin/python3 and git for the fresh-clone checks")
        pytest.skip("no /usr/bin/python3 or git")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an sdist): nothing to clone")
    where = tmp_path_factory.mktemp("fresh") / "pledgeconv"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(where)], check=True)
    return where


def test_readme_has_the_two_commands() -> None:
    install, tests = readme_commands()
    assert install.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install . && ")
    assert tests == "bash tests/run.sh"


@pytest.mark.slow
def test_readme_install_command_works_in_a_fresh_clone(clone: Path) -> None:
    install, _ = readme_commands()
    run = subprocess.run(
        ["bash", "-euc", install], cwd=clone, env=system_env(clone.parent),
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    outputs = sorted(p.name for p in (clone / "dist").iterdir() if p.is_file())
    assert outputs == [f"pledge-foreign-security.{x}" for x in ("docx", "epub", "html", "hwpx", "pdf")]
    assert sorted(p.suffix for p in (clone / "dist" / "book").iterdir()) == [
        ".docx", ".epub", ".html", ".hwpx", ".json", ".pdf",
    ]  # fmt: skip
    assert "warning[image-missing]" in run.stderr  # the sample's missing key visual, as the README says


@pytest.mark.slow
def test_test_command_uses_a_venv_under_an_externally_managed_python(clone: Path) -> None:
    """``bash tests/run.sh`` in the lone clone under the system python3: when that Python is
    externally managed (PEP 668) it makes ``.venv``; the CommonMark spec is in the clone."""
    probe = (
        "import os, sysconfig; print(os.path.exists(sysconfig.get_path('stdlib') + '/EXTERNALLY-MANAGED'))"
    )
    managed = (
        subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True, text=True).stdout.strip() == "True"
    )
    run = subprocess.run(
        ["bash", "tests/run.sh", "-q", "-p", "no:cacheprovider", "tests/test_commonmark_spec.py::test_spec_is_there"],
        cwd=clone, env=system_env(clone.parent), capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "1 passed" in run.stdout
    assert (clone / ".venv" / "bin" / "python").exists() == managed


def test_hypothesis_is_pinned_so_every_machine_draws_the_same_examples() -> None:
    import tomllib

    from hypothesis import __version__ as installed

    project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8"))
    pins = [r for r in project["project"]["optional-dependencies"]["test"] if r.startswith("hypothesis")]
    assert len(pins) == 1 and "==" in pins[0], pins
    assert pins[0].split("==")[1] == installed, "the test extra's hypothesis is not the one installed"
