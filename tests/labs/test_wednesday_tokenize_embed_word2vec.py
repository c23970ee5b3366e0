"""The Wednesday lab runs top to bottom and does what its text says."""

import re

import pytest


@pytest.fixture(scope="module")
def executed(lab):
    return lab("docs/labs/wednesday_tokenize_embed_word2vec.ipynb")


@pytest.fixture(scope="module")
def text(executed):
    return "".join("".join(output["text"]) for cell in executed["cells"]
                   for output in cell.get("outputs", []) if output["output_type"] == "stream")


def test_vocabulary_starts_with_padding_and_unk(text):
    assert "first entries: ['', '[UNK]', 'the'," in text


def test_an_unknown_word_gets_id_one(text):
    known = re.search(r"'the queen wore her crown': \[([^\]]*)\]", text)[1].split()
    unknown = re.search(r"'the queen wore her tiara': \[([^\]]*)\]", text)[1].split()
    assert known[:4] == unknown[:4] and unknown[4] == "1" and known[4] != "1"


def test_lookup_returns_the_row_of_the_table(text):
    assert "shape (sentences, words, numbers per word): (1, 5, 8)" in text
    assert "row of 'queen' equals the looked-up vector: True" in text


def test_the_loss_falls(text):
    losses = [float(x) for x in re.search(r"loss per epoch: \[([^\]]*)\]", text)[1].split()]
    assert losses[-1] < losses[0]


def test_neighbours_share_the_role(text):
    positive = {"good", "excellent", "wonderful", "amazing", "fantastic", "superb", "lovely",
                "brilliant", "delightful"}
    negative = {"bad", "terrible", "horrible", "poor", "dreadful", "boring", "lousy", "dull",
                "disappointing"}
    capitals = {"rome", "madrid", "berlin", "tokyo", "cairo", "moscow", "athens"}
    people = {"queen", "prince", "princess", "man", "woman", "boy", "girl"}
    near = dict(re.findall(r"nearest to (\w+): ([\w ]+)", text))
    assert set(near["great"].split()) <= positive
    assert set(near["awful"].split()) <= negative
    assert set(near["paris"].split()) <= capitals
    assert set(near["king"].split()) <= people


def test_king_minus_man_plus_woman_is_queen(text):
    assert re.search(r"king - man \+ woman -> (\w+)", text)[1] == "queen"
