""""Predict the output" questions: each answer is a line the build's run of a snippet printed.

A concept page ends its "Predict the output" section with markers such as

    <!-- predict: snippets/x/y.py | What shape does the layer return? | ^output shape: -->

``fill`` replaces each one with a folded question whose answer is every line of that snippet's
captured output that the pattern (a Python regular expression, searched in each line) finds. Nothing in the
answer is typed by hand, so it cannot go stale; a pattern that finds no line fails the build,
naming the page and the snippet.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from sitebuild import executor, formats
from sitebuild.outputs import longest_backtick_run


def answer_lines(marker: formats.Predict, stdout: str, page_uri: str) -> list[str]:
    """The lines of the output the marker's pattern finds; fails naming page and snippet."""
    try:
        pattern = re.compile(marker.pattern)
    except re.error as exc:
        raise PluginError(f"{page_uri}: predict marker for {marker.path}: bad pattern "
                          f"{marker.pattern!r}: {exc}") from exc
    found = [line.rstrip() for line in stdout.splitlines() if pattern.search(line)]
    if found:
        return found
    raise PluginError(f"{page_uri}: predict marker for {marker.path}: the pattern "
                      f"{marker.pattern!r} matches no line of its output")


def block(marker: formats.Predict, result: executor.Result | None, page_uri: str) -> str:
    """The folded question (a `??? question predict` admonition) with its answer."""
    if '"' in marker.question:
        raise PluginError(f"{page_uri}: predict marker for {marker.path}: the question "
                          "holds a double quote; use typographic quotes")
    name = marker.path.rsplit("/", 1)[-1]
    head = f'??? question predict "{marker.question}"\n\n'
    if result is None:
        return head + "    Not shown: this build ran with `CHEATSHEET_EXECUTE=0`.\n"
    lines = answer_lines(marker, result.stdout, page_uri)
    fence = "`" * max(3, longest_backtick_run("\n".join(lines)) + 1)
    body = "".join(f"    {line}\n" for line in lines)
    return (head + f"    The build's run of `{name}` printed (in its Output box above):\n\n"
            f"    {fence}text\n{body}    {fence}\n")


def fill(markdown: str, results: dict[str, executor.Result], page_uri: str,
         executed: bool = True) -> str:
    """The page with every predict marker replaced by its question and answer.

    A marker must name a snippet the page shows, so the answer is in an Output box above it.
    """
    shown = set(formats.snippets_shown(markdown))

    def render(match: re.Match) -> str:
        marker = formats.predict_marker(match)
        if marker.path not in shown:
            raise PluginError(f"{page_uri}: predict marker for {marker.path}, a snippet the "
                              "page does not show")
        result = results.get(marker.path)
        if result is None and executed:
            raise PluginError(f"{page_uri}: predict marker for {marker.path}: no output")
        return block(marker, result, page_uri)

    return formats.PREDICT.sub(render, markdown)
