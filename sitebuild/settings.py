"""The build's settings, read once from the environment.

    CHEATSHEET_EXECUTE    1 (default) runs snippets; 0 builds without outputs
    CHEATSHEET_JOBS       files run at once (default: number of CPU cores)
    CHEATSHEET_TIMEOUT    seconds one snippet (or one notebook cell) may run (default 120)
    CHEATSHEET_CACHE_DIR  where results are kept (default .cache/ beside mkdocs.yml)

Environment variables, so that ``make``, the tests and the bench can vary them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    root: Path  # the folder that holds mkdocs.yml
    execute: bool
    jobs: int
    timeout: float
    cache: Path

    @classmethod
    def from_env(cls, config_file: str, environ: Mapping[str, str] = os.environ) -> Settings:
        root = Path(config_file).resolve().parent
        return cls(
            root=root,
            execute=environ.get("CHEATSHEET_EXECUTE", "1") != "0",
            jobs=int(environ.get("CHEATSHEET_JOBS") or os.cpu_count() or 1),
            timeout=float(environ.get("CHEATSHEET_TIMEOUT", "120")),
            cache=Path(environ.get("CHEATSHEET_CACHE_DIR") or root / ".cache"),
        )
