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


@pytest.mark.parametrize("rate", np.round(np.linspace(0.0, 0.95, 20), 2))
def test_dropout_formula_holds_and_inference_is_the_identity_for_every_rate(rate):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).uniform(1.0, 2.0, size=(400, 100)).astype("float32")
    layer = keras.layers.Dropout(rate)
    out = keras.ops.convert_to_numpy(layer(x, training=True))
    mask = out != 0
    np.testing.assert_allclose(out, x * mask / (1 - rate), rtol=1e-5, atol=1e-6)
    n = x.size
    sigma = np.sqrt(rate * (1 - rate) / n)
    assert abs((1 - mask.mean()) - rate) <= 6 * sigma + 1e-12  # fraction dropped
    # E[y] = x: the mean moves only by sampling noise
    assert abs(out.mean() - x.mean()) <= 6 * x.mean() * np.sqrt(rate / ((1 - rate) * n)) + 1e-6
    assert np.array_equal(keras.ops.convert_to_numpy(layer(x, training=False)), x)
    assert np.array_equal(keras.ops.convert_to_numpy(layer(x)), x)


def test_the_mask_is_drawn_anew_at_every_call():
    keras.utils.set_random_seed(0)
    x = np.ones((8, 64), "float32")
    layer = keras.layers.Dropout(0.5)
    masks = [keras.ops.convert_to_numpy(layer(x, training=True)) != 0 for _ in range(20)]
    assert len({m.tobytes() for m in masks}) == 20


def test_rate_outside_zero_one_raises_and_one_drops_everything():
    for rate in (-0.5, -0.01, 1.01, 2.0):
        with pytest.raises(ValueError, match="rate"):
            keras.layers.Dropout(rate)
    x = np.ones((4, 8), "float32")
    assert not keras.ops.convert_to_numpy(keras.layers.Dropout(1.0)(x, training=True)).any()


def test_without_dropout_the_network_fits_wrong_labels_and_its_val_loss_climbs(overfitting):
    ns = overfitting.namespace
    plain, dropped = (ns["histories"][rate] for rate in (0.0, 0.5))
    share_right = np.mean(ns["y_train"] == ns["digits"].target[:300])
    # a model that got every right label right and no wrong one would score share_right
    assert plain["accuracy"][-1] > share_right + 0.03
    assert plain["val_loss"][-1] > min(plain["val_loss"]) + 0.05
    assert dropped["accuracy"][-1] < plain["accuracy"][-1]
