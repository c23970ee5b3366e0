"""Facts stated on docs/transformers/residual_connection.md."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers


@pytest.fixture(scope="module")
def gradient(snippet):
    return snippet("snippets/transformers/residual_connection_gradient.py")


@pytest.fixture(scope="module")
def transformer(snippet):
    return snippet("snippets/transformers/residual_connection_transformer.py")


def test_jacobian_of_a_residual_block_is_identity_plus_jacobian_of_f(gradient):
    ns = gradient.namespace
    np.testing.assert_allclose(ns["jacobian_y"], np.eye(32) + ns["jacobian_f"], atol=1e-6)
    assert not np.allclose(ns["jacobian_f"], 0, atol=1e-2)  # F's own Jacobian is not trivial
    assert "d(x + F(x))/dx == I + dF/dx: True" in gradient.stdout


def test_every_stack_starts_from_the_same_gradient_at_the_top(gradient):
    tops = [norm[-1] for norm in gradient.namespace["norms"].values()]
    np.testing.assert_allclose(tops, tops[0], rtol=1e-6)


def test_plain_sigmoid_stack_vanishes_by_many_orders_of_magnitude(gradient):
    norm = gradient.namespace["norms"][("sigmoid", False)]
    assert norm[0] < 1e-12 * norm[-1]
    assert np.all(np.diff(norm) > 0)  # smaller at every step down the stack


def test_residual_sigmoid_stack_keeps_the_gradient(gradient):
    norms = gradient.namespace["norms"]
    residual, plain = norms[("sigmoid", True)], norms[("sigmoid", False)]
    assert 0.1 < residual[0] / residual[-1] < 10  # same order of magnitude as at the top
    assert residual[0] > 1e12 * plain[0]


def test_tanh_plain_loses_an_order_of_magnitude_and_residual_grows(gradient):
    norms = gradient.namespace["norms"]
    plain, residual = norms[("tanh", False)], norms[("tanh", True)]
    assert 0.02 * plain[-1] < plain[0] < 0.2 * plain[-1]  # about one order of magnitude
    assert residual[0] > 100 * plain[0]
    assert residual[0] > 5 * residual[-1]  # residual paths can also let the gradient grow


def test_the_figure_has_four_curves_on_a_log_scale(gradient):
    (figure,) = gradient.figures
    ax = figure.axes[0]
    assert ax.get_yscale() == "log"
    assert len(ax.get_lines()) == 4
    assert all(len(line.get_xdata()) == 31 for line in ax.get_lines())


def test_a_residual_needs_matching_widths():
    """x + F(x) works if F returns the width of x; width 1 broadcasts; others raise."""
    x = np.zeros((2, 5, 16), "float32")
    inputs = keras.Input((5, 16))
    for width in range(1, 41):
        branch = layers.Dense(width)(inputs)
        if width in (1, 16):
            assert tuple(layers.Add()([inputs, branch]).shape) == (None, 5, 16)
            assert tuple((inputs + branch).shape) == (None, 5, 16)
        else:
            with pytest.raises(ValueError, match="incompatible shapes"):
                layers.Add()([inputs, branch])
            with pytest.raises(ValueError, match="Cannot broadcast shape"):
                inputs + branch
    attention = layers.MultiHeadAttention(num_heads=4, key_dim=4)
    assert tuple((x + attention(x, x)).shape) == (2, 5, 16)


def test_without_residuals_positions_collapse_after_two_blocks(transformer):
    similarity = transformer.namespace["similarity"]
    assert similarity[False][1] > 0.95
    assert all(s > 0.99 for s in similarity[False][2:])


def test_with_residuals_positions_stay_apart_longer(transformer):
    similarity = transformer.namespace["similarity"]
    assert similarity[True][1] < 0.5
    assert all(r < p for r, p in zip(similarity[True], similarity[False]))
    assert all(np.diff(similarity[True]) > 0)  # it still creeps up with untrained weights


def test_input_positions_are_unrelated(transformer):
    assert transformer.stdout.startswith("input: 0.01")


def test_residual_gradient_reaches_the_input_directly():
    """Even when F's gradient is zero, x + F(x) passes the gradient on unchanged."""
    x = tf.constant(np.ones((1, 4), "float32"))
    dead = layers.Dense(4, kernel_initializer="zeros", activation="relu")
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        plain, residual = dead(x), x + dead(x)
    assert np.all(tape.gradient(plain, x).numpy() == 0)
    np.testing.assert_array_equal(tape.gradient(residual, x).numpy(), 1.0)


def test_a_sigmoids_derivative_is_at_most_a_quarter():
    """s (1 - s) = 1/4 - (s - 1/2)^2 <= 1/4, with equality only at z = 0."""
    z = tf.constant(np.linspace(-40, 40, 80001), tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(z)
        s = tf.sigmoid(z)
    derivative, s = tape.gradient(s, z).numpy(), s.numpy()
    np.testing.assert_allclose(derivative, 0.25 - (s - 0.5) ** 2, atol=1e-15)
    assert np.all(derivative <= 0.25) and derivative.max() == pytest.approx(0.25)


@pytest.mark.parametrize("depth", [1, 2, 5, 10, 30])
def test_the_identity_path_survives_however_small_the_blocks_jacobians(depth):
    """With every block scaled by eps, d h_L / d h_0 tends to I: the gradient arrives whole."""
    rng = np.random.default_rng(0)
    x = tf.constant(rng.normal(size=(1, 8)))
    readout = tf.constant(rng.normal(size=(8, 1)))
    kernels = [tf.constant(rng.normal(size=(8, 8)) / np.sqrt(8)) for _ in range(depth)]
    for eps in np.logspace(-8, -1, 8):
        with tf.GradientTape() as tape:
            tape.watch(x)
            h = x
            for kernel in kernels:
                h = h + tf.tanh(h @ (eps * kernel))
            loss = tf.reduce_sum(h @ readout)
        gradient = tape.gradient(loss, x).numpy()[0]
        plain = readout.numpy()[:, 0]  # the gradient of the loss at the top
        assert np.abs(gradient - plain).max() <= 2 * depth * eps * np.abs(plain).sum()
    dead = [layers.Dense(8, kernel_initializer="zeros") for _ in range(depth)]
    with tf.GradientTape() as tape:
        tape.watch(x)
        h = tf.cast(x, "float32")
        for layer in dead:
            h = h + layer(h)
        loss = tf.reduce_sum(h)
    np.testing.assert_array_equal(tape.gradient(loss, x).numpy(), 1.0)


def test_residual_stacks_grow_their_activations(gradient):
    keras.utils.set_random_seed(0)
    x = gradient.namespace["x"]
    h = x
    for layer in [layers.Dense(32, activation="tanh") for _ in range(30)]:
        h = h + layer(h)
    assert np.linalg.norm(h.numpy(), axis=-1).mean() > 3 * np.linalg.norm(x.numpy(), axis=-1).mean()
