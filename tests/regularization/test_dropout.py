"""Facts stated on docs/regularization/dropout.md."""

import keras
import numpy as np
import pytest


@pytest.fixture(scope="module")
def formula(snippet):
    return snippet("snippets/regularization/dropout_formula.py")


@pytest.fixture(scope="module")
def overfitting(snippet):
    return snippet("snippets/regularization/dropout_overfitting.py")


def test_training_output_is_input_times_mask_over_keep_probability(formula):
    ns = formula.namespace
    np.testing.assert_allclose(ns["train_out"], ns["by_hand"], rtol=1e-6, atol=0)
    assert "Keras == x*mask/(1-rate):     True   (to float32 precision)" in formula.stdout


def test_rate_is_the_fraction_dropped(formula):
    ns = formula.namespace
    assert abs(ns["mask"].mean() - (1 - ns["rate"])) < 0.01  # 64,000 draws: ~6 sigma


def test_expected_output_equals_input(formula):
    ns = formula.namespace
    assert ns["train_out"].mean() == pytest.approx(ns["x"].mean(), rel=0.02)


def test_inference_and_a_plain_call_are_the_identity(formula):
    ns = formula.namespace
    assert np.array_equal(ns["infer_out"], ns["x"])
    assert np.array_equal(ns["default_out"], ns["x"])
    assert "called without `training`:    identity" in formula.stdout


@pytest.mark.filterwarnings("ignore:The model does not have any trainable weights")
def test_fit_drops_units_but_predict_and_evaluate_do_not():
    keras.utils.set_random_seed(0)
    x = np.ones((256, 32), dtype="float32")
    model = keras.Sequential([keras.Input((32,)), keras.layers.Dropout(0.5)])
    model.compile(optimizer="sgd", loss="mse")  # no weights: fit only measures the loss
    assert np.array_equal(model.predict(x, verbose=0), x)
    assert np.array_equal(keras.ops.convert_to_numpy(model(x)), x)
    assert model.evaluate(x, x, verbose=0) == 0.0
    assert model.fit(x, x, epochs=1, verbose=0).history["loss"][0] > 0.5


def test_dropout_narrows_overfitting(overfitting):
    plain, dropped = (overfitting.namespace["histories"][rate] for rate in (0.0, 0.5))
    assert dropped["val_loss"][-1] < plain["val_loss"][-1]
    fall_from_best = {name: max(h["val_accuracy"]) - h["val_accuracy"][-1]
                      for name, h in (("plain", plain), ("dropout", dropped))}
    assert fall_from_best["dropout"] < fall_from_best["plain"]
    assert dropped["val_accuracy"][-1] > plain["val_accuracy"][-1]


def test_training_loss_reported_by_fit_can_exceed_validation_loss(overfitting):
    dropped = overfitting.namespace["histories"][0.5]
    assert dropped["loss"][-1] > dropped["val_loss"][-1]


def test_dropout_slows_the_fall_of_training_loss(overfitting):
    plain, dropped = (overfitting.namespace["histories"][rate] for rate in (0.0, 0.5))
    assert dropped["loss"][-1] > plain["loss"][-1]


def test_the_figure_shows_both_runs(overfitting):
    (figure,) = overfitting.figures
    assert [ax.get_title() for ax in figure.axes] == ["Dropout rate 0.0", "Dropout rate 0.5"]
    assert all(len(ax.get_lines()) == 2 for ax in figure.axes)
