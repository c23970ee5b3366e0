"""Facts stated on docs/transformers/attention.md."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers


@pytest.fixture(scope="module")
def scratch(snippet):
    return snippet("snippets/transformers/attention_from_scratch.py")


@pytest.fixture(scope="module")
def heatmap(snippet):
    return snippet("snippets/transformers/attention_heatmap.py")


@pytest.fixture(scope="module")
def commands(snippet):
    return snippet("snippets/transformers/attention_keras_commands.py")


def _np(tensor):
    return keras.ops.convert_to_numpy(tensor)


def test_from_scratch_reproduces_keras_weights_and_output(scratch):
    ns = scratch.namespace
    np.testing.assert_allclose(ns["weights"], ns["keras_weights"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ns["output"], ns["keras_output"], rtol=1e-5, atol=1e-5)
    for dense in (ns["mha"].query_dense, ns["mha"].output_dense):
        assert np.abs(_np(dense.bias)).min() > 0  # the check covers non-zero biases
    assert "weights == Keras, to float32 precision: True" in scratch.stdout
    assert "output == Keras, to float32 precision:  True" in scratch.stdout


@pytest.mark.parametrize("num_heads, key_dim, value_dim, widths", [
    (1, 16, None, (16, 16)), (2, 3, 5, (12, 7)), (8, 4, 4, (32, 32))])
def test_from_scratch_matches_any_head_layout_and_cross_attention(
        scratch, num_heads, key_dim, value_dim, widths):
    ns = scratch.namespace
    rng = np.random.default_rng(1)
    query_in = rng.normal(size=(2, 5, widths[0])).astype("float32")
    source = rng.normal(size=(2, 7, widths[1])).astype("float32")
    mha = layers.MultiHeadAttention(num_heads, key_dim, value_dim=value_dim,
                                    bias_initializer="random_normal")
    out, weights = (_np(t) for t in mha(query_in, source, return_attention_scores=True))
    q = ns["to_heads"](mha.query_dense, query_in)
    k = ns["to_heads"](mha.key_dense, source)
    v = ns["to_heads"](mha.value_dense, source)
    context, mine = ns["scaled_dot_product_attention"](q, k, v)
    by_hand = (np.einsum("bhtk,hkd->btd", context, _np(mha.output_dense.kernel))
               + _np(mha.output_dense.bias))
    np.testing.assert_allclose(mine, weights, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(by_hand, out, rtol=1e-5, atol=1e-5)


def test_keras_attention_scores_are_the_softmax_weights(scratch):
    """return_attention_scores gives weights after the softmax: every row sums to 1."""
    weights = scratch.namespace["keras_weights"]
    assert weights.min() >= 0
    np.testing.assert_allclose(weights.sum(axis=-1), 1, rtol=1e-6)


def test_mha_output_is_the_same_with_or_without_returning_scores(scratch):
    ns = scratch.namespace
    np.testing.assert_allclose(_np(ns["mha"](ns["x"], ns["x"])), ns["keras_output"],
                               rtol=1e-5, atol=1e-6)


def test_mha_scales_by_one_over_sqrt_key_dim(scratch):
    mha = scratch.namespace["mha"]
    assert mha._inverse_sqrt_key_dim == pytest.approx(1 / np.sqrt(mha.key_dim))


def _sheet_code(query, key, value, d_model):
    """The course sheet's lines, as written, on per-head tensors (batch, heads, seq, d_k)."""
    scores = tf.matmul(query, key, transpose_b=True)
    scores = scores / tf.math.sqrt(tf.cast(d_model, tf.float32))
    attention_weights = tf.nn.softmax(scores, axis=-1)
    output = tf.matmul(attention_weights, value)
    return attention_weights.numpy(), output.numpy()


def test_the_sheets_sqrt_d_model_differs_from_mha_and_sqrt_d_k_matches(scratch):
    ns = scratch.namespace
    q, k, v = ns["q"], ns["k"], ns["v"]
    wrong, _ = _sheet_code(q, k, v, d_model=ns["d_model"])
    right, _ = _sheet_code(q, k, v, d_model=ns["d_k"])  # the fix: the per-head width
    assert not np.allclose(wrong, ns["keras_weights"], atol=1e-2)
    np.testing.assert_allclose(right, ns["keras_weights"], rtol=1e-5, atol=1e-6)
    assert "sheet's sqrt(d_model): max |weights - Keras|: 0.00" not in scratch.stdout


def test_the_sheets_scale_is_right_exactly_when_key_dim_equals_d_model():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(1, 6, 8)).astype("float32")
    for num_heads in (1, 2, 4, 8):
        for key_dim in sorted({8 // num_heads, 3, 8, 16}):
            mha = layers.MultiHeadAttention(num_heads=num_heads, key_dim=key_dim)
            _, weights = mha(x, x, return_attention_scores=True)
            q = np.einsum("bsd,dhk->bhsk", x, _np(mha.query_dense.kernel))
            k = np.einsum("bsd,dhk->bhsk", x, _np(mha.key_dense.kernel))
            sheet, _ = _sheet_code(q, k, q, d_model=8)
            same = np.allclose(sheet, _np(weights), rtol=1e-5, atol=1e-6)
            assert same == (key_dim == 8), (num_heads, key_dim)


def test_heatmap_rows_sum_to_one_and_tokens_label_the_axes(heatmap):
    ns = heatmap.namespace
    np.testing.assert_allclose(ns["weights"].sum(axis=1), 1)
    (figure,) = heatmap.figures
    ax = figure.axes[0]
    assert ax.get_images()[0].get_array().shape == (6, 6)
    assert [t.get_text() for t in ax.get_xticklabels()] == ns["tokens"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ns["tokens"]


def test_heatmap_queries_find_the_kind_they_look_for(heatmap):
    ns = heatmap.namespace
    tokens, weights = ns["tokens"], ns["weights"]
    cat, sat, mat = tokens.index("cat"), tokens.index("sat"), tokens.index("mat")
    assert weights[cat].argmax() == sat and weights[cat, sat] > 0.9
    # two nouns match "sat" equally: nothing in the vectors says which one is its subject
    assert weights[sat, cat] == pytest.approx(weights[sat, mat])
    assert weights[sat, cat] + weights[sat, mat] > 0.9


def test_filled_commands_compute_scaled_dot_product_attention(commands, scratch):
    ns = commands.namespace
    output, weights = scratch.namespace["scaled_dot_product_attention"](
        ns["query"].numpy(), ns["key"].numpy(), ns["value"].numpy())
    np.testing.assert_allclose(ns["attention_weights"].numpy(), weights, rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(ns["output"].numpy(), output, rtol=1e-5, atol=1e-6)


def test_dot_product_attention_defaults_to_one_over_sqrt_d_k(commands):
    ns = commands.namespace
    fused = _np(keras.ops.dot_product_attention(
        ns["query"][:, :, None], ns["key"][:, :, None], ns["value"][:, :, None]))
    np.testing.assert_allclose(fused[:, :, 0], ns["output"].numpy(), rtol=1e-5, atol=1e-6)
    assert "dot_product_attention == manual, to float32 precision: True" in commands.stdout
    unscaled = _np(keras.ops.dot_product_attention(
        ns["query"][:, :, None], ns["key"][:, :, None], ns["value"][:, :, None], scale=1.0))
    assert not np.allclose(unscaled[:, :, 0], ns["output"].numpy(), atol=1e-3)


def test_functional_model_takes_any_length(commands):
    model = commands.namespace["model"]
    for length in (1, 5, 9):
        assert tuple(model(np.zeros((2, length, 16))).shape) == (2, length, 8)


def test_tf_functions_on_a_keras_input_raise():
    inputs = keras.Input((5, 16))
    query, key = layers.Dense(8)(inputs), layers.Dense(8)(inputs)
    with pytest.raises(ValueError, match="KerasTensor cannot be used as input to a "
                                         "TensorFlow function"):
        tf.matmul(query, key, transpose_b=True)


def test_weights_have_one_row_per_query_and_one_column_per_key_per_head(scratch):
    ns = scratch.namespace
    assert ns["keras_weights"].shape == (ns["batch"], ns["num_heads"], ns["seq_len"],
                                         ns["seq_len"])


def test_an_embedding_mask_gives_padded_keys_zero_weight_and_raw_arrays_do_not():
    keras.utils.set_random_seed(0)
    ids = np.array([[4, 7, 2, 0, 0]])  # two padding tokens
    embedding = layers.Embedding(10, 8, mask_zero=True)
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=4)
    x = embedding(ids)
    _, masked = mha(x, x, return_attention_scores=True)
    np.testing.assert_array_equal(_np(masked)[..., 3:], 0)
    raw = _np(x)  # a plain array carries no mask
    _, unmasked = mha(raw, raw, return_attention_scores=True)
    assert _np(unmasked)[..., 3:].min() > 0
    keys_to_use = np.array([[[True, True, True, False, False]] * 5])  # (batch, T, S)
    _, explicit = mha(raw, raw, attention_mask=keys_to_use, return_attention_scores=True)
    # the real tokens' rows agree (Keras also blanks the rows of padded queries)
    np.testing.assert_allclose(_np(explicit)[:, :, :3], _np(masked)[:, :, :3],
                               rtol=1e-6, atol=1e-7)


def test_bahdanaus_additive_scores_are_keras_additive_attention_not_a_dot_product():
    rng = np.random.default_rng(0)
    query = rng.normal(size=(1, 3, 4)).astype("float32")
    key = rng.normal(size=(1, 5, 4)).astype("float32")
    additive = layers.AdditiveAttention()
    _, weights = additive([query, key, key], return_attention_scores=True)
    scale = keras.ops.convert_to_numpy(additive.scale)
    scores = np.sum(scale * np.tanh(query[:, :, None, :] + key[:, None, :, :]), axis=-1)
    by_hand = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(weights), by_hand,
                               rtol=1e-5, atol=1e-6)
    _, dot_weights = layers.Attention()([query, key, key], return_attention_scores=True)
    assert not np.allclose(keras.ops.convert_to_numpy(dot_weights), by_hand, atol=1e-3)


@pytest.mark.parametrize("tf_function", [
    lambda q, k: tf.matmul(q, k, transpose_b=True),
    lambda q, k: tf.nn.softmax(q, axis=-1),
    lambda q, k: tf.math.sqrt(q),
    lambda q, k: tf.transpose(k, [0, 2, 1]),
    lambda q, k: tf.reduce_sum(q, axis=-1),
    lambda q, k: tf.concat([q, k], axis=-1),
], ids=["matmul", "softmax", "sqrt", "transpose", "reduce_sum", "concat"])
def test_tf_functions_raise_on_keras_inputs_and_keras_ops_do_not(tf_function):
    inputs = keras.Input((5, 16))
    query, key = layers.Dense(8)(inputs), layers.Dense(8)(inputs)
    with pytest.raises(ValueError, match="KerasTensor cannot be used as input to a "
                                         "TensorFlow function"):
        tf_function(query, key)
    assert keras.ops.matmul(query, keras.ops.swapaxes(key, -1, -2)).shape == (None, 5, 5)
