"""Edit-to-page latency of `pledgeconv serve` on a 100-chapter book: median and worst of 20 edits.

Usage: python benchmarks/serve_latency.py [--chapters 100] [--edits 20] [--json benchmarks/serve.json]

The book is generated under benchmarks/out/serve-book/ (each chapter a copy of the reference chapter).
Each edit appends a new sentence to one chapter (a different one each time) and measures, from the
moment the file is written, until the open page's event channel has announced the change and the
page the browser then fetches holds the new sentence: what a writer waits for after saving. The
server's own share (parse of the changed chapter, assembly and HTML render) is read from its state.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "pledge-foreign-security.md"


def make_book(folder: Path, chapters: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    seed = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(chapters):
        path = folder / f"{i:03d}_장.md"
        path.write_text(seed, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", type=int, default=100)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    book = ROOT / "benchmarks" / "out" / "serve-book"
    paths = make_book(book, args.chapters)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pledgeconv", "serve", str(book), "--port", "0", "--no-browser"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        found = re.search(r"http://([\d.]+):(\d+)/", line)
        assert found, line
        host, port = found.group(1), int(found.group(2))
        threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()  # type: ignore[union-attr]
        events = http.client.HTTPConnection(host, port, timeout=30)
        events.request("GET", "/_pc/events")
        stream = events.getresponse()
        stream.readline()  # retry:
        stream.readline()
        page = http.client.HTTPConnection(host, port, timeout=30)
        waits: list[float] = []
        server: list[float] = []
        for n in range(args.edits):
            token = f"편집 {n} 번째 문장입니다."
            path = paths[(n * 37) % len(paths)]
            time.sleep(0.3)  # edits a writer makes, not a burst
            start = time.perf_counter()
            with path.open("a", encoding="utf-8") as fh:
                fh.write(f"\n\n{token}\n")
            while True:
                message = stream.readline().decode()
                if message.startswith("data:"):
                    stream.readline()
                    page.request("GET", "/_pc/page")
                    body = page.getresponse().read().decode("utf-8")
                    if token in body:
                        break
            waits.append(time.perf_counter() - start)
            page.request("GET", "/_pc/state")
            server.append(json.loads(page.getresponse().read())["seconds"])
        result = {
            "chapters": args.chapters,
            "edits": args.edits,
            "median_ms": round(statistics.median(waits) * 1000, 1),
            "worst_ms": round(max(waits) * 1000, 1),
            "server_median_ms": round(statistics.median(server) * 1000, 1),
            "server_worst_ms": round(max(server) * 1000, 1),
            "cpus": os.cpu_count(),
        }
        print(json.dumps(result, ensure_ascii=False, indent=1))
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
