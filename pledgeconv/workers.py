"""Export in forked worker processes; workers can warm up (imports, fonts) while the parent parses.

Work is shared longest-first between the parent and ``jobs - 1`` forked children. A child either
inherits its documents (forked after parsing) or, when started early, imports its exporters and
loads fonts while the parent is still parsing, then receives the parsed document pickled through a
pipe. Children write no files: they send their results back and the parent writes them, so the
rules for atomic output and interruption stay in one place. Without a safe ``os.fork`` (Windows,
macOS, or another thread running), or with one CPU, everything runs in this process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from . import exporters
from .errors import ExportError, PledgeconvError
from .frozen import dataclass
from .model import Diagnostic
from .options import ExportOptions
from .render import render
from .resolved import Resolved


@dataclass(frozen=True, slots=True)
class Job:
    """One rendering to do: a resolved document, a format, the options."""

    resolved: Resolved
    fmt: str
    options: ExportOptions


@dataclass(frozen=True, slots=True)
class JobResult:
    """What a job gave: the bytes and the exporter's warnings, or the error that stopped it."""

    data: bytes | None
    warnings: tuple[Diagnostic, ...] = ()
    error: PledgeconvError | None = None


#: Relative cost of each format on the same document (others count 1), and of parsing it.
COST = {"pdf": 4.0, "docx": 2.5, "epub": 1.0, "html": 0.5}
PARSE_COST = 1.0
#: Formats worth starting early: their imports and set-up (fonts, Word template) take longer than
#: parsing a chapter, so doing them while the parent parses saves wall time.
WARM_FORMATS = frozenset({"pdf", "docx"})
#: Above this input size, pickling the document to a worker costs more than warming up saves;
#: workers are forked after parsing instead and inherit it.
EARLY_MAX_INPUT_BYTES = 256 * 1024
#: Memory: each process holds its own copy of the document (a forked child's reference counting
#: touches, and so copies, every page of the inherited tree) and its exporter's working set:
#: measured with all formats (benchmarks/memory.py), two processes on an 8 MiB input peak at about
#: 490 MB together, one at about 280 MB. Workers are added only while PROCESS_BASE_MB +
#: PROCESS_MB_PER_INPUT_MIB per MiB for each of them stays within MEMORY_BUDGET_MB: two processes
#: up to about 20 MiB, one above, where a 50 MiB input stays under 2 GB.
MEMORY_BUDGET_MB = 1536
PROCESS_BASE_MB = 60
PROCESS_MB_PER_INPUT_MIB = 35
#: From this input size, garbage is collected between the formats one process exports in turn.
COLLECT_FROM_BYTES = 1024 * 1024
_PIPE_BUFFER = 65536


def can_fork() -> bool:
    """Whether worker processes can be forked safely: POSIX ``fork``, and no other thread running
    (a thread holding a lock at fork time would deadlock the child; then we work in this process)."""
    if not hasattr(os, "fork") or sys.platform == "darwin":  # macOS: fork is unsafe with its system
        return False  # libraries (Python's multiprocessing stopped defaulting to it there)
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() <= 1


def cpu_limit(jobs_limit: int | None) -> int:
    """How many processes may work at once: ``jobs_limit`` or the CPUs this process may use."""
    if jobs_limit:
        return max(1, jobs_limit)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def memory_limit(input_bytes: int) -> int:
    """How many processes the memory budget allows for an input of ``input_bytes`` (at least one)."""
    each = PROCESS_BASE_MB + PROCESS_MB_PER_INPUT_MIB * input_bytes / (1024 * 1024)
    return max(1, int(MEMORY_BUDGET_MB // each))


def run_one(job: Job) -> JobResult:
    """Render one job in this process; our errors come back as data."""
    try:
        rendered = render(job.resolved, job.fmt, job.options)
        return JobResult(rendered.data, rendered.warnings)
    except PledgeconvError as exc:
        return JobResult(None, (), exc)


def run_in_turn(
    jobs: Sequence[Job], indices: Sequence[int], collect: bool
) -> Iterator[tuple[int, JobResult]]:
    """Run ``jobs[i]`` for each of ``indices``, one after another, yielding each result when it is
    there; with ``collect``, the garbage of each (an exporter's reference cycles: lxml proxies,
    reportlab objects) is collected before the next starts, so that a big document's exports do
    not stack up in memory."""
    for n, i in enumerate(indices):
        if n and collect:
            gc.collect()
        yield i, run_one(jobs[i])


def warm(fmt: str, options: ExportOptions) -> None:
    """Import an exporter and let it prepare (fonts, template). Failures are left for the real
    export to report, with the document's name."""
    try:
        prepare = getattr(exporters.get(fmt), "warm", None)
        if prepare is not None:
            prepare(options)
    except Exception:  # reported by the export itself, with the document name
        pass


def share(costs: Sequence[float], workers: int, parent_load: float = 0.0) -> list[list[int]]:
    """Longest-first assignment of jobs (by cost) to ``workers`` buckets; bucket 0 is the parent,
    which starts with ``parent_load`` (the parsing it still has to do)."""
    loads = [parent_load] + [0.0] * (workers - 1)
    buckets: list[list[int]] = [[] for _ in range(workers)]
    for index in sorted(range(len(costs)), key=lambda i: (-costs[i], i)):
        target = min(range(workers), key=lambda k: (loads[k], k))
        buckets[target].append(index)
        loads[target] += costs[index]
    return buckets


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


class _Child:
    """A forked worker: its pid and the parent's ends of its pipes."""

    def __init__(self, pid: int, results: int, document: int | None) -> None:
        self.pid = pid
        self.results: int | None = results
        self.document: int | None = document

    def parent_fds(self) -> list[int]:
        return [fd for fd in (self.results, self.document) if fd is not None]


def _child_main(
    indices: list[int],
    jobs: Sequence[Job] | None,
    specs: Sequence[tuple[str, ExportOptions]],
    document_fd: int | None,
    results_fd: int,
    collect: bool,
) -> None:
    """The body of a worker process. Never returns: ``os._exit`` skips the parent's clean-up."""
    import pickle  # here and below, not at the top: a single-process run never pickles

    status = 0
    try:
        if jobs is None:
            assert document_fd is not None
            for i in indices:
                warm(*specs[i])
            payload = _read_all(document_fd)
            if not payload:
                return  # the parent gave up (bad input, --fail-on-warning): nothing to do
            resolved = pickle.loads(payload)
            jobs = [Job(resolved, fmt, options) for fmt, options in specs]
        results = list(run_in_turn(jobs, indices, collect))
        try:
            data = pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an exporter's warning or error that does not pickle
            failed = ExportError(f"worker could not send its results back ({type(exc).__name__}: {exc})")
            data = pickle.dumps([(i, JobResult(None, (), failed)) for i in indices])
        _write_all(results_fd, data)
    except BaseException:
        status = 1
    finally:
        os._exit(status)


class Workers:
    """Render a set of jobs on up to ``jobs_limit`` processes (this one included).

    ``start()`` forks the children at once, so that they warm up (imports, fonts) while the caller
    parses; ``run(resolved)`` then sends them the document. Without ``start()``, ``run`` forks after
    parsing and the children inherit the document. Use it as a context manager: leaving early (an
    error, Ctrl-C) stops the children.
    """

    def __init__(
        self,
        specs: Sequence[tuple[str, ExportOptions]],
        *,
        jobs_limit: int | None = None,
        weights: Sequence[float] | None = None,
        input_bytes: int = 0,
    ) -> None:
        self.specs = list(specs)
        self.costs = [
            COST.get(fmt, 1.0) * (weights[i] if weights else 1.0) for i, (fmt, _) in enumerate(self.specs)
        ]
        self.jobs_limit = jobs_limit
        #: the size of the input, when known: without an explicit ``jobs_limit``, a big one gets fewer
        #: processes (memory_limit)
        self.input_bytes = input_bytes
        self.buckets = self._plan(early=False)
        self.early = False
        self.children: list[_Child] = []
        self._senders: list[Any] = []

    def _plan(self, *, early: bool) -> list[list[int]]:
        processes = min(cpu_limit(self.jobs_limit), len(self.specs) + (1 if early else 0))
        if self.jobs_limit is None:
            processes = min(processes, memory_limit(self.input_bytes))
        if not can_fork() or processes <= 1:
            return share(self.costs, 1)
        return share(self.costs, processes, PARSE_COST if early else 0.0)

    def start(self) -> bool:
        """Fork the workers now, to warm up while the caller parses, when a format gains from it
        (PDF fonts, the Word template) and forking is possible. Returns whether they started."""
        if self.children or not any(fmt in WARM_FORMATS for fmt, _ in self.specs):
            return False
        buckets = self._plan(early=True)
        if len(buckets) <= 1:
            return False
        self.buckets, self.early = buckets, True
        self._fork(None)
        return True

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fork(self, jobs: Sequence[Job] | None) -> None:
        for indices in self.buckets[1:]:
            if not indices:
                continue
            results_r, results_w = os.pipe()
            document_r, document_w = os.pipe() if jobs is None else (None, None)
            inherited = [fd for child in self.children for fd in child.parent_fds()]
            # SIGINT and SIGTERM are held until the child has its own handlers: one that came between
            # the fork and those would run the parent's handler in the child, outside _child_main's
            # try, and the child would go on as a copy of the caller (a test runner, the CLI).
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            try:
                pid = os.fork()
            except OSError:  # no more processes or memory: this process does those jobs itself
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
                for fd in (results_r, results_w, document_r, document_w):
                    if fd is not None:
                        os.close(fd)
                self.buckets[0].extend(indices)
                continue
            if pid == 0:  # interrupted, a child just goes: the parent reports it
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
                for fd in [results_r, document_w, *inherited]:
                    if fd is not None:
                        os.close(fd)
                _child_main(
                    indices, jobs, self.specs, document_r, results_w, self.input_bytes >= COLLECT_FROM_BYTES
                )
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            os.close(results_w)
            if document_r is not None:
                os.close(document_r)
            self.children.append(_Child(pid, results_r, document_w))

    def run(
        self,
        docs: Resolved | Sequence[Resolved],
        deliver: Callable[[int, JobResult], JobResult] | None = None,
    ) -> list[JobResult]:
        """Render every spec (of ``docs``: one document for all, or one per spec); results in order.

        ``deliver(i, result)``, if given, is called as soon as each result is there (say, to write
        it out) and returns what to keep of it: a big book's outputs need not all be held at once.
        """
        doc_list = [docs] * len(self.specs) if isinstance(docs, Resolved) else list(docs)
        jobs = [Job(doc, fmt, options) for doc, (fmt, options) in zip(doc_list, self.specs, strict=True)]
        results: list[JobResult | None] = [None] * len(jobs)
        if self.early:
            self._send(jobs[0].resolved)
        else:
            self.buckets = self._plan(early=False)  # input_bytes may be known only now (stdin)
            if len(self.buckets) > 1:
                self._fork(jobs)
        keep = deliver or (lambda _i, result: result)
        for i, result in run_in_turn(jobs, self.buckets[0], self.input_bytes >= COLLECT_FROM_BYTES):
            results[i] = keep(i, result)
        for child in list(self.children):
            for i, result in self._collect(child):
                results[i] = keep(i, result)
            self.children.remove(child)
        for sender in self._senders:  # done: the children read the document before answering
            sender.join()
        self._senders = []
        return [
            result
            if result is not None  # else the worker died before it could answer
            else JobResult(
                None,
                (),
                ExportError(
                    f"{jobs[i].resolved.doc.source or '<input>'}: {jobs[i].fmt}: worker process failed"
                ),
            )
            for i, result in enumerate(results)
        ]

    def _send(self, resolved: Resolved) -> None:
        import pickle

        payload = pickle.dumps(resolved, protocol=pickle.HIGHEST_PROTOCOL)
        for child in self.children:
            fd, child.document = child.document, None
            assert fd is not None
            if len(payload) <= _PIPE_BUFFER:
                self._send_to(fd, payload)
            else:  # a big document: don't wait for a child still warming up to read it
                import threading

                sender = threading.Thread(target=self._send_to, args=(fd, payload), daemon=True)
                sender.start()
                self._senders.append(sender)

    @staticmethod
    def _send_to(fd: int, payload: bytes) -> None:
        try:
            _write_all(fd, payload)
        except OSError:
            pass  # the child is gone; collecting its results reports that
        finally:
            os.close(fd)

    @staticmethod
    def _collect(child: _Child) -> list[tuple[int, JobResult]]:
        import pickle

        assert child.results is not None
        payload = _read_all(child.results)  # interrupted: close() stops and reaps the child
        os.close(child.results)
        child.results = None
        os.waitpid(child.pid, 0)
        try:
            received: list[tuple[int, JobResult]] = pickle.loads(payload) if payload else []
        except Exception:  # a truncated answer: the child died mid-write
            received = []
        return received

    def close(self) -> None:
        """Stop any child still running (the caller failed or was interrupted) and reap it."""
        for child in self.children:
            for fd in child.parent_fds():
                with contextlib.suppress(OSError):
                    os.close(fd)
            child.results = child.document = None
            try:
                os.kill(child.pid, signal.SIGTERM)
                os.waitpid(child.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.children = []
