"""The shipped data is exactly what its scripts generate, and has the properties data/README.md states."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from sitebuild.child import run_as_script

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """Run both scripts on a copy of data/, so the committed files are never touched."""
    copy = tmp_path_factory.mktemp("data")
    for script in ("make_corpus.py", "make_vectors.py"):
        shutil.copy(DATA / script, copy / script)
    for script in ("make_corpus.py", "make_vectors.py"):
        run_as_script(str(copy / script), str(copy))
    return copy


@pytest.mark.parametrize("name", ["sentiment.tsv", "corpus.txt"])
def test_text_files_are_byte_for_byte_what_the_script_writes(regenerated, name):
    assert (regenerated / name).read_bytes() == (DATA / name).read_bytes()


def read_vectors(path: Path) -> tuple[list[str], np.ndarray]:
    rows = [line.split() for line in path.read_text().splitlines()]
    return [r[0] for r in rows], np.array([[float(x) for x in r[1:]] for r in rows])


def test_vectors_are_what_the_script_computes(regenerated):
    # Compared with a tolerance: SVD's last digits may differ between BLAS builds.
    words, vectors = read_vectors(DATA / "vectors.txt")
    new_words, new_vectors = read_vectors(regenerated / "vectors.txt")
    assert words == new_words
    np.testing.assert_allclose(vectors, new_vectors, atol=2e-3)


def test_sentiment_labels_are_balanced_and_lengths_vary():
    rows = [line.split("\t") for line in (DATA / "sentiment.tsv").read_text().splitlines()]
    labels = np.array([int(label) for label, _ in rows])
    lengths = np.array([len(sentence.split()) for _, sentence in rows])
    assert len(rows) == 4000 and set(labels) == {0, 1}
    assert 0.45 < labels.mean() < 0.55
    assert lengths.min() <= 4 and lengths.max() >= 18


def test_not_flips_the_label_of_the_adjective_it_negates():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", DATA / "make_corpus.py")
    make_corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_corpus)
    rows = [line.split("\t") for line in (DATA / "sentiment.tsv").read_text().splitlines()]
    for label, sentence in rows:
        words = sentence.split()
        adjective = next(w for w in words if w in make_corpus.POSITIVE + make_corpus.NEGATIVE)
        positive = adjective in make_corpus.POSITIVE
        assert int(label) == int(positive != ("not" in words)), sentence


def test_vectors_cover_the_corpus_and_have_fifty_dimensions():
    words, vectors = read_vectors(DATA / "vectors.txt")
    corpus_words = set((DATA / "corpus.txt").read_text().split())
    assert set(words) == corpus_words
    assert vectors.shape == (len(words), 50)


@pytest.mark.parametrize(
    "a, b, c, expected",
    [("man", "king", "woman", "queen"), ("france", "paris", "italy", "rome"),
     ("spain", "madrid", "japan", "tokyo"), ("king", "prince", "queen", "princess")],
)
def test_the_vectors_solve_the_analogies_the_corpus_is_built_for(a, b, c, expected):
    words, vectors = read_vectors(DATA / "vectors.txt")
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    index = {w: i for i, w in enumerate(words)}
    scores = unit @ (unit[index[b]] - unit[index[a]] + unit[index[c]])
    scores[[index[a], index[b], index[c]]] = -np.inf  # the standard evaluation excludes the query
    assert words[int(scores.argmax())] == expected
