"""Run a lab notebook top to bottom in a fresh Jupyter kernel, as the build does.

Snippets run in ``sitebuild/executor.py``; a notebook pays a kernel start-up instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from sitebuild.child import SHIPPED_DATA
from sitebuild.executor import Result


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


