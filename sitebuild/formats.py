"""One parser per project format, shared by the build, the bench and the tests.

- a snippet include in a page (``--8<-- "snippets/x.py"`` or ``"snippets/x.py:section"``)
  and the code fences that hold it;
- the text an include shows (the whole file, or one ``[start:name]``/``[end:name]`` section);
- a page's YAML front matter;
- a snippet's header (``Title:`` and ``Description:`` in its docstring), a lab's title;
- which pages are concept pages;
- a "predict the output" marker (``<!-- predict: snippets/x.py | question | pattern -->``);
- the "TensorFlow X / Keras Y" line that names what the outputs were produced with.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parent.parent  # the project: mkdocs.yml, docs/, snippets/
DOCS = ROOT / "docs"

# A snippet include on a line of its own: --8<-- "snippets/dir/name.py" or "...py:section"
INCLUDE = re.compile(
    r'^[ \t]*--8<--[ \t]+"(?P<path>snippets/[^":]+\.py)(?::(?P<section>[\w-]+))?"[ \t]*$',
    re.MULTILINE)
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
FENCE_TITLE = re.compile(r'\btitle="(?P<title>[^"]*)"')


@dataclass(frozen=True)
class Include:
    path: str  # relative to the project root
    section: str | None  # None: the whole file


@dataclass
class Fence:
    """A fenced code block of a page's Markdown (line numbers count from 0)."""

    start: int
    end: int  # the closing fence's line
    indent: str
    title: str | None
    includes: list[Include] = field(default_factory=list)


def includes(markdown: str) -> list[Include]:
    """Every snippet include of a page, in order, repeats kept."""
    return [Include(m["path"], m["section"]) for m in INCLUDE.finditer(markdown)]


def snippets_shown(markdown: str) -> list[str]:
    """Snippet paths included in a page, in order of first use."""
    return list(dict.fromkeys(include.path for include in includes(markdown)))


def fences(markdown: str) -> list[Fence]:
    """The page's closed code fences, with the snippet includes inside each."""
    lines = markdown.splitlines()
    found, current = [], None
    for number, line in enumerate(lines):
        match = FENCE.match(line)
        if current is None and match:
            title = FENCE_TITLE.search(line)
            current = Fence(number, -1, match["indent"], title and title["title"])
            marker = match["fence"]
        elif current is not None and line.strip() == marker:
            current.end = number
            found.append(current)
            current = None
        elif current is not None and (include := INCLUDE.match(line)):
            current.includes.append(Include(include["path"], include["section"]))
    return found


def shown_text(include: Include, root: Path = ROOT) -> str:
    """The text pymdownx.snippets puts in the code block: the file, or one section of it."""
    text = (root / include.path).read_text()
    if include.section is None:
        return text
    start, end = (rf"--8<-- \[{edge}:{re.escape(include.section)}\]" for edge in ("start", "end"))
    match = re.search(rf"^[^\n]*{start}[^\n]*\n(.*?)^[^\n]*{end}", text, re.DOTALL | re.MULTILINE)
    if match is None:
        raise ValueError(f"{include.path} has no section {include.section!r}")
    return match[1]


def front_matter(markdown: str) -> dict:
    """A page's YAML front matter, read as MkDocs reads it ({} when there is none)."""
    return get_data(markdown)[1]


def page_title(page: Path) -> str:
    return front_matter(page.read_text(encoding="utf-8")).get("title", "")


@dataclass(frozen=True)
class Header:
    """A snippet's header: the first two lines of its module docstring."""

    title: str
    description: str
    lines: int  # lines in the docstring: exactly 2 for a valid header


def snippet_header(source: str) -> Header:
    try:
        docstring = ast.get_docstring(ast.parse(source)) or ""
    except SyntaxError:  # the build reports the file when it runs it
        docstring = ""
    fields = {}
    for line in docstring.splitlines():
        key, _, value = line.partition(":")
        if key in ("Title", "Description"):
            fields[key] = value.strip()
    return Header(fields.get("Title", ""), fields.get("Description", ""),
                  len(docstring.splitlines()))


def header_problems(header: Header) -> list[str]:
    """What is wrong with a snippet's header (CONTRIBUTING.md, "Recipe"); [] when valid."""
    problems = []
    if not header.title:
        problems.append("missing 'Title:' line in the module docstring")
    elif len(header.title) > 80:
        problems.append(f"the Title is {len(header.title)} characters, more than 80")
    description = header.description
    if not description:
        problems.append("missing 'Description:' line in the module docstring")
    else:
        if not description[0].isupper():
            problems.append("the Description starts with a capital letter")
        if not description.endswith("."):
            problems.append("the Description ends with a full stop")
        if len(description) > 100:
            problems.append(f"the Description is {len(description)} characters, more than 100")
    if header.lines != 2:
        problems.append("the header is exactly a Title line and a Description line")
    return problems


def notebook_title(source: str) -> str:
    """A lab notebook's title: the first heading of its first Markdown cell."""
    for cell in json.loads(source)["cells"]:
        if cell["cell_type"] == "markdown":
            heading = re.search(r"^# (.+)$", "".join(cell["source"]), re.MULTILINE)
            return heading[1].strip() if heading else ""
    return ""


def pages(docs: Path = DOCS) -> list[Path]:
    """Every Markdown page of the site (not the snippets under docs/includes/)."""
    return sorted(p for p in docs.rglob("*.md") if "includes" not in p.relative_to(docs).parts)


def concept_pages(docs: Path = DOCS) -> list[Path]:
    """Pages that explain one concept: in a section folder, not reference/, and showing
    at least one snippet. Reference pages gather many concepts and have their own rules."""
    return [p for p in sorted(docs.glob("*/*.md"))
            if p.parent.name not in ("includes", "reference") and snippets_shown(p.read_text())]


# <!-- predict: snippets/dir/name.py | What does ... print? | ^line pattern -->, on its own line
PREDICT = re.compile(r"^<!-- predict: (?P<path>snippets/[^ |]+\.py) \| "
                     r"(?P<question>.+?) \| (?P<pattern>.+?) -->[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Predict:
    """A question whose answer is the first line of a snippet's output matching a pattern."""

    path: str  # the snippet, relative to the project root
    question: str
    pattern: str  # a Python regular expression, searched in each line of the output


def predict_marker(match: re.Match) -> Predict:
    return Predict(match["path"], match["question"], match["pattern"])


def predict_markers(markdown: str) -> list[Predict]:
    """Every predict marker of a page, in order."""
    return [predict_marker(m) for m in PREDICT.finditer(markdown)]


def versions() -> str:
    """The line that names what every output was produced with."""
    return f"TensorFlow {version('tensorflow-cpu')} / Keras {version('keras')}"
