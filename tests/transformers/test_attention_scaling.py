"""Facts stated on docs/transformers/attention_scaling.md."""

import keras
import numpy as np
import pytest
import tensorflow as tf


@pytest.fixture(scope="module")
def variance(snippet):
    return snippet("snippets/transformers/attention_scaling_variance.py")


@pytest.fixture(scope="module")
def saturation(snippet):
    return snippet("snippets/transformers/attention_scaling_softmax.py")


def _columns(saturation, label, j):
    return np.array([row[j] for row in saturation.namespace["stats"][label]])


def test_variance_of_the_dot_product_is_about_d_k(variance):
    for d_k, (unscaled, _) in variance.namespace["measured"].items():
        assert unscaled == pytest.approx(d_k, rel=0.1)


def test_scaled_variance_stays_about_one(variance):
    for _d_k, (_, scaled) in variance.namespace["measured"].items():
        assert scaled == pytest.approx(1.0, rel=0.1)


def test_unscaled_max_weight_approaches_one_and_scaled_stays_flat(saturation):
    unscaled, scaled = _columns(saturation, "unscaled", 0), _columns(saturation, "scaled", 0)
    assert np.all(np.diff(unscaled) > 0)
    assert unscaled[-1] > 0.95
    assert scaled.max() - scaled.min() < 0.05
    assert scaled.max() < 0.3


def test_unscaled_entropy_collapses_and_scaled_stays_flat(saturation):
    unscaled, scaled = _columns(saturation, "unscaled", 1), _columns(saturation, "scaled", 1)
    assert np.all(np.diff(unscaled) < 0)
    assert unscaled[-1] < 0.15
    assert scaled.max() - scaled.min() < 0.1
    assert scaled.min() > 0.8 * np.log(saturation.namespace["n_keys"])


def test_d_k_of_one_needs_no_scaling(saturation):
    for j in range(3):
        assert _columns(saturation, "unscaled", j)[0] == _columns(saturation, "scaled", j)[0]


def test_saturated_softmax_has_tiny_gradients(saturation):
    unscaled, scaled = _columns(saturation, "unscaled", 2), _columns(saturation, "scaled", 2)
    assert unscaled[-1] < scaled[-1] / 1000
    assert np.all(np.diff(unscaled[1:]) < 0)
    assert scaled.max() / scaled.min() < 1.2


def test_softmax_gradient_is_the_jacobian_diag_p_minus_p_p_transposed():
    """Why saturation kills gradients: d softmax / d logits = diag(p) - p p^T -> 0 as p -> one-hot."""
    rng = np.random.default_rng(0)
    for temperature in (1.0, 30.0):
        logits = tf.constant(temperature * rng.standard_normal(16), tf.float64)
        with tf.GradientTape() as tape:
            tape.watch(logits)
            p = tf.nn.softmax(logits)
        jacobian = tape.jacobian(p, logits).numpy()
        p = p.numpy()
        np.testing.assert_allclose(jacobian, np.diag(p) - np.outer(p, p), atol=1e-12)
    assert np.abs(jacobian).max() < 1e-3  # temperature 30: saturated, almost zero


def test_the_figure_has_three_panels_with_both_curves(saturation):
    (figure,) = saturation.figures
    assert [ax.get_title() for ax in figure.axes] == [
        "mean max weight", "mean entropy (nats)", "median gradient norm"]
    assert all(len(ax.get_lines()) == 2 for ax in figure.axes)


def test_keras_scales_by_one_over_sqrt_key_dim():
    """MultiHeadAttention's weights equal softmax(q.k / sqrt(key_dim)); unscaled ones do not."""
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(1, 6, 64)).astype("float32")
    mha = keras.layers.MultiHeadAttention(num_heads=1, key_dim=64)
    _, weights = mha(x, x, return_attention_scores=True)
    q = np.einsum("bsd,dhk->bhsk", x, keras.ops.convert_to_numpy(mha.query_dense.kernel))
    k = np.einsum("bsd,dhk->bhsk", x, keras.ops.convert_to_numpy(mha.key_dense.kernel))
    scores = q @ np.swapaxes(k, -1, -2)
    softmax = lambda s: np.exp(s - s.max(-1, keepdims=True)) / np.exp(  # noqa: E731 - the formula, named
        s - s.max(-1, keepdims=True)).sum(-1, keepdims=True)
    weights = keras.ops.convert_to_numpy(weights)
    np.testing.assert_allclose(softmax(scores / 8.0), weights, rtol=1e-4, atol=1e-6)
    assert not np.allclose(softmax(scores), weights, atol=1e-2)


def test_scaling_twice_makes_the_weights_flatter():
    rng = np.random.default_rng(0)
    d_k = 64
    q, k = rng.standard_normal((500, 1, d_k)), rng.standard_normal((500, 16, d_k))
    scores = (q * k).sum(axis=-1)

    def entropy(logits):
        p = np.exp(logits - logits.max(-1, keepdims=True))
        p /= p.sum(-1, keepdims=True)
        return -(p * np.log(p)).sum(-1).mean()

    once, twice = entropy(scores / np.sqrt(d_k)), entropy(scores / d_k)
    assert once < twice < np.log(16)
    assert np.log(16) - twice < 0.1  # close to uniform: averaging, not selecting


def test_layer_normalization_gives_each_token_mean_0_and_variance_1():
    x = np.random.default_rng(0).normal(3.0, 5.0, size=(2, 7, 64)).astype("float32")
    norm = keras.layers.LayerNormalization()
    y = keras.ops.convert_to_numpy(norm(x))
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(norm.gamma), 1)  # scale
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(norm.beta), 0)  # shift
    np.testing.assert_allclose(y.mean(axis=-1), 0, atol=1e-5)
    np.testing.assert_allclose(y.var(axis=-1), 1, atol=1e-2)


def test_scaled_variance_is_about_one_for_every_width_up_to_1024():
    """Var(q.k) = d_k exactly for independent unit-variance components; sampled here for
    every width from 1 to 64 and every power of two up to 1024."""
    rng = np.random.default_rng(1)
    n_pairs = 20_000
    for d_k in [*range(1, 65), 128, 256, 512, 1024]:
        q = rng.standard_normal((n_pairs, d_k), dtype="float32")
        k = rng.standard_normal((n_pairs, d_k), dtype="float32")
        scaled = (q * k).sum(axis=1) / np.sqrt(d_k)
        # sd of a sample variance of n values with kurtosis <= 9: sqrt(8 / n) = 0.02
        assert scaled.var() == pytest.approx(1.0, abs=0.1), d_k
