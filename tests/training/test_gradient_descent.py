"""Facts stated on docs/training/gradient_descent.md."""

import keras
import numpy as np
import pytest
import tensorflow as tf


@pytest.fixture(scope="module")
def surface(snippet):
    return snippet("snippets/training/gradient_descent_learning_rate.py")


def _losses(ns, name):
    return ns["loss_np"](ns["paths"][name])


def test_keras_sgd_follows_w_minus_lr_times_gradient(surface):
    ns = surface.namespace
    for name in ns["paths"]:
        np.testing.assert_allclose(ns["paths"][name], ns["by_hand"][name], rtol=1e-5, atol=1e-5)
    assert ("Keras SGD path == (w - lr * grad) path, to float32 precision: True"
            in surface.stdout)


def test_one_sgd_step_on_a_dense_layer_is_w_minus_lr_grad():
    keras.utils.set_random_seed(0)
    layer = keras.layers.Dense(3)
    x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
    layer.build((None, 4))
    before = [v.numpy().copy() for v in layer.trainable_variables]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(layer(x) ** 2)
    grads = tape.gradient(loss, layer.trainable_variables)
    keras.optimizers.SGD(learning_rate=0.1).apply_gradients(zip(grads, layer.trainable_variables))
    for old, g, new in zip(before, grads, layer.trainable_variables):
        np.testing.assert_allclose(new.numpy(), old - 0.1 * g.numpy(), rtol=1e-6, atol=1e-7)


def test_too_small_learning_rate_is_slow(surface):
    ns = surface.namespace
    small, good = _losses(ns, "too small"), _losses(ns, "good")
    assert np.all(np.diff(small) < 0)  # it does go down...
    assert small[-1] > 100 * good[-1]  # ...but far slower


def test_good_learning_rate_converges(surface):
    good = _losses(surface.namespace, "good")
    assert good[-1] < 1e-3 * good[0]


def test_too_large_learning_rate_diverges(surface):
    large = _losses(surface.namespace, "too large")
    assert large[-1] > large[0]
    assert np.all(np.diff(large[5:]) > 0)  # grows at every step once the steep axis dominates


def test_the_stability_limit_is_two_over_the_largest_curvature(surface):
    ns = surface.namespace
    limit = 2 / ns["curvature"].max()
    for lr, converges in ((0.99 * limit, True), (1.01 * limit, False)):
        w = ns["start"].copy()
        for _ in range(2000):
            w = w - lr * ns["curvature"] * w
        assert (ns["loss_np"](w) < ns["loss_np"](ns["start"])) == converges
    assert ns["learning_rates"]["good"] < limit < ns["learning_rates"]["too large"]


def test_the_figure_shows_three_paths_on_contours(surface):
    (figure,) = surface.figures
    path_axes, loss_axes = figure.axes[:2]
    assert len(path_axes.get_lines()) == 3
    assert path_axes.collections  # the contour lines
    assert len(loss_axes.get_lines()) == 3
    assert loss_axes.get_yscale() == "log"


def test_good_rate_zig_zags_across_the_valley_with_shrinking_swings(surface):
    w2 = surface.namespace["paths"]["good"][:, 1]
    assert np.all(np.sign(w2[1:8]) != np.sign(w2[:7]))  # alternates sign
    assert np.all(np.abs(w2[1:]) < np.abs(w2[:-1]))


def test_too_large_rate_swings_grow_while_w1_still_converges(surface):
    path = surface.namespace["paths"]["too large"]
    assert np.all(np.sign(path[1:, 1]) != np.sign(path[:-1, 1]))
    assert np.all(np.abs(path[1:, 1]) > np.abs(path[:-1, 1]))
    assert abs(path[-1, 0]) < 0.02 * abs(path[0, 0])


def test_divergence_ends_in_non_finite_numbers_in_float32():
    w = np.array([1.0, 1.0], "float32")
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(200):
            w = w - np.float32(10.0) * np.array([1.0, 10.0], "float32") * w
    assert not np.all(np.isfinite(w))


def test_a_summed_loss_has_batch_size_times_larger_gradients():
    rng = np.random.default_rng(0)
    for batch_size in range(1, 129):
        y_true = rng.normal(size=(batch_size, 1)).astype("float32")
        w = tf.Variable(rng.normal(size=(batch_size, 1)).astype("float32"))
        grads = []
        for reduction in ("sum_over_batch_size", "sum"):
            with tf.GradientTape() as tape:
                loss = keras.losses.MeanSquaredError(reduction=reduction)(y_true, w * 1.0)
            grads.append(tape.gradient(loss, w).numpy())
        np.testing.assert_allclose(grads[1], batch_size * grads[0], rtol=1e-5)


def test_a_schedule_can_be_the_learning_rate():
    schedule = keras.optimizers.schedules.CosineDecay(initial_learning_rate=0.1, decay_steps=10)
    optimizer = keras.optimizers.SGD(learning_rate=schedule)
    w = keras.Variable(1.0)
    for _ in range(10):
        optimizer.apply_gradients([(tf.constant(1.0), w)])
    assert float(optimizer.learning_rate) == pytest.approx(0.0, abs=1e-7)  # decayed to 0


def test_sgd_and_adam_default_learning_rates():
    assert float(keras.optimizers.SGD().learning_rate) == pytest.approx(0.01)
    assert float(keras.optimizers.Adam().learning_rate) == pytest.approx(0.001)
    assert float(keras.optimizers.RMSprop().learning_rate) == pytest.approx(0.001)


def test_every_stable_rate_shrinks_the_flat_direction_by_less_than_2_lmin_over_lmax(surface):
    """On the quadratic, coordinate i is multiplied by (1 - lr * lambda_i) per step."""
    curvature = surface.namespace["curvature"]
    limit = 2 / curvature.max()
    rates = np.linspace(0, limit, 2001)[1:-1]  # every stable rate, finely
    stable = np.all(np.abs(1 - rates[:, None] * curvature) < 1, axis=1)
    assert stable.all()
    shrink_along = 1 - np.abs(1 - rates * curvature.min())  # share removed per step
    assert shrink_along.max() < 2 * curvature.min() / curvature.max()
    # and above the limit the steep coordinate grows
    assert np.all(np.abs(1 - np.linspace(limit, 2 * limit, 100)[1:] * curvature.max()) > 1)


def test_gradient_descent_can_stop_in_a_local_minimum_that_is_not_global():
    """L(w) = w^4 - 3 w^2 + w has a global minimum near -1.30 and a local one near 1.13."""
    w = keras.Variable(np.array([2.0, -2.0], "float32"))  # two starts
    optimizer = keras.optimizers.SGD(learning_rate=0.01)
    for _ in range(500):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w**4 - 3 * w**2 + w)
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])
    right, left = w.numpy()
    assert right == pytest.approx(1.13, abs=0.01) and left == pytest.approx(-1.30, abs=0.01)
    value = lambda v: v**4 - 3 * v**2 + v  # noqa: E731
    assert value(right) > value(left) + 1  # stopped, gradient 0, yet not the lowest point
    assert abs(4 * right**3 - 6 * right + 1) < 1e-3
