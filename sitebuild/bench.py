"""`make bench`: how long the site takes to build, measured in one run.

Works on a copy of the project in a temporary folder (so it can edit a snippet
and start from an empty cache without touching your checkout) and prints:

    no execution   build with CHEATSHEET_EXECUTE=0: the price of MkDocs alone
    cold           empty cache: every snippet and lab notebook runs
    warm           nothing changed since the cold build
    one changed    one snippet edited: only it runs again
    naive          each snippet `python file.py` and each lab notebook
                   `jupyter nbconvert --execute`, one after another

and the ratios between them. Timings are for this machine only; compare ratios.
It also reports page weight (median concept page, heaviest lab, figure gallery), the search
index size (as written and gzipped) and Lighthouse scores for the home page, the median and
the heaviest concept page, the figure gallery and the self-test (median of five runs), when npm's
`lighthouse` is installed (`make bench` installs lighthouse@12.2.3 into .cache/lighthouse).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitebuild import formats
from sitebuild.executor import SNIPPET_ENV
from sitebuild.formats import ROOT
from sitebuild.serve import GzipHandler, served

LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def copy_project(destination: Path) -> Path:
    """The working tree as git sees it (tracked files and new, not ignored ones)."""
    listing = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in listing.splitlines():
        if (ROOT / name).is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, destination / name)
    return destination


def timed(command: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    process = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(command)}\n{process.stderr[-3000:]}")
    return seconds


def page_weight(page: Path) -> int:
    """Bytes a page adds on its own: its HTML plus the figures it shows (not theme assets)."""
    html = page.read_text()
    figures = {(page.parent / src).resolve()
               for src in re.findall(r'<img[^>]+src="([^"]+)"', html)
               if "assets/exec/" in src and not re.search(r"-dark\.\w+$", src)}  # dark scheme only
    return len(html.encode()) + sum(f.stat().st_size for f in figures if f.is_file())


def concept_page_html(site: Path, docs: Path) -> list[Path]:
    """The built HTML of every concept page."""
    return [site / p.relative_to(docs).with_suffix("") / "index.html"
            for p in formats.concept_pages(docs)]


def search_index_size(site: Path) -> tuple[int, int]:
    """Bytes of the search index every page's search downloads: as written, and gzipped
    (as `serve.GzipHandler` and GitHub Pages send it)."""
    data = (site / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data))


def weights(site: Path, docs: Path) -> dict[str, int]:
    concept = [page_weight(page) for page in concept_page_html(site, docs)]
    labs = [page_weight(page) for page in (site / "labs").glob("*/index.html")]
    gallery = site / "reference" / "figures" / "index.html"
    return {"median concept page": int(statistics.median(concept)) if concept else 0,
            "heaviest lab page": max(labs, default=0),
            "figure gallery": page_weight(gallery) if gallery.is_file() else 0}


# The search index before issue 16 added the API index and error headings (bytes, gzipped).
SEARCH_INDEX_BEFORE = (787_668, 211_548)
LIGHTHOUSE_RUNS = 5


def median_run(reports: list[dict]) -> dict:
    """The run Lighthouse's own median-run.js picks: nearest the median FCP and median TTI.

    Lighthouse's docs advise five runs and this rule, because a single run's performance
    score moves by 10 or more points from run to run on the same page.
    """
    def metric(report: dict, audit: str) -> float:
        return report["audits"][audit]["numericValue"]

    fcp = statistics.median(metric(r, "first-contentful-paint") for r in reports)
    tti = statistics.median(metric(r, "interactive") for r in reports)
    return min(reports, key=lambda r: (fcp - metric(r, "first-contentful-paint")) ** 2
               + (tti - metric(r, "interactive")) ** 2)


def lighthouse_report(url: str) -> dict:
    result = subprocess.run(
        [str(LIGHTHOUSE), url, "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
         f"--only-categories={','.join(CATEGORIES)}", "--output=json",
         "--output-path=stdout", "--quiet"],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "CHROME_PATH": shutil.which("chromium") or ""})
    return json.loads(result.stdout)


def lighthouse_scores(site: Path, docs: Path) -> dict[str, dict[str, str]]:
    """Lighthouse 12 (mobile preset, simulated throttling) on the site served with gzip.

    Each page is measured LIGHTHOUSE_RUNS times; the scores are those of the median run,
    with the range of the performance score over all runs beside it.
    """
    by_weight = [f"/{html.parent.relative_to(site).as_posix()}/"
                 for html in sorted(concept_page_html(site, docs), key=page_weight)]
    pages = {"home": "/", "median concept page": by_weight[len(by_weight) // 2],
             "heaviest concept page": by_weight[-1],
             "figure gallery": "/reference/figures/", "self-test": "/reference/self_test/"}
    scores = {}
    with served(site, GzipHandler) as base_url:
        for name, path in pages.items():
            url = base_url + path
            reports = [lighthouse_report(url) for _ in range(LIGHTHOUSE_RUNS)]
            median = median_run(reports)
            scores[f"{name} {path}"] = {c: str(round(100 * median["categories"][c]["score"]))
                                        for c in CATEGORIES}
            performance = sorted(round(100 * r["categories"]["performance"]["score"])
                                 for r in reports)
            scores[f"{name} {path}"]["performance"] += (
                f" (runs {performance[0]}-{performance[-1]})")
    return scores


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="cheatsheet-bench-") as tmp:
        project = copy_project(Path(tmp))
        env = {**os.environ, **SNIPPET_ENV, "NO_MKDOCS_2_WARNING": "1",
               "CHEATSHEET_CACHE_DIR": str(project / ".cache")}
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"]

        snippets = sorted((project / "snippets").rglob("*.py"))
        notebooks = sorted((project / "docs").rglob("*.ipynb"))
        times = {}
        times["no execution"] = timed(build, project, {**env, "CHEATSHEET_EXECUTE": "0"})
        times["cold"] = timed(build, project, env)
        sizes = weights(project / "site", project / "docs")
        index_size = search_index_size(project / "site")
        scores = (lighthouse_scores(project / "site", project / "docs")
                  if LIGHTHOUSE.exists() else {})
        times["warm"] = timed(build, project, env)
        with snippets[0].open("a") as handle:
            handle.write("\n# edited by the benchmark\n")
        times["one changed"] = timed(build, project, env)

        start = time.perf_counter()
        for snippet in snippets:
            timed([sys.executable, str(snippet)], Path(tmp), env)
        for notebook in notebooks:
            timed([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook",
                   "--execute", "--output-dir", tmp, "--output", "naive-run", str(notebook)],
                  Path(tmp), env)
        times["naive"] = time.perf_counter() - start

    print(f"{len(snippets)} snippets, {len(notebooks)} lab notebooks, "
          f"{os.cpu_count()} CPU cores\n")
    for name, seconds in times.items():
        print(f"  {name:<14} {seconds:7.1f} s")
    print()
    print(f"  warm / no execution     {times['warm'] / times['no execution']:.2f}"
          "   (target: at most 1.3)")
    print(f"  cold / naive            {times['cold'] / times['naive']:.2f}"
          "   (target: at most 0.6)")
    print(f"  one changed / cold      {times['one changed'] / times['cold']:.2f}")
    print()
    for name, size in sizes.items():
        budget = 150 if "concept" in name else 400
        print(f"  {name:<22} {size / 1000:6.0f} KB   (budget: {budget} KB, HTML + own figures)")
    print(f"  search index           {index_size[0] / 1000:6.0f} KB, {index_size[1] / 1000:.0f} KB "
          f"gzipped   (budget: under {2 * SEARCH_INDEX_BEFORE[0] / 1000:.0f} KB, "
          f"{2 * SEARCH_INDEX_BEFORE[1] / 1000:.0f} KB gzipped: twice the size before issue 16)")
    print()
    if not scores:
        print(f"  Lighthouse: not installed at {LIGHTHOUSE.relative_to(ROOT)} (make bench does it)")
    for page, by_category in scores.items():
        listed = ", ".join(f"{c} {s}" for c, s in by_category.items())
        target = 90 if page.startswith(("heaviest", "figure gallery")) else 95
        print(f"  Lighthouse {page}: {listed}   (target: performance at least {target}, "
              "the others 100)")


if __name__ == "__main__":
    main()
