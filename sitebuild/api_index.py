"""The API index: every Keras, TensorFlow, NumPy and tokenizers name the snippets use.

Read from the snippets' syntax trees (nothing is imported or run): each import binds a local
name to a dotted path (``import tensorflow as tf``, ``from keras import layers``), and each
attribute chain that starts at such a name (``layers.Dense``, ``np.random.default_rng``) is
resolved to its full name (``keras.layers.Dense``, ``numpy.random.default_rng``). The chain
stops at the first call or subscript, so ``np.random.default_rng(0).normal`` is
``numpy.random.default_rng``. A bare imported name counts only where it is called, and a
name that the module also assigns is not trusted.

``index_page`` writes the reference page, ``used_here`` the line that ends a concept page's
"See also", and ``docs_url`` the official documentation address (rule in CONTRIBUTING.md).
"""

from __future__ import annotations

import ast
import posixpath
import re
from pathlib import Path

from sitebuild import formats, search

PACKAGES = {"keras": "Keras", "tensorflow": "TensorFlow", "numpy": "NumPy",
            "tokenizers": "tokenizers"}
INDEX_PAGE = "reference/api_index.md"
TF_DOCS = "https://www.tensorflow.org/api_docs/python/"
NUMPY_DOCS = "https://numpy.org/doc/stable/reference/"
NUMPY_CONSTANTS = {"inf", "nan", "pi", "e", "euler_gamma", "newaxis"}  # constants.html, not generated/
TOKENIZERS_DOCS = "https://huggingface.co/docs/tokenizers/api/"
# tokenizers' API reference has one page per submodule (and "tokenizer" for the top level).
TOKENIZERS_PAGES = {"": "tokenizer", "models": "models", "trainers": "trainers",
                    "pre_tokenizers": "pre-tokenizers", "normalizers": "normalizers",
                    "decoders": "decoders", "processors": "post-processors"}


def _imports(tree: ast.Module) -> dict[str, str]:
    """Local name -> the dotted path it stands for, for the four packages only."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES:
                    local = alias.asname or alias.name.split(".")[0]
                    bound[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] in PACKAGES:
                for alias in node.names:
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def _assigned(tree: ast.Module) -> set[str]:
    """Names the module binds other than by import: a snippet's own variables."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def _chain(node: ast.expr) -> list[str] | None:
    """``a.b.c`` as ["a", "b", "c"]; None if it does not start at a plain name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def names_used(source: str) -> set[str]:
    """The full names of the package APIs a piece of code references."""
    tree = ast.parse(source)
    bound = _imports(tree)
    for name in _assigned(tree):
        bound.pop(name, None)
    inner = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    used = set()
    for node in ast.walk(tree):
        if id(node) in inner or not isinstance(node, (ast.Attribute, ast.Name)):
            continue
        parts = _chain(node)
        # A bare imported name counts when it is called: `pad_sequences(x)`, not `layers`.
        if parts and parts[0] in bound and (len(parts) > 1 or id(node) in called):
            used.add(".".join([bound[parts[0]], *parts[1:]]))
    return used


def snippet_uses(root: Path, pages: dict[str, str]) -> dict[str, dict[str, list[str]]]:
    """API name -> {page src_uri: [snippet paths]} for every snippet the pages show."""
    cache: dict[str, set[str]] = {}
    index: dict[str, dict[str, list[str]]] = {}
    for uri, markdown in sorted(pages.items()):
        for path in formats.snippets_shown(markdown):
            if path not in cache:
                cache[path] = names_used((root / path).read_text(encoding="utf-8"))
            for name in sorted(cache[path]):
                index.setdefault(name, {}).setdefault(uri, []).append(path)
    return dict(sorted(index.items(), key=lambda item: item[0].lower()))


def docs_url(name: str) -> str:
    """The official reference page of a full name (the rule is in CONTRIBUTING.md)."""
    package, _, rest = name.partition(".")
    if package == "keras":
        return TF_DOCS + "tf/keras/" + rest.replace(".", "/")
    if package == "tensorflow":
        return TF_DOCS + "tf/" + rest.replace(".", "/")
    if package == "numpy":
        if rest in NUMPY_CONSTANTS:
            return f"{NUMPY_DOCS}constants.html#{name}"
        return f"{NUMPY_DOCS}generated/{name}.html"
    module = rest.rpartition(".")[0]
    return f"{TOKENIZERS_DOCS}{TOKENIZERS_PAGES.get(module, 'tokenizer')}#{name}"


def anchor(name: str) -> str:
    return "api-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def index_page(index: dict[str, dict[str, list[str]]], titles: dict[str, str]) -> str:
    """The Markdown of the API index page, one section per package, one entry per API."""
    base = posixpath.dirname(INDEX_PAGE)
    lines = ["---", "title: API index", "description: Every Keras, TensorFlow, NumPy and "
             "tokenizers API that the site's code uses, with the pages that use it.",
             "tags:", "  - Reference", "search:", f"  boost: {search.API_INDEX_BOOST}", "---", "", "# API index", "",
             "Generated by the build from the code the pages show: every Keras, TensorFlow, "
             "NumPy and tokenizers name a snippet calls or refers to, with the pages and files "
             "that use it and a link to its official documentation.", ""]
    for package, label in PACKAGES.items():
        names = [name for name in index if name.split(".")[0] == package]
        if not names:
            continue
        lines += [f"## {label}", ""]
        for name in names:
            pages = index[name]
            used = "; ".join(
                f"[{formats_text(titles.get(uri, uri))}]({posixpath.relpath(uri, base)}) ("
                + ", ".join(f"[`{posixpath.basename(p)}`]({posixpath.relpath(p, base)})"
                            for p in snippets) + ")"
                for uri, snippets in pages.items())
            lines += [f"### {short(name)} · {name} {{ #{anchor(name)} }}", "",
                      f"[Official documentation]({docs_url(name)}) · used on: {used}", ""]
    return "\n".join(lines)


def formats_text(text: str) -> str:
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text)


def used_here(names: list[str], page_uri: str) -> str:
    """The list item that ends a concept page's "See also": its APIs, linked to the index."""
    target = posixpath.relpath(INDEX_PAGE, posixpath.dirname(page_uri) or ".")
    links = ", ".join(f"[`{name}`]({target}#{anchor(name)})" for name in names)
    return f"- APIs this page's code uses ([API index]({target})): {links}."


SEE_ALSO = re.compile(r"^## See also[ \t]*$", re.MULTILINE)


def add_used_here(markdown: str, names: list[str], page_uri: str) -> str:
    """Append the APIs line to the end of the "## See also" section, if there is one."""
    match = SEE_ALSO.search(markdown)
    if match is None or not names:
        return markdown
    after = re.search(r"^#{1,2} ", markdown[match.end():], re.MULTILINE)
    end = match.end() + after.start() if after else len(markdown)
    section = markdown[:end].rstrip("\n")
    return f"{section}\n{used_here(names, page_uri)}\n\n{markdown[end:].lstrip(chr(10))}"
