"""The body of a forked child: run one snippet as a script and leave its results in files.

``run_as_script`` is also how the tests run a snippet in-process (``tests/conftest.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import runpy
import sys
import tempfile
import time
import traceback
from pathlib import Path

# The repository's data folder (data/README.md). Snippets and labs read it as ./data, the
# folder a reader downloads the site's data files into; every run gets it in its working folder.
SHIPPED_DATA = "data"


def link_shipped_data(workdir: str, root: str) -> None:
    """Give a scratch working folder the project's ./data (a link: reads are recorded)."""
    shipped = os.path.join(root, SHIPPED_DATA)
    if os.path.isdir(shipped):
        os.symlink(shipped, os.path.join(workdir, SHIPPED_DATA))


# Each figure's files, as the child writes them and the cache keeps them (name.format(N)),
# keyed by the executor.Result field that holds them.
FIGURE_FILES = {"figures": "figure-{}.svg", "thumbnails": "figure-{}-thumb.webp",
                "dark_figures": "figure-{}-dark.svg", "dark_thumbnails": "figure-{}-thumb-dark.webp"}


class _FigureCollector:
    """Saves every open matplotlib figure as deterministic SVG and as a gallery thumbnail
    (``thumbs.thumbnail``), then its dark variant (``dark.recolour``) the same way, then
    closes it."""

    def __init__(self, outdir: Path):
        self.outdir = outdir
        self.count = 0
        self.titles: list[str] = []

    def collect(self, *_args, **_kwargs) -> None:
        import matplotlib.pyplot as plt

        from sitebuild.dark import recolour
        from sitebuild.thumbs import thumbnail

        for number in plt.get_fignums():
            figure = plt.figure(number)
            self.count += 1
            self.titles.append(_figure_title(figure))
            for svg, thumb in (("figures", "thumbnails"), ("dark_figures", "dark_thumbnails")):
                if svg == "dark_figures":
                    recolour(figure)
                figure.savefig(
                    self.outdir / FIGURE_FILES[svg].format(self.count),
                    format="svg",
                    bbox_inches="tight",
                    metadata={"Date": None, "Creator": None},
                )
                (self.outdir / FIGURE_FILES[thumb].format(self.count)).write_bytes(
                    thumbnail(figure, dark=svg == "dark_figures"))
        plt.close("all")


def _figure_title(figure) -> str:
    if figure.get_suptitle():
        return figure.get_suptitle()
    titles = [ax.get_title() for ax in figure.axes if ax.get_title()]
    return "; ".join(titles)


def _deepest_frame_in(tb_exc: traceback.TracebackException, path: str):
    frames = [f for f in tb_exc.stack if os.path.abspath(f.filename) == path]
    return frames[-1] if frames else None


@contextlib.contextmanager
def _as_script(path: str, workdir: str):
    """What `python path` sets up, from ``workdir``: argv, the file's folder first on
    sys.path (so helpers beside it import), the working folder. Restored afterwards."""
    argv, cwd = sys.argv, os.getcwd()
    sys.argv = [path]
    sys.path.insert(0, os.path.dirname(path))
    os.chdir(workdir)
    try:
        yield
    finally:
        os.chdir(cwd)
        sys.path.remove(os.path.dirname(path))
        sys.argv = argv


def run_as_script(path: str, workdir: str) -> dict:
    """Run a file as `python path` would, from ``workdir``; return its globals.

    The build's forked children and the tests' in-process runs both use this.
    ``plt.show`` is the caller's to replace.
    """
    dont_write_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True  # no __pycache__ beside the snippets
    try:
        with _as_script(path, workdir):
            return runpy.run_path(path, run_name="__main__")
    finally:
        sys.dont_write_bytecode = dont_write_bytecode


def run_in_child(snippet: str, root: str, outdir: str) -> None:
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
            name = os.path.realpath(os.fsdecode(args[0]))  # ./data is a link into root
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

    workdir = tempfile.mkdtemp(prefix="snippet-cwd-")  # a scratch folder; the child exits
    link_shipped_data(workdir, root)
    sys.addaudithook(audit)
    status: dict = {"preloaded": preloaded}
    start = time.perf_counter()
    try:
        run_as_script(snippet, workdir)
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
