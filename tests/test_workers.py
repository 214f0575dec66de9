"""Worker processes: same bytes as one process, failures stay per format, nothing is left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEED, interrupt_conversion

import pledgeconv
from pledgeconv import workers

FORMATS = ["html", "epub", "docx", "pdf"]


def test_share_longest_first() -> None:
    # html .5, epub 1, docx 2.5, pdf 4: the parent, which parses (1), takes docx and epub.
    assert workers.share([0.5, 1.0, 2.5, 4.0], 2, parent_load=1.0) == [[2, 1], [3, 0]]
    assert workers.share([1.0, 1.0, 1.0], 3) == [[0], [1], [2]]
    assert workers.share([1.0], 1) == [[0]]


def _outputs(src: Path, out: Path, jobs: int | None) -> dict[str, bytes]:
    result = pledgeconv.convert(src, f"{out}/", to=FORMATS, jobs=jobs)
    assert not result.errors
    return {p.suffix: p.read_bytes() for p in result.outputs}


@pytest.mark.parametrize("copies", [1, 12])  # a small pickle; one bigger than a pipe's buffer
def test_workers_write_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copies: int
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = tmp_path / "in.md"
    src.write_text("\n\n".join([SEED.read_text(encoding="utf-8")] * copies), encoding="utf-8")
    forks: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    serial = _outputs(src, tmp_path / "one", jobs=1)
    assert forks == []
    early = _outputs(src, tmp_path / "early", jobs=2)
    assert len(forks) == 1  # the PDF worker, started before parsing
    monkeypatch.setattr(pledgeconv.api, "EARLY_MAX_INPUT_BYTES", 0)
    late = _outputs(src, tmp_path / "late", jobs=3)
    assert len(forks) == 3  # two more, after parsing
    assert set(serial) == {".html", ".epub", ".docx", ".pdf"}
    assert serial == early == late


def test_a_dying_worker_fails_only_its_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = workers.run_one

    def run_one(job: workers.Job) -> workers.JobResult:
        if job.fmt == "pdf" and os.getpid() != parent:
            os._exit(9)  # as if the OOM killer took it
        return real(job)

    parent = os.getpid()
    monkeypatch.setattr(workers, "run_one", run_one)
    result = pledgeconv.convert(SEED, f"{tmp_path}/", to=FORMATS, jobs=2)
    written = {p.suffix for p in result.outputs}
    assert {".docx", ".epub"} <= written and ".pdf" not in written  # docx and epub: the parent's share
    assert any("pdf: worker process failed" in str(e) for e in result.errors)
    assert len(result.errors) + len(written) == 4
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child reaped


def test_bad_input_stops_the_early_workers(tmp_path: Path) -> None:
    src = tmp_path / "bad.md"
    src.write_bytes(b"\xff\xfe\x00\xd8 broken" * 10 + b"\x00" * 50)
    with pytest.raises(pledgeconv.PledgeconvError):
        pledgeconv.convert(src, f"{tmp_path}/out/", to=FORMATS, jobs=2)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to look for left-over processes")
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_with_workers_running(tmp_path: Path, sig: int, code: int) -> None:
    src = tmp_path / "big.md"
    src.write_text("\n\n".join([SEED.read_text(encoding="utf-8")] * 600), encoding="utf-8")
    out = tmp_path / "out"
    # Workers forked before parsing (the early start, made to apply to this big input) and still
    # busy when the signal comes: no format is done yet (each output is written as soon as it is
    # there; with 300 chapters the DOCX was, at 2.4 s, on an idle machine).
    run = ("import sys, pledgeconv.api as api; api.EARLY_MAX_INPUT_BYTES = 1 << 40; "
           "from pledgeconv.cli import main; sys.exit(main())")  # fmt: skip
    interrupt_conversion([sys.executable, "-c", run, "convert", str(src), "-t", "all", "-o", f"{out}/", "-q"],
                         out, sig, code)  # fmt: skip
    time.sleep(0.2)
    assert _processes_mentioning(str(src)) == []


def test_no_fork_while_other_threads_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    def no_fork() -> int:
        raise AssertionError("forked with a second thread running")

    monkeypatch.setattr(os, "fork", no_fork)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        result = pledgeconv.convert(SEED, f"{tmp_path}/", to=FORMATS, jobs=4)
    finally:
        stop.set()
        other.join()
    assert not result.errors and len(result.outputs) == 4


def test_fork_failure_falls_back_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", fork)
    result = pledgeconv.convert(SEED, f"{tmp_path}/", to=FORMATS, jobs=4)
    assert not result.errors and len(result.outputs) == 4


def test_memory_budget_limits_the_workers() -> None:
    assert workers.memory_limit(8 * 1024) >= 2
    assert workers.memory_limit(50 * 1024 * 1024) == 1
    sizes = [k * 1024 * 1024 for k in range(0, 60)]
    assert [workers.memory_limit(n) for n in sizes] == sorted(
        (workers.memory_limit(n) for n in sizes), reverse=True
    )


@pytest.mark.parametrize(("jobs", "forks"), [(None, 0), (2, 1)])
def test_a_big_input_is_exported_in_one_process_unless_jobs_are_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int | None, forks: int
) -> None:
    # The budget as if the input were 50 MiB: without -j, no worker is forked; -j 2 is obeyed.
    monkeypatch.setattr(workers, "PROCESS_MB_PER_INPUT_MIB", 10**9)
    monkeypatch.setattr(workers, "cpu_limit", lambda limit: limit or 2)
    real_fork, forked = os.fork, []

    def fork() -> int:
        forked.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    result = pledgeconv.convert(SEED, f"{tmp_path}/", to=FORMATS, jobs=jobs)
    assert not result.errors and len(result.outputs) == 4
    assert len(forked) == forks


def test_parse_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    pledgeconv.parse("# 제목\n\n본문")
    assert gc.isenabled()
    gc.disable()
    try:
        pledgeconv.parse("# 제목\n\n본문")
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("interrupt", "code"), [("KeyboardInterrupt", 130), ("pledgeconv.cli.Terminated", 143)]
)
def test_no_traceback_from_objects_cut_off_by_an_interrupt(tmp_path: Path, interrupt: str, code: int) -> None:
    # A ZIP (DOCX/EPUB) interrupted mid-write fails in its finalizer at exit; that must stay quiet.
    run = f"""
import io, sys, zipfile
import pledgeconv.api, pledgeconv.cli
kept = []
def convert(*args, **kwargs):
    buf = io.BytesIO()
    z = zipfile.ZipFile(buf, "w")
    z.writestr("a.txt", "x")
    kept.append(z)
    buf.close()
    raise {interrupt}()
pledgeconv.api.convert = convert
sys.exit(pledgeconv.cli.main(["convert", {str(SEED)!r}, "-o", {str(tmp_path)!r} + "/", "-q"]))
"""
    proc = subprocess.run([sys.executable, "-c", run], capture_output=True, timeout=60)
    assert proc.returncode == code
    assert b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_result_is_delivered_once_as_soon_as_it_is_there(jobs: int) -> None:
    from pledgeconv.options import ExportOptions
    from pledgeconv.resolve import resolve

    options = ExportOptions()
    resolved = resolve(pledgeconv.parse(SEED), options)
    seen: list[tuple[int, int]] = []

    def deliver(i: int, result: workers.JobResult) -> workers.JobResult:
        assert result.data is not None
        seen.append((i, len(result.data)))
        return workers.JobResult(None, result.warnings)

    with workers.Workers([(fmt, options) for fmt in FORMATS], jobs_limit=jobs) as pool:
        results = pool.run(resolved, deliver)
    assert sorted(i for i, _ in seen) == list(range(len(FORMATS)))
    assert all(size > 0 for _, size in seen)
    assert all(r.data is None and r.error is None for r in results)
