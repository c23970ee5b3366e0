"""The API index, the "APIs this page's code uses" lines, the gotchas' error headings and the
topic pages: the resolver on small sources, and the built site against a recomputation."""

import functools
import html
import importlib
import json
import re
import types

import pytest
import yaml

from sitebuild import api_index, formats, search
from tests.conftest import CONCEPT_PAGES, DOCS, PAGES, ROOT


def recomputed() -> dict[str, dict[str, list[str]]]:
    """The index from the snippets, independently of the built page."""
    return api_index.snippet_uses(ROOT, {p.relative_to(DOCS).as_posix(): p.read_text()
                                         for p in PAGES})


INDEX = recomputed()


@pytest.mark.parametrize("source, expected", [
    ("import keras\nkeras.layers.LSTM(4)", {"keras.layers.LSTM"}),
    ("from keras import layers\nlayers.Dense(1)", {"keras.layers.Dense"}),
    ("import tensorflow as tf\nwith tf.GradientTape() as tape: pass", {"tensorflow.GradientTape"}),
    ("from keras.utils import pad_sequences\npad_sequences([[1]])",
     {"keras.utils.pad_sequences"}),
    ("import numpy as np\nnp.random.default_rng(0).normal(size=3)",
     {"numpy.random.default_rng"}),
    ("from keras import callbacks as cb\nx = [cb.ModelCheckpoint('m.keras')]",
     {"keras.callbacks.ModelCheckpoint"}),
    ("import keras.layers as kl\nkl.TextVectorization()", {"keras.layers.TextVectorization"}),
    ("from tokenizers import models\nmodels.BPE()", {"tokenizers.models.BPE"}),
    ("import tensorflow as tf\nexcept_ = tf.errors.InvalidArgumentError",
     {"tensorflow.errors.InvalidArgumentError"}),
])
def test_names_are_resolved_through_imports_and_aliases(source, expected):
    assert api_index.names_used(source) == expected


@pytest.mark.parametrize("source", [
    "import matplotlib.pyplot as plt\nplt.plot([1])",  # not one of the four packages
    "import numpy as np\nnp",  # a module alone
    "from keras import layers\ngetattr(layers, 'GRU')",  # a from-imported module, not called
    "model = object()\nmodel.fit",  # a variable
    "from tokenizers import models\nmodels = {}\nmodels.items()",  # the import is shadowed
    "import keras\n# keras.layers.Dense in a comment\n'keras.layers.LSTM'",
])
def test_other_names_are_ignored(source):
    assert api_index.names_used(source) == set()


def test_documentation_urls_follow_the_rule():
    assert api_index.docs_url("keras.callbacks.ModelCheckpoint") == (
        "https://www.tensorflow.org/api_docs/python/tf/keras/callbacks/ModelCheckpoint")
    assert api_index.docs_url("tensorflow.GradientTape") == (
        "https://www.tensorflow.org/api_docs/python/tf/GradientTape")
    assert api_index.docs_url("numpy.random.default_rng") == (
        "https://numpy.org/doc/stable/reference/generated/numpy.random.default_rng.html")
    assert api_index.docs_url("numpy.inf") == (
        "https://numpy.org/doc/stable/reference/constants.html#numpy.inf")
    assert api_index.docs_url("tokenizers.pre_tokenizers.Whitespace") == (
        "https://huggingface.co/docs/tokenizers/api/pre-tokenizers"
        "#tokenizers.pre_tokenizers.Whitespace")
    assert api_index.docs_url("tokenizers.Tokenizer") == (
        "https://huggingface.co/docs/tokenizers/api/tokenizer#tokenizers.Tokenizer")


def test_the_index_names_the_apis_the_issue_asks_for():
    assert {"keras.layers.LSTM", "keras.callbacks.ModelCheckpoint", "keras.utils.pad_sequences",
            "tensorflow.GradientTape", "keras.layers.TextVectorization"} <= set(INDEX)


def test_every_listed_name_exists_in_the_installed_packages_and_is_not_a_module():
    missing = []
    for name in INDEX:
        package, *attributes = name.split(".")
        try:
            found = functools.reduce(getattr, attributes, importlib.import_module(package))
        except AttributeError as error:
            missing.append(f"{name}: {error}")
            continue
        if isinstance(found, types.ModuleType):
            missing.append(f"{name}: a module")
    assert not missing


def built(site, uri: str) -> str:
    return (site / uri.removesuffix(".md") / "index.html").read_text()


ENTRY = re.compile(r'<h3 id="(?P<id>api-[^"]+)">(?P<heading>.*?)<a class="headerlink".*?</h3>'
                   r'\s*<p><a href="(?P<url>[^"]+)">Official documentation</a> · used on: '
                   r'(?P<used>.*?)</p>', re.DOTALL)


def text_of(fragment: str) -> str:
    """What a reader sees of an HTML fragment (abbreviation tooltips are <abbr> tags)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_the_built_index_lists_exactly_what_the_snippets_use(site_build):
    page = built(site_build.site, api_index.INDEX_PAGE)
    entries = {text_of(m["heading"]).split(" · ")[1]: m for m in ENTRY.finditer(page)}
    assert len(entries) == page.count('<h3 id="api-')
    assert set(entries) == set(INDEX), "nothing missing, nothing stale"
    for name, entry in entries.items():
        assert entry["url"] == api_index.docs_url(name)
        assert entry["id"] == api_index.anchor(name)
        pages = re.findall(r'<a href="\.\./\.\./([^"]+)/"', entry["used"]) + [
            f"reference/{p}" for p in re.findall(r'<a href="\.\./([^"./][^"]*)/"', entry["used"])]
        assert sorted(pages) == sorted(uri.removesuffix(".md") for uri in INDEX[name]), name
        files = re.findall(r'<a href="\.\./\.\./(snippets/[^"]+\.py)"', entry["used"])
        assert files == [path for paths in INDEX[name].values() for path in paths], name


def test_every_concept_page_ends_its_see_also_with_the_apis_its_code_uses(site_build):
    wrong = []
    for page in CONCEPT_PAGES:
        uri = page.relative_to(DOCS).as_posix()
        expected = [name for name, used in INDEX.items() if uri in used]
        text = built(site_build.site, uri)
        see_also = re.search(r'<h2 id="see-also">.*?<ul>(.*?)</ul>', text, re.DOTALL)
        last = see_also and re.findall(r"<li>(.*?)</li>", see_also[1], re.DOTALL)[-1]
        listed = re.findall(r'api_index/#(api-[^"]+)"><code>([^<]+)</code>', last or "")
        if listed != [(api_index.anchor(name), name) for name in expected] or not expected:
            wrong.append((uri, listed, expected))
    assert not wrong


def gotcha_outputs(site) -> list[str]:
    """The text of every gotcha Output box, as the built page shows it."""
    page = built(site, "reference/gotchas.md")
    boxes = re.findall(r'<div class="admonition output">\s*<p class="admonition-title">'
                       r'.*?</p>\s*<div class="[^"]*highlight"><pre>(.*?)</pre>', page, re.DOTALL)
    return [text_of(box) for box in boxes]


def test_every_captured_error_is_a_heading_of_its_gotcha(site_build):
    errors = [e for box in gotcha_outputs(site_build.site) for e in search.captured_errors(box)]
    assert len(errors) >= 4
    page = built(site_build.site, "reference/gotchas.md")
    headings = [text_of(h) for h in re.findall(r"<h4[^>]*>(.*?)<a class=\"headerlink\"", page)]
    assert headings == errors


def test_captured_errors_are_read_from_a_snippets_output():
    stdout = ("no projection back: InvalidArgumentError: Incompatible shapes: [2] vs. [3]\n"
              "key_dim=d_model / num_heads: ValueError:\n    Received an invalid value\n"
              "load_weights into another architecture: ValueError\n")
    assert search.captured_errors(stdout) == [
        "InvalidArgumentError: Incompatible shapes: [2] vs. [3]",
        "ValueError: Received an invalid value"]


def test_error_headings_close_the_gotchas_section():
    markdown = ('### LSTM\n\n```python\n--8<-- "snippets/reference/gotchas_lstm.py"\n```\n\n'
                "Prose.\n\n### Next\n")
    out = search.add_error_headings(markdown, {
        "snippets/reference/gotchas_lstm.py": "stacked: ValueError: expected ndim=3\n"})
    assert out.index("Prose.") < out.index("#### ValueError: expected ndim=3") < out.index(
        "### Next")


def nav_sections() -> dict[str, list[str]]:
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["nav"]
    return {title: [next(iter(page.values())) for page in pages] for entry in nav
            for title, pages in entry.items() if isinstance(pages, list)}


TOPICS = {topic: page for page in PAGES
          for topic in search.topics(formats.front_matter(page.read_text()))}


def test_every_topic_has_one_main_page_and_every_section_a_topic():
    declared = [topic for page in PAGES
                for topic in search.topics(formats.front_matter(page.read_text()))]
    assert len(declared) == len(set(declared)), "a topic word has one main page"
    assert {"transformer", "regularization", "optimizer", "embedding", "attention",
            "sequence model", "tokenizer"} <= set(TOPICS)
    for section, pages in nav_sections().items():
        if section in ("Labs", "Reference"):
            continue
        mains = [t for t, p in TOPICS.items() if p.relative_to(DOCS).as_posix() in pages]
        singular = section.lower().removesuffix("s")
        assert singular in mains, f"nav section {section}: no page declares topic {singular!r}"


def test_the_written_index_is_adjusted_as_contributing_says(tmp_path):
    index = tmp_path / "search_index.json"
    index.write_text(json.dumps({"config": {"fields": {"tags": {"boost": 1e6}}}, "docs": [
        {"location": "text/tokenization/", "tags": ["Wednesday"], "boost": 2},
        {"location": "text/tokenization/#formula", "tags": ["Wednesday"], "boost": 2},
        {"location": "reference/gotchas/#error-valueerror-x", "boost": 0.5}]}))
    search.adjust_index(index, {"text/tokenization/": ["tokenizer"]})
    adjusted = json.loads(index.read_text())
    assert adjusted["config"]["fields"]["tags"]["boost"] == search.TAG_WEIGHT
    top, section, error = adjusted["docs"]
    assert (top["tags"], top["boost"]) == (["Wednesday", "tokenizer"], search.TOPIC_BOOST)
    assert (section["tags"], section["boost"]) == (["Wednesday"], 2)
    assert error["boost"] == search.ERROR_BOOST


def test_the_bench_measures_the_search_index_as_written_and_gzipped(tmp_path):
    from sitebuild.bench import search_index_size

    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"docs": []}' * 100)
    size, gzipped = search_index_size(tmp_path)
    assert size == 1200 and 0 < gzipped < size
