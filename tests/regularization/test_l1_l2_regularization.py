"""Facts stated on docs/regularization/l1_l2_regularization.md."""

import inspect

import keras
import numpy as np
import pytest
from keras import regularizers


@pytest.fixture(scope="module")
def penalty(snippet):
    return snippet("snippets/regularization/l1_l2_regularization_penalty.py")


@pytest.fixture(scope="module")
def weights(snippet):
    return snippet("snippets/regularization/l1_l2_regularization_weights.py")


def test_default_factor_is_0_01_for_l1_and_l2(penalty):
    assert inspect.signature(regularizers.L1).parameters["l1"].default == 0.01
    assert inspect.signature(regularizers.L2).parameters["l2"].default == 0.01
    assert float(regularizers.L2().l2) == 0.01
    assert float(regularizers.L1().l1) == pytest.approx(0.01)  # stored as float32
    assert "regularizers.L2() default: l2=0.01" in penalty.stdout


def test_string_identifiers_use_the_same_defaults():
    assert float(regularizers.get("l2").l2) == 0.01
    assert float(regularizers.get("l1").l1) == pytest.approx(0.01)


def test_lowercase_names_are_aliases_of_the_classes():
    assert regularizers.l2 is regularizers.L2 and regularizers.l1 is regularizers.L1


def test_l2_penalty_is_lambda_times_sum_of_squares_without_a_half():
    w = np.array([[1.0, -2.0], [3.0, 0.5]], dtype="float32")
    value = float(regularizers.L2(0.1)(w))
    assert value == pytest.approx(0.1 * (w**2).sum(), rel=1e-6)
    assert value != pytest.approx(0.5 * 0.1 * (w**2).sum())


def test_l1_penalty_is_lambda_times_sum_of_absolute_values():
    w = np.array([[1.0, -2.0], [3.0, 0.5]], dtype="float32")
    assert float(regularizers.L1(0.1)(w)) == pytest.approx(0.1 * np.abs(w).sum(), rel=1e-6)


def test_model_losses_hold_the_penalty_and_the_reported_loss_adds_it(penalty):
    for by_hand, in_losses, mse, reported in penalty.namespace["penalties"].values():
        assert in_losses == pytest.approx(by_hand, rel=1e-5)
        assert reported == pytest.approx(mse + in_losses, rel=1e-5)
    assert penalty.stdout.count("  model.losses == penalty: True, evaluate == MSE + penalty: "
                                "True  (to float32 precision)") == 2


def test_the_bias_is_not_penalized_by_kernel_regularizer():
    layer = keras.layers.Dense(2, kernel_regularizer=regularizers.L2(1.0),
                               bias_initializer="ones")
    layer.build((None, 3))
    layer.kernel.assign(np.zeros((3, 2), dtype="float32"))
    layer(np.zeros((1, 3), dtype="float32"))
    assert float(sum(layer.losses)) == 0.0


def test_l1_gives_the_most_weights_near_zero(weights):
    kernels = weights.namespace["kernels"]
    near_zero = {name: np.mean(np.abs(w) < 0.01) for name, w in kernels.items()}
    assert near_zero["L1(0.001)"] > 2 * near_zero["L2(0.001)"]
    assert near_zero["L2(0.001)"] > 2 * near_zero["none"]
    assert near_zero["L1(0.001)"] > 0.3


def test_both_penalties_shrink_the_weights(weights):
    kernels = weights.namespace["kernels"]
    mean_abs = {name: np.abs(w).mean() for name, w in kernels.items()}
    assert mean_abs["L1(0.001)"] < mean_abs["L2(0.001)"] < mean_abs["none"]


def test_weights_of_always_zero_pixels_keep_their_start_without_a_penalty(weights):
    ns = weights.namespace
    dead = np.all(ns["x_train"] == 0, axis=0)  # border pixels that are 0 in every image
    assert dead.sum() >= 3
    keras.utils.set_random_seed(0)
    start = keras.layers.Dense(64)
    start.build((None, 64))
    initial = start.kernel.numpy()[dead]
    for name, w in ns["kernels"].items():
        rows = w.reshape(64, 64)[dead]
        if name == "none":
            np.testing.assert_allclose(rows, initial, rtol=1e-6)
        else:
            assert np.abs(rows).mean() < 0.2 * np.abs(initial).mean()


def test_penalties_do_not_cost_accuracy_here(weights):
    val_acc = weights.namespace["val_acc"]
    assert all(abs(a - val_acc["none"]) < 0.03 for a in val_acc.values())


def test_the_figure_has_one_histogram_per_penalty(weights):
    (figure,) = weights.figures
    assert [ax.get_title() for ax in figure.axes] == [
        "penalty: none", "penalty: L1(0.001)", "penalty: L2(0.001)"]


def test_the_sheets_command_runs_with_the_blank_filled():
    """`tf.keras.regularizers.…(…)` with its blank filled: l2(0.01) and L2(0.01)."""
    import tensorflow as tf

    for reg in (tf.keras.regularizers.l2(0.01), tf.keras.regularizers.L2(0.01)):
        layer = keras.layers.Dense(64, kernel_regularizer=reg)
        layer.build((None, 4))
        layer(np.zeros((1, 4), dtype="float32"))
        w = layer.kernel.numpy()
        assert float(sum(layer.losses)) == pytest.approx(0.01 * (w**2).sum(), rel=1e-5)


def test_gradient_of_the_l2_penalty_is_two_lambda_w():
    import tensorflow as tf

    w = tf.Variable([[1.0, -2.0], [3.0, 0.5]])
    with tf.GradientTape() as tape:
        value = regularizers.L2(0.1)(w)
    np.testing.assert_allclose(tape.gradient(value, w).numpy(), 2 * 0.1 * w.numpy(),
                               rtol=1e-6)


def _one_step(optimizer, penalty_factor):
    """One update of w = [1, -2] under an L2 penalty only (no data loss)."""
    import tensorflow as tf

    w = tf.Variable([1.0, -2.0])
    with tf.GradientTape() as tape:
        loss = penalty_factor * tf.reduce_sum(w**2) + 0.0 * tf.reduce_sum(w)
    optimizer.apply_gradients([(tape.gradient(loss, w), w)])
    return w.numpy()


def test_with_sgd_l2_equals_weight_decay_but_with_adam_it_does_not():
    lam = 0.05
    sgd_l2 = _one_step(keras.optimizers.SGD(0.1), lam)
    sgd_decay = _one_step(keras.optimizers.SGD(0.1, weight_decay=2 * lam), 0.0)
    np.testing.assert_allclose(sgd_l2, sgd_decay, rtol=1e-6)
    adam_l2 = _one_step(keras.optimizers.Adam(0.1), lam)
    adamw = _one_step(keras.optimizers.AdamW(0.1, weight_decay=2 * lam), 0.0)
    assert not np.allclose(adam_l2, adamw, rtol=1e-3)


def test_l1_with_adam_leaves_weights_near_zero_not_at_zero(weights):
    w = weights.namespace["kernels"]["L1(0.001)"]
    assert np.mean(w == 0.0) < 0.01
    assert np.mean(np.abs(w) < 0.01) > 0.3


def test_both_penalties_follow_their_formula_for_every_factor_and_shape():
    rng = np.random.default_rng(0)
    for lam in np.logspace(-5, 1, 13):
        for shape in ((1,), (3, 4), (2, 3, 5)):
            w = rng.normal(size=shape).astype("float32")
            assert float(regularizers.L1(lam)(w)) == pytest.approx(lam * np.abs(w).sum(),
                                                                  rel=1e-5)
            assert float(regularizers.L2(lam)(w)) == pytest.approx(lam * (w**2).sum(),
                                                                  rel=1e-5)


def test_the_loss_fit_reports_includes_the_penalty():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(32, 4)).astype("float32"), rng.normal(size=(32, 1)).astype("float32")
    model = keras.Sequential([keras.Input((4,)),
                              keras.layers.Dense(1, kernel_regularizer=regularizers.L2(0.5))])
    model.compile(keras.optimizers.SGD(learning_rate=0.0), "mse")  # weights stay put
    w = model.layers[0].kernel.numpy()
    mse = float(np.mean((model.predict(x, verbose=0) - y) ** 2))
    loss = model.fit(x, y, batch_size=32, epochs=1, verbose=0).history["loss"][0]
    assert loss == pytest.approx(mse + 0.5 * (w**2).sum(), rel=1e-5)


@pytest.mark.parametrize("lam", [1e-4, 1e-3, 1e-2, 5e-2, 0.2])
def test_with_sgd_l2_is_weight_decay_of_twice_lambda_at_every_step(lam):
    """SGD: w - lr (g + 2 lam w) == (w - lr 2 lam w) - lr g, step after step."""
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(16, 3)).astype("float32"), rng.normal(size=(16, 1)).astype("float32")
    start = rng.normal(size=(3, 1)).astype("float32")
    paths = []
    for optimizer, factor in ((keras.optimizers.SGD(0.1), lam),
                              (keras.optimizers.SGD(0.1, weight_decay=2 * lam), 0.0)):
        w = tf.Variable(start)
        for _ in range(20):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean((x @ w - y) ** 2) + factor * tf.reduce_sum(w**2)
            optimizer.apply_gradients([(tape.gradient(loss, w), w)])
        paths.append(w.numpy())
    np.testing.assert_allclose(paths[0], paths[1], rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("make", [lambda: keras.optimizers.SGD(0.1),
                                  lambda: keras.optimizers.Adam(0.01)], ids=["SGD", "Adam"])
def test_l1_alone_leaves_weights_hovering_near_zero_not_at_it(make):
    """Weights with no data gradient (always-zero inputs) under an L1 penalty only."""
    import tensorflow as tf

    lam = 0.01
    start = np.random.default_rng(0).normal(scale=0.05, size=200).astype("float32")
    w, optimizer = tf.Variable(start), make()
    for _ in range(300):
        with tf.GradientTape() as tape:
            loss = regularizers.L1(lam)(w)
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])
    w = w.numpy()
    assert np.abs(w).max() < 0.02 < np.abs(start).max()  # pulled to near zero ...
    assert np.mean(w == 0.0) < 0.05  # ... but not onto it


def test_tensorflow_uses_zero_for_the_derivative_of_abs_at_zero():
    import tensorflow as tf

    w = tf.Variable([0.0, 0.5, -0.5])
    with tf.GradientTape() as tape:
        loss = regularizers.L1(1.0)(w)
    np.testing.assert_array_equal(tape.gradient(loss, w).numpy(), [0.0, 1.0, -1.0])
