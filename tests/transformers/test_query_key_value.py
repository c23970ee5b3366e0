"""Facts stated on docs/transformers/query_key_value.md."""

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def shapes(snippet):
    return snippet("snippets/transformers/query_key_value_shapes.py")


@pytest.fixture(scope="module")
def lookup(snippet):
    return snippet("snippets/transformers/query_key_value_lookup.py")


def _np(tensor):
    return keras.ops.convert_to_numpy(tensor)


def test_kernel_shapes(shapes):
    mha = shapes.namespace["mha"]
    assert tuple(mha.query_dense.kernel.shape) == (32, 4, 8)  # (query width, heads, key_dim)
    assert tuple(mha.key_dense.kernel.shape) == (24, 4, 8)  # (source width, heads, key_dim)
    assert tuple(mha.value_dense.kernel.shape) == (24, 4, 6)  # (source width, heads, value_dim)
    assert tuple(mha.output_dense.kernel.shape) == (4, 6, 32)  # back to the query width


def test_projection_and_output_shapes(shapes):
    ns = shapes.namespace
    assert tuple(ns["Q"].shape) == (2, 5, 4, 8)  # (batch, T, heads, key_dim)
    assert tuple(ns["K"].shape) == (2, 7, 4, 8)  # (batch, S, heads, key_dim)
    assert tuple(ns["V"].shape) == (2, 7, 4, 6)  # (batch, S, heads, value_dim)
    assert tuple(ns["weights"].shape) == (2, 4, 5, 7)  # (batch, heads, T, S)
    assert tuple(ns["output"].shape) == (2, 5, 32)  # (batch, T, query width)
    assert "output: (2, 5, 32)" in shapes.stdout


def test_projection_is_x_times_kernel_plus_bias(shapes):
    ns = shapes.namespace
    dense = ns["mha"].query_dense
    expected = np.einsum("btd,dhk->bthk", ns["query_input"], _np(dense.kernel)) + _np(dense.bias)
    np.testing.assert_allclose(_np(ns["Q"]), expected, rtol=1e-5, atol=1e-5)


def test_value_dim_defaults_to_key_dim_and_output_shape_overrides_the_width():
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=4)
    assert mha.value_dim == 4
    q, v = np.zeros((1, 5, 8), "float32"), np.zeros((1, 7, 12), "float32")
    assert tuple(mha(q, v).shape) == (1, 5, 8)
    assert tuple(layers.MultiHeadAttention(2, 4, output_shape=10)(q, v).shape) == (1, 5, 10)


def test_key_defaults_to_value():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    q, v = rng.normal(size=(1, 5, 8)), rng.normal(size=(1, 7, 8))
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=4)
    np.testing.assert_array_equal(_np(mha(q, v)), _np(mha(q, v, key=v)))


def test_keys_and_values_must_have_the_same_length():
    q, v = np.zeros((1, 5, 8), "float32"), np.zeros((1, 7, 8), "float32")
    for key_length in range(1, 16):
        mha = layers.MultiHeadAttention(num_heads=2, key_dim=4)
        k = np.zeros((1, key_length, 8), "float32")
        if key_length == 7:
            assert tuple(mha(q, v, key=k).shape) == (1, 5, 8)
        else:
            with pytest.raises(ValueError, match="All dimensions of `value` and `key`"):
                mha(q, v, key=k)


def test_keys_set_the_weights_and_values_set_the_content():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    q, k, v = (rng.normal(size=(1, 6, 8)).astype("float32") for _ in range(3))
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=4)
    out, weights = mha(q, v, key=k, return_attention_scores=True)
    out_new_v, weights_new_v = mha(q, v + 1.0, key=k, return_attention_scores=True)
    _, weights_new_k = mha(q, v, key=k[:, ::-1] * 2.0, return_attention_scores=True)
    np.testing.assert_array_equal(_np(weights_new_v), _np(weights))
    assert not np.allclose(_np(out_new_v), _np(out))
    assert not np.allclose(_np(weights_new_k), _np(weights))


def test_lookup_results(lookup):
    ns = lookup.namespace
    values, results = ns["values"], ns["results"]
    output, weights = results["matches key 1 strongly"]
    assert weights[1] > 0.99
    np.testing.assert_allclose(output, values[1], atol=0.1)
    output, weights = results["halfway between 0 and 2"]
    np.testing.assert_allclose(weights[[0, 2]], 0.5, atol=0.01)
    np.testing.assert_allclose(output, (values[0] + values[2]) / 2, atol=0.1)
    output, weights = results["matches no key"]
    np.testing.assert_allclose(weights, 1 / 3)
    np.testing.assert_allclose(output, values.mean(axis=0), atol=1e-9)
    _, weak = results["matches key 1 weakly"]
    assert weak.argmax() == 1 and 0.34 < weak[1] < 0.9  # favoured, but blended
    for _output, weights in results.values():
        assert weights.sum() == pytest.approx(1)
