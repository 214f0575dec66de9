"""Releases: one version everywhere, the changelog, the sdist and wheel built and checked, the CI action."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from conftest import BOOK, ROOT, SEED, require_tool
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import pledgeconv
from pledgeconv.version import PRODUCER, __version__

CHANGELOG = ROOT / "CHANGELOG.md"
ACTION = ROOT / "action.yml"
GITHUB_RECIPE = ROOT / "docs" / "ci" / "github-actions.yml"
GITLAB_RECIPE = ROOT / "docs" / "ci" / "gitlab-ci.yml"
SCRIPTS = Path(sys.executable).parent  # the test environment's console scripts (pledgeconv among them)
KEEP_A_CHANGELOG = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
# Files of the package that are not Python modules: each must be in the wheel.
DATA_SUFFIXES = (".css", ".woff", ".json", ".ttf", ".txt", ".typed")


def run(
    args: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    check: bool = True,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if check:
        assert proc.returncode == 0, (
            f"{' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


# One version -------------------------------------------------------------------------------------


def test_changelog_top_release_is_the_version() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    headings = re.findall(r"^## (.*)$", text, re.M)
    entries = [
        re.fullmatch(r"\[(Unreleased|\d+\.\d+\.\d+)\](?: - (\d{4}-\d{2}-\d{2}))?", h) for h in headings
    ]
    assert all(entries), (
        f"not a Keep a Changelog heading: {[h for h, e in zip(headings, entries, strict=True) if not e]}"
    )
    names = [e.group(1) for e in entries if e]
    assert "Unreleased" not in names[1:], "[Unreleased] goes above the newest release"
    releases = [e for e in entries if e and e.group(1) != "Unreleased"]
    assert releases and releases[0].group(1) == __version__, "the top release entry is pledgeconv's version"
    assert all(e.group(2) for e in releases), "every release entry has its date"
    versions = [version_key(e.group(1)) for e in releases]
    assert versions == sorted(set(versions), reverse=True), "releases newest first, each once"
    sections = set(re.findall(r"^### (.*)$", text, re.M))
    assert sections <= KEEP_A_CHANGELOG, sections - KEEP_A_CHANGELOG


def test_version_agrees_everywhere() -> None:
    assert pledgeconv.__version__ == __version__ and f"pledgeconv {__version__}" == PRODUCER
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    assert importlib.metadata.version("pledgeconv") == __version__  # the installed metadata (hatch)
    assert run([SCRIPTS / "pledgeconv", "--version"]).stdout.strip() == f"pledgeconv {__version__}"
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "pledgeconv/version.py"
    # The recipes pin this release; the README's pinned install names it.
    steps = yaml.safe_load(GITHUB_RECIPE.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    assert [s["uses"] for s in steps if "pledgeconv" in s.get("uses", "")] == [
        f"pledgeconv/pledgeconv@v{__version__}"
    ]
    assert f'pip install "pledgeconv=={__version__}"' in GITLAB_RECIPE.read_text(encoding="utf-8")
    assert f"pipx install 'pledgeconv=={__version__}'" in (ROOT / "README.md").read_text(encoding="utf-8")


# The CI action and recipes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-actions", ACTION),
        ("vendor.github-workflows", GITHUB_RECIPE),
        ("vendor.gitlab-ci", GITLAB_RECIPE),
    ],
    ids=["action.yml", "github-actions.yml", "gitlab-ci.yml"],
)
def test_ci_files_match_their_schemas(schema: str, path: Path) -> None:
    run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, path])


def test_schema_check_can_fail(tmp_path: Path) -> None:
    """A composite step without its shell, a workflow without jobs: the checker refuses both."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    del action["runs"]["steps"][1]["shell"]
    (tmp_path / "action.yml").write_text(yaml.safe_dump(action, allow_unicode=True), encoding="utf-8")
    (tmp_path / "workflow.yml").write_text("name: x\non: [push]\n", encoding="utf-8")
    for schema, name in (
        ("vendor.github-actions", "action.yml"),
        ("vendor.github-workflows", "workflow.yml"),
    ):
        command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, tmp_path / name]
        proc = run(command, check=False)
        assert proc.returncode == 1, proc.stdout + proc.stderr


def test_action_declares_its_inputs_and_uploads_dist() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert {"source", "formats", "fail-on-warning", "profile", "output"} <= set(inputs)
    assert inputs["fail-on-warning"]["default"] == "true" and inputs["output"]["default"] == "dist"
    upload = [s for s in action["runs"]["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert len(upload) == 1 and upload[0]["with"]["path"] == "${{ inputs.output }}"
    assert upload[0]["if"].startswith("always()")  # the outputs and manifest of a failed build too
    for step in action["runs"]["steps"]:  # inputs reach scripts through env, never pasted into them
        assert "${{" not in step.get("run", "")


def action_step(name: str) -> dict[str, object]:
    steps = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    return next(s for s in steps if s.get("name") == name)


def run_build_step(tmp_path: Path, **given: str) -> subprocess.CompletedProcess[str]:
    """The action's build step as the runner runs it: its env with the inputs filled in, its script in
    bash, with the test environment's pledgeconv on the PATH."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()} | given
    step = action_step("Build the pledge book")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PATH"] = f"{SCRIPTS}{os.pathsep}{env.get('PATH', '')}"
    for key, value in dict(step["env"]).items():  # type: ignore[call-overload]
        env[key] = re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: values[m.group(1)], value)
    assert step["shell"] == "bash"
    return run(["bash", "-c", step["run"]], cwd=tmp_path, env=env, check=False)


def test_action_build_step_builds_the_book(tmp_path: Path) -> None:
    proc = run_build_step(tmp_path, source=str(BOOK), formats="html", **{"fail-on-warning": "false"})
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert [a["format"] for a in manifest["artifacts"]] == ["html"]
    assert manifest["pledgeconv"] == __version__ and manifest["warnings"]  # the sample book's missing map
    assert "Traceback" not in proc.stderr


def test_action_build_step_passes_fail_on_warning_and_profile(tmp_path: Path) -> None:
    strict = run_build_step(tmp_path, source=str(BOOK), formats="html", output="strict")
    assert strict.returncode != 0 and "warning[" in strict.stderr  # fail-on-warning defaults to true
    profile = run_build_step(
        tmp_path,
        source=str(BOOK),
        formats="html",
        output="profile",
        profile="election-book",
        **{"fail-on-warning": "false"},
    )
    assert profile.returncode == 6 and "statutory-line-missing" in profile.stderr, profile.stderr
    wrong = run_build_step(tmp_path, source=str(BOOK), **{"fail-on-warning": "yes"})
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1 and "fail-on-warning" in wrong.stderr


# Release artefacts -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``python -m build``: the sdist, then the wheel built from it; and a wheel built from the tree.
    Without build isolation (hatchling from the test extra), so nothing is downloaded."""
    out = tmp_path_factory.mktemp("release")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out / "dist", ROOT], env=env)
    run([sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", out / "tree", ROOT], env=env)
    name = f"pledgeconv-{__version__}"
    found = {
        "sdist": out / "dist" / f"{name}.tar.gz",
        "wheel": out / "dist" / f"{name}-py3-none-any.whl",
        "tree_wheel": out / "tree" / f"{name}-py3-none-any.whl",
    }
    assert sorted(p.name for p in (out / "dist").iterdir()) == sorted(
        [found["sdist"].name, found["wheel"].name]
    )
    return found


def same(req: Requirement) -> str:
    """A requirement as metadata writes it (a normalised name)."""
    return f"{canonicalize_name(req.name)}{req.specifier}{req.marker or ''}"


def wheel_files(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: hashlib.sha256(zf.read(i)).hexdigest() for i in zf.infolist() if not i.is_dir()}


def test_twine_and_check_wheel_contents_pass(release: dict[str, Path]) -> None:
    run([sys.executable, "-m", "twine", "check", "--strict", release["sdist"], release["wheel"]])
    run([sys.executable, "-m", "check_wheel_contents", release["wheel"]])


def test_wheel_from_the_sdist_holds_the_same_files(release: dict[str, Path]) -> None:
    assert wheel_files(release["wheel"]) == wheel_files(release["tree_wheel"])
    with tarfile.open(release["sdist"]) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    expected = {"CHANGELOG.md", "README.md", "action.yml", "pyproject.toml", "docs/ci/github-actions.yml",
                "docs/ci/gitlab-ci.yml", "tests/conftest.py", "samples/pledge-foreign-security.md",
                "fonts/NanumGothic.ttf", "pledgeconv/version.py"}  # fmt: skip
    assert expected <= names, expected - names


def test_wheel_metadata_and_contents(release: dict[str, Path]) -> None:
    files = wheel_files(release["wheel"])
    info = f"pledgeconv-{__version__}.dist-info"
    package = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "pledgeconv").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    fonts = {f"pledgeconv/fonts/{p.name}" for p in (ROOT / "fonts").iterdir() if p.is_file()}
    data = {n for n in package | fonts if n.endswith(DATA_SUFFIXES)}
    assert {"pledgeconv/styles/pledge.css", "pledgeconv/pledges/pledges.schema.json",
            "pledgeconv/fonts/NanumGothic.ttf", "pledgeconv/py.typed"} <= data  # fmt: skip
    assert {n for n in files if not n.startswith(info)} == package | fonts
    with zipfile.ZipFile(release["wheel"]) as zf:
        metadata = zf.read(f"{info}/METADATA").decode()
        entry_points = zf.read(f"{info}/entry_points.txt").decode()
    assert re.search(rf"^Version: {re.escape(__version__)}$", metadata, re.M)
    assert "pledgeconv = pledgeconv.cli:main" in entry_points
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requires = [
        line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Requires-Dist: ")
    ]
    runtime = [Requirement(r) for r in requires if "extra ==" not in r]
    declared = [Requirement(r) for r in pyproject["project"]["dependencies"]]
    assert sorted(map(same, runtime)) == sorted(map(same, declared))


def producers(folder: Path, stem: str) -> dict[str, str]:
    """What each output names as its maker."""
    import pdfplumber

    html = (folder / f"{stem}.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(folder / f"{stem}.epub") as zf:
        opf = zf.read("EPUB/content.opf").decode()
    with zipfile.ZipFile(folder / f"{stem}.docx") as zf:
        app = zf.read("docProps/app.xml").decode()
    with zipfile.ZipFile(folder / f"{stem}.hwpx") as zf:
        version = zf.read("version.xml").decode()
    with pdfplumber.open(folder / f"{stem}.pdf") as pdf:
        info = pdf.metadata

    def one(pattern: str, text: str) -> str:
        found = re.findall(pattern, text)
        assert len(found) == 1, (pattern, found)
        return str(found[0])

    return {
        "html": one(r'<meta name="generator" content="([^"]*)">', html),
        "epub": one(r'<meta name="generator" content="([^"]*)"/>', opf),
        "docx": one(r"<Application>([^<]*)</Application>", app),
        "pdf creator": info["Creator"],
        "pdf producer": info["Producer"].removesuffix(" (reportlab)"),
        "hwpx": one(r'appVersion="([^"]*)"', version),
    }


def test_wheel_in_a_fresh_environment_converts_to_every_format(
    release: dict[str, Path], tmp_path: Path
) -> None:
    """The wheel alone, in a new virtual environment, converts the reference chapter to every format
    with the fonts, stylesheets and schemas it carries. Its dependencies come from the test
    environment through a .pth file (no download), added after the install so that pip does not
    take the test environment's pledgeconv for this one."""
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check"]
    run([*pip, "install", "--quiet", "--no-deps", "--no-index", release["wheel"]])
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip()
    deps = [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and Path(p).is_dir()]
    (Path(purelib) / "zz_test_environment.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    for req in (Requirement(r) for r in importlib.metadata.requires("pledgeconv") or []):
        if req.marker is None:  # the wheel's dependencies are what the fresh environment sees
            assert importlib.metadata.version(req.name) in req.specifier, req
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "SOURCE_DATE_EPOCH")}
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(SEED, work / SEED.name)
    script = venv / "bin" / "pledgeconv"
    where = run([python, "-c", "import pledgeconv; print(pledgeconv.__file__)"], cwd=work, env=env).stdout
    assert Path(where.strip()).is_relative_to(venv), where
    assert run([script, "--version"], cwd=work, env=env).stdout.strip() == f"pledgeconv {__version__}"
    formats = [f.name for f in pledgeconv.formats()]
    assert {"html", "epub", "docx", "pdf", "hwpx", "pledges"} <= set(formats)
    proc = run(
        [script, "convert", SEED.name, "-t", ",".join(formats), "--embed-fonts", "-o", "out/"],
        cwd=work,
        env=env,
    )
    assert "Traceback" not in proc.stderr
    out, stem = work / "out", SEED.stem
    suffixes = {f.name: f.suffixes[0] for f in pledgeconv.formats()}
    assert sorted(p.name for p in out.iterdir()) == sorted(stem + suffixes[f] for f in formats)
    assert set(producers(out, stem).values()) == {PRODUCER}
    # fonts, stylesheets and schemas came from inside the wheel
    with zipfile.ZipFile(release["wheel"]) as zf:
        css = zf.read("pledgeconv/styles/pledge.css").decode()
        schema = json.loads(zf.read("pledgeconv/pledges/pledges.schema.json"))
    assert css.split("\n", 1)[0] in (out / f"{stem}.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / f"{stem}.epub") as zf:
        epub_css = set(zf.read("EPUB/styles/pledge.css").decode().splitlines())
        assert len(set(css.splitlines()) - epub_css) <= 2  # the stylesheet, with the EPUB's own colours
        assert any(n.startswith("EPUB/fonts/") and "middle-dot" not in n for n in zf.namelist())
    # the font dictionaries sit in compressed object streams (tagged PDF): poppler reads them
    fonts = run(
        [require_tool("pdffonts", "apt-get install poppler-utils"), str(out / f"{stem}.pdf")],
        cwd=work,
        env=env,
    )
    assert re.search(r"^[A-Z]{6}\+NanumGothic\S*\s.*\byes\s+yes\b", fonts.stdout, re.M), fonts.stdout
    assert json.loads(run([script, "schema", "pledges"], cwd=work, env=env).stdout) == schema
