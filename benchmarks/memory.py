"""Peak memory of one `convert -t all` call for inputs up to the default maximum (50 MiB): bound and scaling.

Usage: python benchmarks/memory.py [--mib 12.5,25,50] [--json benchmarks/memory.json] [--limit-mb 2048]

Each input is the reference chapter repeated up to the size (just under the size for 50 MiB, the
default --max-input-bytes). The whole process tree is sampled from /proc every 100 ms: the figure is
the largest sum, at one moment, of the PSS of the main process and its export workers (which run in
parallel; a page shared by forked processes is split between them), beside the largest single
process's peak RSS (os.wait4). Exits non-zero when a peak is over
--limit-mb, or when memory grows faster than the input (MB per input MiB more than 1.5× that of the
smallest size).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "pledge-foreign-security.md"
OUT = ROOT / "benchmarks" / "out"
MIB = 1024 * 1024


def make_input(mib: float) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8") + "\n\n"
    unit = len(seed.encode("utf-8"))
    limit = int(mib * MIB) - 1
    path = OUT / f"memory-{mib:g}mib.md"
    path.write_text(seed * (limit // unit), encoding="utf-8")
    return path


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return found


def _rss_mb(pid: int) -> float:
    """Proportional set size (a page shared by n forked processes counts 1/n in each), else RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MIB
    except OSError:
        return 0.0


def tree_rss_mb(root: int) -> float:
    """Memory of ``root`` and all its descendants now: the sum of their proportional set sizes."""
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_mb(pid)
        todo += _children(pid)
    return total


def measure(src: Path, dest: Path) -> dict[str, float]:
    cmd = [sys.executable, "-m", "pledgeconv", "convert", str(src), "-t", "all", "-o", f"{dest}/", "-q"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mb(proc.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")[-400:] if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(cmd)}\n{err}")
    return {
        "input_mib": round(src.stat().st_size / MIB, 2),
        "seconds": round(seconds, 1),
        "tree_peak_mb": round(peak),
        "largest_process_mb": round(usage.ru_maxrss / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", default="12.5,25,50")
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "memory.json"))
    parser.add_argument("--limit-mb", type=float, default=2048)
    args = parser.parse_args(argv)
    rows = []
    for mib in (float(x) for x in args.mib.split(",")):
        row = measure(make_input(mib), OUT / "memory-dist")
        row["mb_per_input_mib"] = round(row["tree_peak_mb"] / row["input_mib"], 1)
        rows.append(row)
        print(
            f"{row['input_mib']:6.2f} MiB  {row['seconds']:6.1f} s  tree peak {row['tree_peak_mb']:5.0f} MB"
            f"  largest process {row['largest_process_mb']:5.0f} MB  ({row['mb_per_input_mib']} MB per MiB)",
            flush=True,
        )
    Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    over = [r for r in rows if r["tree_peak_mb"] > args.limit_mb]
    slope = [r["mb_per_input_mib"] for r in rows]
    superlinear = len(slope) > 1 and max(slope[1:]) > 1.5 * slope[0]
    if over or superlinear:
        print(f"memory: over {args.limit_mb:g} MB: {over}; superlinear: {superlinear}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
