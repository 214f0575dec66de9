"""Runs writing into one folder at once: each output whole, and no run sweeps another's live temp file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from conftest import BOOK

from pledgeconv.output import STALE_AFTER, _host, write_atomic


def test_a_live_writers_temp_file_is_kept_and_a_dead_ones_swept(tmp_path: Path) -> None:
    target = tmp_path / "책.pdf"
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen(["true"])
    dead.wait()
    try:
        mine = tmp_path / f".책.pdf.{_host()}.{live.pid}.abcd1234.part"
        gone = tmp_path / f".책.pdf.{_host()}.{dead.pid}.abcd1234.part"
        elsewhere = tmp_path / ".책.pdf.other-host.12345.abcd1234.part"  # another machine on a shared disk
        abandoned = tmp_path / ".책.pdf.other-host.12346.abcd1234.part"
        for path in (mine, gone, elsewhere, abandoned):
            path.write_bytes(b"half")
        os.utime(abandoned, (time.time() - STALE_AFTER - 60,) * 2)
        other = tmp_path / f".책.pdf.x.{_host()}.{dead.pid}.abcd1234.part"  # another target's (책.pdf.x)
        other.write_bytes(b"half")
        write_atomic(target, b"%PDF")
        assert target.read_bytes() == b"%PDF"
        assert mine.exists() and elsewhere.exists() and other.exists()
        assert not gone.exists() and not abandoned.exists()
    finally:
        live.kill()
        live.wait()


def test_three_builds_into_one_folder_all_succeed(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    # Every format: the race (a run's sweep removing another's temp file before its rename) showed
    # in one of three such runs before the sweep checked the writer; the test above shows it always.
    command = [sys.executable, "-m", "pledgeconv", "build", str(BOOK), "-o", str(out), "-q"]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(3)]
    errors = [(run.wait(timeout=300), run.stderr.read().decode() if run.stderr else "") for run in runs]
    assert errors == [(0, "")] * 3
    assert (out / "pledge-book.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    for suffix in (".epub", ".docx", ".hwpx"):
        (artifact,) = out.glob(f"*{suffix}")
        with zipfile.ZipFile(artifact) as z:
            assert z.testzip() is None
    assert (out / "manifest.json").is_file()
    assert not list(out.glob(".*.part"))
