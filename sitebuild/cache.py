"""Results of snippet runs, keyed by the bytes of everything they depend on.

A result is valid while all of these are unchanged: the snippet's bytes, the
locked requirements, the executor's own code, and every project file the
snippet read when it last ran (helpers it imported, data it loaded). The last
list is recorded by the executor, so nothing has to be declared by hand.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

from sitebuild import executor
from sitebuild.child import FIGURE_FILES
from sitebuild.executor import Result

LOCK_FILE = "requirements.lock"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def environment_digest(root: Path) -> str:
    """What every result depends on besides its own files."""
    parts = [
        file_digest(root / LOCK_FILE),
        *(file_digest(path) for path in executor.CODE),
        sys.version,
        json.dumps(executor.SNIPPET_ENV, sort_keys=True),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class ResultCache:
    def __init__(self, directory: Path, root: Path):
        self.directory = directory
        self.root = root
        self.environment = environment_digest(root)

    def _entry(self, rel: str) -> Path:
        return self.directory / rel

    def _key(self, rel: str) -> str:
        return hashlib.sha256(
            (self.environment + file_digest(self.root / rel)).encode()
        ).hexdigest()

    def load(self, rel: str) -> Result | None:
        entry = self._entry(rel)
        try:
            meta = json.loads((entry / "result.json").read_text())
        except (OSError, ValueError):
            return None
        if meta["key"] != self._key(rel):
            return None
        if any(file_digest(self.root / dep) != digest for dep, digest in meta["deps"].items()):
            return None
        files = {name: [(entry / pattern.format(i)).read_bytes()
                        for i in range(1, len(meta["figure_titles"]) + 1)]
                 for name, pattern in FIGURE_FILES.items()}
        notebook = self.executed_notebook(rel)
        return Result(rel, ok=True, stdout=meta["stdout"], **files,
                      figure_titles=meta["figure_titles"], deps=list(meta["deps"]),
                      seconds=meta["seconds"], preloaded=meta["preloaded"], cached=True,
                      notebook=notebook.read_bytes() if notebook.exists() else b"")

    def executed_notebook(self, rel: str) -> Path:
        """Where the executed copy of a notebook is kept (valid after ``store``).

        Same relative path and file name as the source, so that mkdocs-jupyter's
        include patterns and its download link work on the copy unchanged.
        """
        return self.directory.parent / "executed" / rel

    def store(self, result: Result) -> None:
        """Keep a successful result; failures are never cached."""
        if not result.ok:
            return
        entry = self._entry(result.path)
        if entry.exists():
            shutil.rmtree(entry)
        entry.mkdir(parents=True)
        for name, pattern in FIGURE_FILES.items():
            for i, data in enumerate(getattr(result, name), start=1):
                (entry / pattern.format(i)).write_bytes(data)
        if result.notebook:
            executed = self.executed_notebook(result.path)
            executed.parent.mkdir(parents=True, exist_ok=True)
            executed.write_bytes(result.notebook)
        meta = {
            "key": self._key(result.path),
            "deps": {dep: file_digest(self.root / dep) for dep in result.deps},
            "stdout": result.stdout,
            "figure_titles": result.figure_titles,
            "seconds": result.seconds,
            "preloaded": result.preloaded,
        }
        (entry / "result.json").write_text(json.dumps(meta, indent=1))
