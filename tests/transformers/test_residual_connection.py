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
    """x + F(x) only works if F returns the width of x: hence d_model everywhere."""
    x = np.zeros((2, 5, 16), "float32")
    with pytest.raises(ValueError):
        layers.Add()([keras.Input((5, 16)), layers.Dense(32)(keras.Input((5, 16)))])
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
    z = np.linspace(-10, 10, 20001)
    s = 1 / (1 + np.exp(-z))
    assert (s * (1 - s)).max() == pytest.approx(0.25)


def test_residual_stacks_grow_their_activations(gradient):
    keras.utils.set_random_seed(0)
    x = gradient.namespace["x"]
    h = x
    for layer in [layers.Dense(32, activation="tanh") for _ in range(30)]:
        h = h + layer(h)
    assert np.linalg.norm(h.numpy(), axis=-1).mean() > 3 * np.linalg.norm(x.numpy(), axis=-1).mean()
