"""Run snippet files the way ``python path/to/snippet.py`` would, but cheaply.

Each snippet runs in its own process, forked from a multiprocessing
*forkserver* that imported TensorFlow, Keras and matplotlib once. A fork starts
with a clean copy of that state, so a snippet sees exactly what a fresh
``python`` process would see, minus the import time. Up to ``jobs`` snippets run
at once, and a snippet still running after ``timeout`` seconds is killed.

In the child, file descriptors 1 and 2 go to files (so output printed by C
code is captured too), ``plt.show`` saves the open figures instead of opening a
window, and an audit hook records every file under the project root that the
snippet opened (its imported helpers, its data): the cache keys on those.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

# The repository's shipped data folder (data/README.md), copied beside every lab run.
SHIPPED_DATA = "data"

# Set before TensorFlow is imported anywhere (the forkserver inherits them).
# They keep TF's start-up chatter out of the build log. Snippet stdout is what
# reaches a page, and stderr never does.
SNIPPET_ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "Agg",
}
# The machine-variance check's arithmetic, added on top of SNIPPET_ENV: oneDNN's
# kernels (TensorFlow's default on x86-64 Linux, so what most readers run) and
# one thread, so that floats are summed in another order than in the build.
# What a page prints must not change under it (CONTRIBUTING.md, "Numbers that
# hold on any machine").
OTHER_ARITHMETIC = {
    "TF_ENABLE_ONEDNN_OPTS": "1",
    "OMP_NUM_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
}
PRELOAD = ["sitebuild._preload"]


@dataclass
class Result:
    """What one snippet run produced."""

    path: str  # relative to the project root, with forward slashes
    ok: bool
    stdout: str = ""
    stderr: str = ""
    figures: list[bytes] = field(default_factory=list)
    figure_titles: list[str] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)  # files read, relative to root
    seconds: float = 0.0
    started: float = 0.0
    preloaded: bool = False  # TensorFlow was already imported when the snippet started
    error: str = ""  # one-paragraph summary for the build log
    cached: bool = False
    notebook: bytes = b""  # for a lab notebook: the executed .ipynb


class _FigureCollector:
    """Saves every open matplotlib figure as deterministic SVG, then closes it."""

    def __init__(self, outdir: Path):
        self.outdir = outdir
        self.count = 0
        self.titles: list[str] = []

    def collect(self, *_args, **_kwargs) -> None:
        import matplotlib.pyplot as plt

        for number in plt.get_fignums():
            figure = plt.figure(number)
            self.count += 1
            figure.savefig(
                self.outdir / f"figure-{self.count}.svg",
                format="svg",
                bbox_inches="tight",
                metadata={"Date": None, "Creator": None},
            )
            self.titles.append(_figure_title(figure))
        plt.close("all")


def _figure_title(figure) -> str:
    if figure._suptitle is not None and figure._suptitle.get_text():
        return figure._suptitle.get_text()
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    return "; ".join(titles)


_SVG_PROLOG = re.compile(rb"\A.*?(?=<svg)|<metadata>.*?</metadata>\s*", re.DOTALL)


def _strip_svg_prolog(svg: bytes) -> bytes:
    """Drop the XML declaration, DOCTYPE and RDF metadata: bytes no browser needs."""
    return _SVG_PROLOG.sub(b"", svg)


def _deepest_frame_in(tb_exc: traceback.TracebackException, path: str):
    frames = [f for f in tb_exc.stack if os.path.abspath(f.filename) == path]
    return frames[-1] if frames else None


def _child(snippet: str, root: str, outdir: str) -> None:
    """Body of the forked child: run one snippet, leave results in ``outdir``."""
    out = Path(outdir)
    preloaded = "tensorflow" in sys.modules
    for fd, name in ((1, "stdout.txt"), (2, "stderr.txt")):
        handle = os.open(out / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(handle, fd)
        os.close(handle)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", closefd=False)

    opened: set[str] = set()
    root_prefix = root.rstrip(os.sep) + os.sep

    def audit(event, args):
        if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            name = os.path.abspath(os.fsdecode(args[0]))
            if (name.startswith(root_prefix) and not name.startswith(sys.prefix)
                    and "__pycache__" not in name and os.path.isfile(name)):
                opened.add(name)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.switch_backend("Agg")  # resolve the backend now, so it won't rebind show later
    plt.rcParams["svg.hashsalt"] = "cheatsheet"  # stable element ids in the SVG
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable SVG
    # Embed images at their own resolution, not resampled to the figure size.
    plt.rcParams["image.interpolation"] = "none"
    figures = _FigureCollector(out)

    def show(*_args, **_kwargs):
        figures.collect()

    plt.show = show

    import runpy

    # Run as `python snippet.py` from a scratch folder would: argv, sys.path[0], cwd.
    sys.dont_write_bytecode = True  # no __pycache__ beside the snippets
    sys.argv = [snippet]
    sys.path[0] = os.path.dirname(snippet)
    workdir = tempfile.mkdtemp(prefix="snippet-cwd-")
    os.chdir(workdir)
    sys.addaudithook(audit)
    status: dict = {"preloaded": preloaded}
    start = time.perf_counter()
    try:
        runpy.run_path(snippet, run_name="__main__")
        figures.collect()
        status["ok"] = True
    except SystemExit as exc:
        figures.collect()
        status["ok"] = exc.code in (None, 0)
        status["error"] = f"exited with status {exc.code!r}"
    except BaseException as exc:  # noqa: BLE001 - any failure is reported, not raised
        tb_exc = traceback.TracebackException.from_exception(exc)
        frame = _deepest_frame_in(tb_exc, snippet)
        where = f"line {frame.lineno}: {frame.line}" if frame else "(no frame in the file)"
        status["ok"] = False
        status["error"] = f"failed at {where}\n{''.join(tb_exc.format_exception_only()).strip()}"
        traceback.print_exc()
    status["seconds"] = time.perf_counter() - start
    status["figure_titles"] = figures.titles
    status["deps"] = sorted(opened - {snippet})
    sys.stdout.flush()
    sys.stderr.flush()
    (out / "status.json").write_text(json.dumps(status))
    os._exit(0)


_context = None


def _forkserver(jobs: int):
    """The shared forkserver context; started once per process, on first use."""
    global _context
    if _context is None:
        os.environ.update(SNIPPET_ENV)
        # The build tools live beside snippets/, and the forkserver must import them.
        sitebuild_parent = str(Path(__file__).resolve().parent.parent)
        if sitebuild_parent not in sys.path:
            sys.path.insert(0, sitebuild_parent)
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(PRELOAD)
    return _context


def run_one(snippet: Path, root: Path, timeout: float, jobs: int = 1) -> Result:
    """Run one snippet in a forked child and collect what it produced."""
    snippet = snippet.resolve()
    root = root.resolve()
    rel = snippet.relative_to(root).as_posix()
    if not snippet.is_file():
        return Result(rel, ok=False, error="file not found")
    context = _forkserver(jobs)
    with tempfile.TemporaryDirectory(prefix="snippet-out-") as outdir:
        started = time.time()
        child = context.Process(target=_child, args=(str(snippet), str(root), outdir))
        child.start()
        child.join(timeout)
        if child.is_alive():
            child.kill()
            child.join()
            return Result(rel, ok=False, started=started, seconds=timeout,
                          error=f"timed out: still running after {timeout:g} s (killed)")
        out = Path(outdir)
        stdout = (out / "stdout.txt").read_text(encoding="utf-8", errors="replace")
        stderr = (out / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        status_file = out / "status.json"
        if not status_file.exists():
            return Result(rel, ok=False, stdout=stdout, stderr=stderr, started=started,
                          error=f"the process died (exit code {child.exitcode})")
        status = json.loads(status_file.read_text())
        figures = [_strip_svg_prolog((out / f"figure-{i}.svg").read_bytes())
                   for i in range(1, len(status["figure_titles"]) + 1)]
        return Result(
            rel,
            ok=status["ok"],
            stdout=stdout,
            stderr=stderr,
            figures=figures,
            figure_titles=status["figure_titles"],
            deps=[Path(d).relative_to(root).as_posix() for d in status["deps"]],
            seconds=status["seconds"],
            started=started,
            preloaded=status["preloaded"],
            error=status.get("error", ""),
        )


def run_notebook(notebook: Path, root: Path, timeout: float,
                 env: dict[str, str] | None = None) -> Result:
    """Execute a lab notebook top to bottom in a fresh kernel; stop at the first error.

    ``timeout`` applies to each cell, as it applies to each snippet file. ``env``
    adds to or overrides this process's environment for the kernel.
    """
    import nbformat
    from nbclient import NotebookClient

    rel = notebook.resolve().relative_to(root.resolve()).as_posix()
    if not notebook.is_file():
        return Result(rel, ok=False, error="file not found")
    nb = nbformat.read(notebook, as_version=4)
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="notebook-cwd-") as workdir:
        # Labs read the shipped data from ./data: a copy, so a lab cannot change the original.
        shipped = root / SHIPPED_DATA
        deps = sorted(p.relative_to(root).as_posix() for p in shipped.rglob("*") if p.is_file())
        if shipped.is_dir():
            shutil.copytree(shipped, Path(workdir) / SHIPPED_DATA)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                                resources={"metadata": {"path": workdir}})
        # The kernel draws inline (the notebook default), not with the snippets' Agg backend.
        kernel_env = {k: v for k, v in {**os.environ, **(env or {})}.items()
                      if k != "MPLBACKEND"}
        try:
            client.execute(env=kernel_env)
        except Exception as exc:  # noqa: BLE001 - reported with the failing cell
            return Result(rel, ok=False, started=started, seconds=time.time() - started,
                          error=_describe_cell_failure(nb, exc))
    return Result(rel, ok=True, started=started, seconds=time.time() - started,
                  notebook=nbformat.writes(nb).encode(), deps=deps)


def _describe_cell_failure(nb, exc: Exception) -> str:
    for number, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return (f"failed in cell {number} ({first_line!r}):\n"
                        f"{output['ename']}: {output['evalue']}")
    summary = str(exc).strip().splitlines()
    return f"failed: {type(exc).__name__}: {summary[-1] if summary else ''}"


def run_any(path: Path, root: Path, timeout: float, jobs: int) -> Result:
    if path.suffix == ".ipynb":
        return run_notebook(path, root, timeout)
    return run_one(path, root, timeout, jobs)


def run_many(paths: list[Path], root: Path, timeout: float, jobs: int) -> list[Result]:
    """Run snippets and notebooks ``jobs`` at a time; results come back in the given order."""
    if not paths:
        return []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda p: run_any(p, root, timeout, jobs), paths))
