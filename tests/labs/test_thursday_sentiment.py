"""The Thursday sentiment lab runs top to bottom and does what its text says."""

import re

import pytest


@pytest.fixture(scope="module")
def executed(lab):
    return lab("docs/labs/thursday_sentiment.ipynb")


@pytest.fixture(scope="module")
def text(executed):
    return "".join("".join(output["text"]) for cell in executed["cells"]
                   for output in cell.get("outputs", []) if output["output_type"] == "stream")


def test_sentences_have_different_lengths_and_are_padded_to_the_longest(text):
    shortest, longest = map(int, re.search(r"shortest (\d+) longest (\d+)", text).groups())
    assert shortest < longest
    assert re.search(rf"padded shape \(sentences, steps\): \(4000, {longest}\)", text)


def test_the_mask_is_zero_exactly_on_the_padding(text):
    ids = re.search(r"ids: +\[([^\]]*)\]", text)[1].split()
    mask = re.search(r"mask: \[([^\]]*)\]", text)[1].split()
    assert len(ids) == len(mask)
    assert [m == "0" for m in mask] == [i == "0" for i in ids]
    assert "0" in mask and "1" in mask


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_test_accuracy_is_well_above_chance(text, name):
    accuracy = float(re.search(rf"test accuracy \({name}\): ([\d.]+)", text)[1])
    assert accuracy >= 0.9  # chance is about 0.5: the classes are balanced


def test_the_classes_are_balanced(text):
    share = float(re.search(r"positive share: ([\d.]+)", text)[1])
    assert 0.45 < share < 0.55


def test_padding_does_not_change_a_masked_prediction(text):
    assert text.count("same prediction: True") == 2


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
def test_negated_sentences_get_the_right_side(text, name):
    def score(sentence):
        return float(re.search(rf"{name}: ([\d.]+) {sentence}\n", text)[1])

    assert score("the movie was not good") < 0.5
    assert score("the meal was not bad") > 0.5


def test_the_lab_draws_its_training_curves(executed):
    assert any("image/png" in output.get("data", {}) for cell in executed["cells"]
               for output in cell.get("outputs", []) if output["output_type"] == "display_data")


def test_no_warning_reaches_the_page(executed):
    for cell in executed["cells"]:
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", "".join(output.get("text", ""))
