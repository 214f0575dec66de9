"""Time pledgeconv against pandoc, whole process, on the seed and generated books; print and save.

Usage: python benchmarks/run.py [--runs N] [--sizes seed,100,1000] [--formats html,epub,docx,pdf,hwpx]
                                [--json benchmarks/results.json]

Inputs are generated under benchmarks/out/: the reference chapter (7.8 KB), a 100-chapter book
(100 copies of it, 780 KB, about 420 A4 pages) and a 1000-chapter book for scaling. pandoc comes
from PATH or from the pypandoc-binary package; its PDF route is --pdf-engine=weasyprint when
weasyprint is installed; pandoc has no HWPX writer, so that row has no pandoc figure. Each figure is the median of N runs; memory is the peak RSS of the
process tree (os.wait4), in MB.

The package's bytecode is compiled first, as ``pip install`` does: an editable checkout run with
PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every run. The floors are
printed too: the interpreter's own start and the import of reportlab, which every PDF run pays.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "pledge-foreign-security.md"
OUT = ROOT / "benchmarks" / "out"
PANDOC_FORMATS = {"html": "html", "epub": "epub3", "docx": "docx", "pdf": "pdf"}


def make_inputs(sizes: list[str]) -> dict[str, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    seed = SEED.read_text(encoding="utf-8")
    inputs: dict[str, Path] = {}
    for size in sizes:
        path = OUT / f"book-{size}.md"
        if size == "seed":
            path.write_text(seed, encoding="utf-8")
        else:
            path.write_text("\n\n".join(seed for _ in range(int(size))), encoding="utf-8")
        inputs[size] = path
    return inputs


def measure(cmd: list[str], runs: int) -> dict[str, float]:
    """Median wall time (s) and max peak RSS (MB) of ``cmd`` over ``runs`` runs."""
    times: list[float] = []
    peaks: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if status != 0:
            err = proc.stderr.read().decode("utf-8", "replace")[-400:] if proc.stderr else ""
            raise SystemExit(f"failed ({status}): {' '.join(cmd)}\n{err}")
        if proc.stderr:
            proc.stderr.close()
    return {"seconds": statistics.median(times), "peak_mb": max(peaks), "runs": runs}


def ours(src: Path, formats: list[str], dest: Path) -> list[str]:
    """The pledgeconv command for ``formats`` of ``src``, written into ``dest``."""
    return [
        sys.executable,
        "-m",
        "pledgeconv",
        "convert",
        str(src),
        "-t",
        ",".join(formats),
        "-o",
        f"{dest}/",
        "-q",
    ]


def floors(runs: int) -> dict[str, dict[str, float]]:
    """What no Python PDF converter can go below on this machine: start-up and reportlab's import."""
    return {
        "python -c pass": measure([sys.executable, "-c", "pass"], runs),
        "import reportlab.platypus": measure([sys.executable, "-c", "import reportlab.platypus"], runs),
    }


def pandoc_path() -> str | None:
    found = shutil.which("pandoc")
    if found:
        return found
    try:
        import pypandoc  # type: ignore[import-untyped,import-not-found,unused-ignore]

        return str(pypandoc.get_pandoc_path())
    except Exception:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="seed,100")
    parser.add_argument("--formats", default="html,epub,docx,pdf,hwpx")
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "results.json"))
    parser.add_argument("--no-pandoc", action="store_true")
    args = parser.parse_args(argv)
    sizes = args.sizes.split(",")
    formats = args.formats.split(",")
    inputs = make_inputs(sizes)
    import compileall

    compileall.compile_dir(str(ROOT / "pledgeconv"), quiet=1)
    pandoc = None if args.no_pandoc else pandoc_path()
    weasy = shutil.which("weasyprint")
    dest = OUT / "dist"
    results: dict[str, dict[str, object]] = {}
    env_note = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    for size, src in inputs.items():
        row: dict[str, object] = {"input_bytes": src.stat().st_size}
        for fmt in formats:
            row[f"pledgeconv:{fmt}"] = measure(ours(src, [fmt], dest), args.runs)
            if pandoc and fmt in PANDOC_FORMATS and not (fmt == "pdf" and not weasy):
                target = ["--pdf-engine=weasyprint"] if fmt == "pdf" else ["-t", PANDOC_FORMATS[fmt]]
                theirs = [pandoc, str(src), "-s", *target, "-o", str(dest / f"pandoc-{size}.{fmt}"),
                          "--metadata", "title=bench", "--quiet"]  # fmt: skip
                row[f"pandoc:{fmt}"] = measure(theirs, max(1, args.runs if size != "1000" else 1))
            print(f"{size:>5} {fmt:5} done", file=sys.stderr)
        row["pledgeconv:all-in-one-call"] = measure(ours(src, formats, dest), args.runs)
        results[size] = row
    report: dict[str, object] = {"machine": env_note, "pandoc": pandoc, "weasyprint": weasy, "floors": floors(args.runs),
              "results": results}  # fmt: skip
    Path(args.json).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(report, formats))
    return 0


def table(report: dict[str, object], formats: list[str]) -> str:
    """A Markdown table: pledgeconv vs pandoc per input and format, with the ratio."""
    lines = ["| input | format | pledgeconv s | pandoc s | ratio | pledgeconv MB | pandoc MB |",
             "|---|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    results = report["results"]
    assert isinstance(results, dict)
    for size, row in results.items():
        sum_pandoc = 0.0
        complete = True
        for fmt in formats:
            ours = row[f"pledgeconv:{fmt}"]
            theirs = row.get(f"pandoc:{fmt}")
            if theirs:
                sum_pandoc += theirs["seconds"]
            else:
                complete = False
            ratio = f"{ours['seconds'] / theirs['seconds']:.2f}×" if theirs else "–"
            lines.append(
                f"| {size} | {fmt} | {ours['seconds']:.2f} | {theirs['seconds'] if theirs else float('nan'):.2f} | {ratio} "
                f"| {ours['peak_mb']:.0f} | {theirs['peak_mb'] if theirs else float('nan'):.0f} |"
            )
        together = row["pledgeconv:all-in-one-call"]
        ratio = f"{together['seconds'] / sum_pandoc:.2f}×" if complete and sum_pandoc else "–"
        lines.append(
            f"| {size} | all, one call | {together['seconds']:.2f} | {sum_pandoc:.2f} (sum) | {ratio} "
            f"| {together['peak_mb']:.0f} | – |"
        )
    for name, floor in report.get("floors", {}).items():  # type: ignore[attr-defined]
        lines.append(f"| (floor) | `{name}` | {floor['seconds']:.2f} | – | – | {floor['peak_mb']:.0f} | – |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
