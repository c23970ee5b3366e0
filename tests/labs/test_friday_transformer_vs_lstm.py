"""The Friday lab runs top to bottom and does what its text says."""

import re

import pytest

MODELS = ("lstm", "transformer")


@pytest.fixture(scope="module")
def executed(lab):
    return lab("docs/labs/friday_transformer_vs_lstm.ipynb")


def _outputs(notebook, kind):
    return [output for cell in notebook["cells"] for output in cell.get("outputs", [])
            if output["output_type"] == kind]


@pytest.fixture(scope="module")
def text(executed):
    return "".join("".join(o["text"]) for o in _outputs(executed, "stream")
                   if o.get("name") == "stdout")


def test_the_lab_reads_the_shipped_sentences(text):
    assert re.search(r"^4000 sentences; positive share: 0\.\d+$", text, re.MULTILINE)
    assert re.search(r"vocabulary size: \d+ \| ids: \(4000, 24\)", text)


def test_the_models_have_a_similar_number_of_parameters(text):
    counts = {name: int(re.search(rf"^{name}: ([\d,]+) parameters$", text, re.MULTILINE)[1]
                        .replace(",", "")) for name in MODELS}
    assert abs(counts["lstm"] - counts["transformer"]) / counts["lstm"] < 0.15


def test_both_models_learn_the_sentiment(text):
    for name in MODELS:
        accuracy = float(re.search(rf"{name}: test accuracy ([\d.]+)", text)[1])
        assert accuracy > 0.9, name


def test_early_stopping_stops_and_names_the_best_epoch(text):
    for name in MODELS:
        match = re.search(rf"{name}: stopped after (\d+) of (\d+) epochs, best epoch (\d+)", text)
        run, maximum, best = (int(g) for g in match.groups())
        assert run < maximum, name
        assert run - best == 2, name  # patience=2: two epochs without improvement
        first_at_best = int(re.search(
            rf"{name}: best val accuracy [\d.]+, first reached at epoch (\d+)", text)[1])
        assert first_at_best == best  # restore_best_weights keeps the first epoch at the maximum


def test_checkpoints_are_written_into_the_temporary_folder(text):
    files = re.search(r"files written: \[(.*)\]", text)[1]
    assert files == "'lstm_best.keras', 'transformer_best.keras'"


def test_the_checkpoint_file_is_the_restored_best_model(text):
    for name in MODELS:
        assert f"{name}: checkpoint file == model after restore_best_weights: True" in text


def test_the_keras_file_loads_back_with_equal_predictions(text):
    assert "loaded layer types include: TokenAndPositionEmbedding" in text
    assert "predictions equal after loading: True (max difference 0.0)" in text


def test_the_lab_draws_its_curves(executed):
    assert any("image/png" in o["data"] for o in _outputs(executed, "display_data"))
