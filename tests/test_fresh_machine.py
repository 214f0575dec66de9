"""What a fresh machine has: the suite sees only the fonts tests/run.sh installs (fontconfig limited),
so a font installed by hand cannot hide a missing install step."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import IN_CI, ROOT

RUN_SH = ROOT / "tests" / "run.sh"


def font_packages() -> list[str]:
    found = re.search(r"^FONT_PACKAGES=\(([^)]*)\)", RUN_SH.read_text(encoding="utf-8"), re.M)
    assert found, "tests/run.sh declares FONT_PACKAGES"
    return found.group(1).split()


def limited() -> None:
    if not os.environ.get("FONTCONFIG_FILE"):
        message = "FONTCONFIG_FILE is not set: run the suite through tests/run.sh"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    if shutil.which("fc-list") is None or shutil.which("dpkg-query") is None:
        message = "not a Debian system with fontconfig"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def test_fontconfig_sees_only_the_fonts_run_sh_installs() -> None:
    limited()
    folders: set[Path] = set()  # fontconfig takes folders: those holding the packages' fonts
    for package in font_packages():
        listing = subprocess.run(["dpkg-query", "-L", package], capture_output=True, text=True)
        assert listing.returncode == 0, f"{package} is not installed (tests/run.sh installs it)"
        fonts = [
            Path(line) for line in listing.stdout.splitlines() if line.endswith((".ttf", ".ttc", ".otf"))
        ]
        folders.update(font.parent for font in fonts)
    seen = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=True)
    files = {Path(line) for line in seen.stdout.splitlines() if line}
    assert files, "fontconfig finds no font at all"
    outside = sorted(str(f) for f in files if f.parent not in folders)
    assert outside == [], f"fonts outside FONT_PACKAGES' folders: {outside[:5]}"


@pytest.mark.parametrize(
    ("face", "why"),
    [
        (":lang=ko", "Korean text in LibreOffice, Chromium and rhwp"),
        ("D2Coding", "the HWPX's code face, drawn by rhwp"),
        ("Noto Serif CJK KR", "rhwp's stand-in for 함초롬바탕"),
    ],
)
def test_the_faces_the_renderers_need_are_there(face: str, why: str) -> None:
    limited()
    found = subprocess.run(["fc-list", face, "family"], capture_output=True, text=True, check=True).stdout
    assert found.strip(), f"no font for {face} ({why}): add its package to FONT_PACKAGES in tests/run.sh"
