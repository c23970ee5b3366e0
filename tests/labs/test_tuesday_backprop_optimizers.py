"""The Tuesday lab runs top to bottom and does what its text says."""

import re

import numpy as np
import pytest


@pytest.fixture(scope="module")
def executed(lab):
    return lab("docs/labs/tuesday_backprop_optimizers.ipynb")


@pytest.fixture(scope="module")
def text(executed):
    return "".join("".join(output["text"]) for cell in executed["cells"]
                   for output in cell.get("outputs", []) if output["output_type"] == "stream")


def _vector(text, label):
    return np.array(re.search(re.escape(label) + r"\s*\[([^\]]*)\]", text)[1].split(), float)


def test_the_chain_rule_matches_gradient_tape(text):
    assert float(re.search(r"max difference: (\S+)", text)[1]) < 1e-6
    np.testing.assert_allclose(_vector(text, "dL/dw by hand:"),
                               _vector(text, "dL/dw by GradientTape:"), atol=1e-5)


def test_adam_ends_below_sgd_at_the_same_learning_rate(text):
    sgd = float(re.search(r"final loss SGD: (\S+)", text)[1])
    adam = float(re.search(r"final loss Adam: (\S+)", text)[1])
    assert adam < sgd


def test_batch_norm_training_output_is_standardized(text):
    np.testing.assert_allclose(_vector(text, "training mode    mean"), 0, atol=0.01)
    stds = re.search(r"training mode .* std \[([^\]]*)\]", text)[1].split()
    np.testing.assert_allclose(np.array(stds, float), 1, atol=0.01)


def test_batch_norm_inference_output_stays_near_the_input(text):
    input_mean = _vector(text, "input            mean")
    inference_mean = _vector(text, "inference mode   mean")
    assert np.all(inference_mean > 0.9 * input_mean)


def test_one_training_call_moves_the_moving_mean_one_percent(text):
    input_mean = _vector(text, "input            mean")
    moving_mean = _vector(text, "moving mean after one training call:")
    np.testing.assert_allclose(moving_mean, 0.01 * input_mean, atol=0.002)


def test_the_lab_draws_its_curve(executed):
    assert any("image/png" in output.get("data", {}) for cell in executed["cells"]
               for output in cell.get("outputs", []) if output["output_type"] == "display_data")
