"""Run snippet files the way ``python path/to/snippet.py`` would, but cheaply.

Each snippet runs in its own process, forked from a multiprocessing
*forkserver* that imported TensorFlow, Keras and matplotlib once. A fork starts
with a clean copy of that state, so a snippet runs as in a fresh ``python``
process, minus the import time, with three differences that change no number it
prints: ``plt.show`` saves the open figures instead of opening a window, the
matplotlib rcParams that make SVG deterministic and compact are set, and the
backend is Agg. The machine-variance check (``tests/sitebuild/test_site.py``)
runs every snippet as a real ``python`` process and compares what it prints.
Up to ``jobs`` files run at once, and a snippet still running after ``timeout``
seconds is killed. Lab notebooks run in ``sitebuild/notebook_run.py``.

In the child, file descriptors 1 and 2 go to files (so output printed by C
code is captured too), and an audit hook records every file under the project
root that the snippet opened (its imported helpers, its data): the cache keys
on those.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild.child import FIGURE_FILES, run_in_child

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
# The code that decides what a snippet prints: the cache keys on its bytes (cache.py).
CODE = [Path(__file__).with_name(name)
        for name in ("executor.py", "child.py", "dark.py", "thumbs.py",
                     "notebook_run.py", "_preload.py")]


@dataclass
class Result:
    """What one snippet run produced."""

    path: str  # relative to the project root, with forward slashes
    ok: bool
    stdout: str = ""
    stderr: str = ""
    figures: list[bytes] = field(default_factory=list)
    dark_figures: list[bytes] = field(default_factory=list)  # the same, for the dark scheme
    thumbnails: list[bytes] = field(default_factory=list)  # WebP, for the gallery (thumbs.py)
    dark_thumbnails: list[bytes] = field(default_factory=list)
    figure_titles: list[str] = field(default_factory=list)
    deps: list[str] = field(default_factory=list)  # files read, relative to root
    seconds: float = 0.0
    started: float = 0.0
    preloaded: bool = False  # TensorFlow was already imported when the snippet started
    error: str = ""  # one-paragraph summary for the build log
    cached: bool = False
    notebook: bytes = b""  # for a lab notebook: the executed .ipynb


_SVG_PROLOG = re.compile(rb"\A.*?(?=<svg)|<metadata>.*?</metadata>\s*", re.DOTALL)


def _strip_svg_prolog(svg: bytes) -> bytes:
    """Drop the XML declaration, DOCTYPE and RDF metadata: bytes no browser needs."""
    return _SVG_PROLOG.sub(b"", svg)


_context = None


def _forkserver():
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


def run_one(snippet: Path, root: Path, timeout: float) -> Result:
    """Run one snippet in a forked child and collect what it produced."""
    snippet = snippet.resolve()
    root = root.resolve()
    rel = snippet.relative_to(root).as_posix()
    if not snippet.is_file():
        return Result(rel, ok=False, error="file not found")
    context = _forkserver()
    with tempfile.TemporaryDirectory(prefix="snippet-out-") as outdir:
        started = time.time()
        child = context.Process(target=run_in_child, args=(str(snippet), str(root), outdir))
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
        files = {name: [(out / pattern.format(i)).read_bytes()
                        for i in range(1, len(status["figure_titles"]) + 1)]
                 for name, pattern in FIGURE_FILES.items()}
        for name in ("figures", "dark_figures"):
            files[name] = [_strip_svg_prolog(svg) for svg in files[name]]
        return Result(
            rel,
            ok=status["ok"],
            stdout=stdout,
            stderr=stderr,
            **files,
            figure_titles=status["figure_titles"],
            deps=[Path(d).relative_to(root).as_posix() for d in status["deps"]],
            seconds=status["seconds"],
            started=started,
            preloaded=status["preloaded"],
            error=status.get("error", ""),
        )


def run_any(path: Path, root: Path, timeout: float) -> Result:
    if path.suffix == ".ipynb":
        from sitebuild.notebook_run import run_notebook

        return run_notebook(path, root, timeout)
    return run_one(path, root, timeout)


def run_many(paths: list[Path], root: Path, timeout: float, jobs: int) -> list[Result]:
    """Run snippets and notebooks ``jobs`` at a time; results come back in the given order."""
    if not paths:
        return []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda p: run_any(p, root, timeout), paths))
