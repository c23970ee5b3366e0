"""Facts stated on docs/transformers/multi_head_attention.md."""

import keras
import numpy as np
import pytest
from keras import layers, ops


@pytest.fixture(scope="module")
def formula(snippet):
    return snippet("snippets/transformers/multi_head_attention_formula.py")


@pytest.fixture(scope="module")
def parameters(snippet):
    return snippet("snippets/transformers/multi_head_attention_parameters.py")


@pytest.fixture(scope="module")
def heads(snippet):
    return snippet("snippets/transformers/multi_head_attention_heads.py")


@pytest.fixture(scope="module")
def causal(snippet):
    return snippet("snippets/transformers/multi_head_attention_causal.py")


@pytest.fixture(scope="module")
def padding(snippet):
    return snippet("snippets/transformers/multi_head_attention_padding.py")


def numpy(tensor):
    return ops.convert_to_numpy(tensor)


# formula and shapes ------------------------------------------------------------------


def test_key_dim_is_the_size_of_one_head(formula):
    attention, d_model, h = (formula.namespace[k] for k in ("attention", "d_model", "num_heads"))
    assert attention.key_dim == d_model // h == 4
    assert attention.value_dim == attention.key_dim  # value_dim defaults to key_dim
    shapes = {w.path.split("/", 1)[1]: tuple(w.shape) for w in attention.weights}
    assert shapes == {
        "query/kernel": (d_model, h, 4), "query/bias": (h, 4),
        "key/kernel": (d_model, h, 4), "key/bias": (h, 4),
        "value/kernel": (d_model, h, 4), "value/bias": (h, 4),
        "attention_output/kernel": (h, 4, d_model), "attention_output/bias": (d_model,),
    }


def test_numpy_rebuild_matches_keras(formula):
    ns = formula.namespace
    np.testing.assert_allclose(ns["scores"], ns["weights"], atol=1e-6)
    np.testing.assert_allclose(ns["output"], ns["by_hand"], atol=1e-6)
    assert "attention weights match NumPy: True" in formula.stdout
    assert "output matches NumPy:            True" in formula.stdout


def test_scores_are_one_softmax_per_head_and_query(formula):
    scores = formula.namespace["scores"]
    assert scores.shape == (2, 4, 5, 5)  # (batch, heads, query, key)
    np.testing.assert_allclose(scores.sum(axis=-1), 1, rtol=1e-6)


def test_scaling_is_by_the_square_root_of_the_head_size(formula):
    """Scaling by sqrt(d_model) instead of sqrt(key_dim) would not reproduce Keras."""
    ns = formula.namespace
    logits = ns["Q"] @ ns["K"].transpose(0, 1, 3, 2) / np.sqrt(ns["d_model"])
    wrong = np.exp(logits - logits.max(axis=-1, keepdims=True))
    wrong /= wrong.sum(axis=-1, keepdims=True)
    assert not np.allclose(ns["scores"], wrong, atol=1e-3)


def test_dropout_acts_on_attention_weights_in_training_only(formula):
    ns = formula.namespace
    attention, x = ns["attention"], ns["x"]
    assert attention.dropout == 0.1
    np.testing.assert_allclose(numpy(attention(x, x, training=False)), ns["by_hand"], atol=1e-6)
    _, dropped = attention(x, x, training=True, return_attention_scores=True)
    assert not np.allclose(numpy(attention(x, x, training=True)), ns["by_hand"], atol=1e-3)
    # the returned scores are the weights before dropout: still one softmax per row
    np.testing.assert_allclose(numpy(dropped).sum(axis=-1), 1, rtol=1e-6)
    np.testing.assert_allclose(numpy(dropped), ns["scores"], rtol=1e-5, atol=1e-7)


def test_self_attention_call_is_query_and_value_the_same(formula):
    attention, x = formula.namespace["attention"], formula.namespace["x"]
    np.testing.assert_array_equal(numpy(attention(x, x)),
                                  numpy(attention(query=x, value=x, key=x)))


# parameter count ---------------------------------------------------------------------


@pytest.mark.parametrize("d_model, num_heads, key_dim, value_dim", [
    (64, 8, 8, None), (64, 4, 16, 32), (32, 2, 5, 7), (512, 8, 64, None), (64, 8, 64, None)])
def test_parameter_formula_matches_keras(parameters, d_model, num_heads, key_dim, value_dim):
    attention = layers.MultiHeadAttention(num_heads, key_dim, value_dim=value_dim)
    attention.build((None, 10, d_model), (None, 10, d_model))
    assert parameters.namespace["mha_params"](d_model, num_heads, key_dim, value_dim) \
        == attention.count_params()


@pytest.mark.parametrize("d_model, num_heads", [(64, 8), (64, 1), (512, 8), (768, 12)])
def test_with_key_dim_d_model_over_heads_the_count_is_4d2_plus_4d(parameters, d_model, num_heads):
    count = parameters.namespace["mha_params"](d_model, num_heads, d_model // num_heads)
    assert count == 4 * d_model**2 + 4 * d_model


def test_printed_table_agrees(parameters):
    rows = [line.split() for line in parameters.stdout.splitlines()[1:]]
    assert len(rows) == 5
    assert all(row[3] == row[4] for row in rows)
    assert all(line.endswith("(1, 10, 64)") for line in parameters.stdout.splitlines()[1:])


def test_splitting_into_more_smaller_heads_keeps_the_count(parameters):
    counts = [line.split()[4] for line in parameters.stdout.splitlines()[1:]]
    assert counts[0] == counts[1] == counts[3]  # 8 x 8, 4 x 16, 1 x 64
    assert counts[2] != counts[1]  # a larger value_dim adds parameters


def test_key_dim_d_model_is_about_eight_times_larger_for_eight_heads():
    right = layers.MultiHeadAttention(num_heads=8, key_dim=64)
    wrong = layers.MultiHeadAttention(num_heads=8, key_dim=512)
    for layer in (right, wrong):
        layer.build((None, 10, 512), (None, 10, 512))
    assert 7.9 < wrong.count_params() / right.count_params() < 8.1


def test_key_dim_must_be_a_python_int():
    for wrong in (64 / 8, np.int64(8), np.int32(8), np.float32(8)):
        with pytest.raises(ValueError, match="key_dim"):
            layers.MultiHeadAttention(num_heads=8, key_dim=wrong)
    assert layers.MultiHeadAttention(num_heads=8, key_dim=64 // 8).key_dim == 8


@pytest.mark.parametrize("d_model", [48, 64, 96])
def test_the_count_is_4d2_plus_4d_for_every_number_of_heads_that_divides_d(d_model):
    for num_heads in [h for h in range(1, d_model + 1) if d_model % h == 0]:
        attention = layers.MultiHeadAttention(num_heads, d_model // num_heads)
        attention.build((None, 10, d_model), (None, 10, d_model))
        assert attention.count_params() == 4 * d_model**2 + 4 * d_model, num_heads


def test_dropout_defaults_to_zero():
    assert layers.MultiHeadAttention(num_heads=2, key_dim=4).dropout == 0.0


def test_a_different_key_dim_is_not_an_error_only_a_bigger_layer():
    """The sheet's gotcha: key_dim = d_model instead of d_model / num_heads."""
    d_model, num_heads = 64, 8
    x = np.random.default_rng(0).normal(size=(2, 10, d_model)).astype("float32")
    right = layers.MultiHeadAttention(num_heads, key_dim=d_model // num_heads)
    wrong = layers.MultiHeadAttention(num_heads, key_dim=d_model)
    assert right(x, x).shape == wrong(x, x).shape == (2, 10, d_model)  # projected back
    assert wrong.count_params() > 7 * right.count_params()
    # each projection computes num_heads * key_dim numbers per token instead of d_model
    assert tuple(right.query_dense(x).shape) == (2, 10, num_heads, 8)
    assert tuple(wrong.query_dense(x).shape) == (2, 10, num_heads, d_model)


def test_the_output_has_the_querys_size_whatever_the_head_sizes():
    import itertools

    for num_heads, key_dim, value_dim, q_width, v_width in itertools.product(
            (1, 3, 8), (1, 5, 64), (None, 2, 11), (4, 24), (7, 40)):
        query = np.zeros((1, 3, q_width), "float32")
        value = np.zeros((1, 7, v_width), "float32")
        attention = layers.MultiHeadAttention(num_heads, key_dim, value_dim=value_dim)
        assert tuple(attention(query, value).shape) == (1, 3, q_width)


# per-head maps -----------------------------------------------------------------------


def test_the_model_learns_both_neighbours(heads):
    history = heads.namespace["history"]
    assert history["previous_accuracy"][-1] > 0.99
    assert history["following_accuracy"][-1] > 0.99


def test_one_head_looks_left_and_the_other_right(heads):
    scores, steps = heads.namespace["scores"], heads.namespace["steps"]
    offsets = [list(w.argmax(axis=-1) - np.arange(steps)) for w in scores]
    left = [o for o in offsets if o[1:] == [-1] * (steps - 1)]
    right = [o for o in offsets if o[:-1] == [1] * (steps - 1)]
    assert len(left) == 1 and len(right) == 1
    np.testing.assert_allclose(scores.sum(axis=-1), 1, rtol=1e-5)


def test_the_figure_has_one_heatmap_per_head(heads):
    (figure,) = heads.figures
    images = [ax for ax in figure.axes if ax.get_images()]
    assert [ax.get_title() for ax in images] == ["head 0", "head 1"]
    assert all(ax.get_images()[0].get_array().shape == (8, 8) for ax in images)


# masks -------------------------------------------------------------------------------


def test_causal_mask_zeroes_the_upper_triangle_exactly(causal):
    causal = causal.namespace["causal"]
    future = np.triu(np.ones((5, 5), dtype=bool), k=1)
    assert np.all(causal[..., future] == 0.0)
    assert np.all(causal[..., ~future] > 0)
    np.testing.assert_allclose(causal.sum(axis=-1), 1, rtol=1e-6)
    np.testing.assert_allclose(causal[0, :, 0, 0], 1.0, rtol=1e-6)  # first token: only itself


def test_with_a_causal_mask_earlier_outputs_ignore_later_tokens(causal):
    attention, x0 = causal.namespace["attention"], causal.namespace["x"]
    before = numpy(attention(x0, x0, use_causal_mask=True))
    for t in range(1, x0.shape[1]):  # change every token from position t on
        x = x0.copy()
        x[:, t:] = 100.0
        after = numpy(attention(x, x, use_causal_mask=True))
        np.testing.assert_allclose(after[:, :t], before[:, :t], rtol=1e-6)
        assert not np.allclose(after[:, t:], before[:, t:])


def test_embedding_padding_mask_reaches_attention(padding):
    ns = padding.namespace
    automatic, real = ns["automatic"], ns["real"]
    for b in range(2):
        assert np.all(automatic[b][:, :, ~real[b]] == 0.0)  # padded keys: weight 0
        assert np.all(automatic[b][:, ~real[b], :] == 0.0)  # padded queries: all zero
        np.testing.assert_allclose(automatic[b][:, real[b], :].sum(axis=-1), 1, rtol=1e-6)


def test_automatic_mask_equals_the_explicit_attention_mask(padding):
    ns = padding.namespace
    np.testing.assert_array_equal(ns["automatic"], ns["explicit"])
    assert "same as the explicit attention_mask: True" in padding.stdout


def test_without_a_mask_padding_gets_attention(padding):
    ns = padding.namespace
    on_padding = ns["unmasked"][1][:, :, ~ns["real"][1]].sum(axis=-1)
    assert np.all(on_padding > 0.3)


def test_a_key_only_mask_leaves_padded_queries_attending(padding):
    ns = padding.namespace
    attention, plain, real = ns["attention"], ns["plain"], ns["real"]
    _, key_only = attention(plain, plain, attention_mask=real[:, None, :],
                            return_attention_scores=True)
    key_only = numpy(key_only)
    np.testing.assert_array_equal(key_only[:, :, :, ~real[1]][1], 0.0)
    np.testing.assert_allclose(key_only.sum(axis=-1), 1, rtol=1e-6)  # every row, padded too
    for b in range(2):  # identical to the automatic mask on the real query rows
        np.testing.assert_allclose(key_only[b][:, real[b]], ns["automatic"][b][:, real[b]],
                                   rtol=1e-6)


def test_attention_output_keeps_the_query_mask(padding):
    ns = padding.namespace
    embedded = ns["embedding"](ns["ids"])
    output = ns["attention"](embedded, embedded)
    np.testing.assert_array_equal(numpy(output._keras_mask), ns["real"])


def test_an_eager_call_strips_the_mask_from_its_inputs(padding):
    """Pitfall: a second eager call on the same tensor attends to padding."""
    ns = padding.namespace
    embedded = ns["embedding"](ns["ids"])
    assert getattr(embedded, "_keras_mask", None) is not None
    _, first = ns["attention"](embedded, embedded, return_attention_scores=True)
    assert getattr(embedded, "_keras_mask", None) is None
    _, second = ns["attention"](embedded, embedded, return_attention_scores=True)
    np.testing.assert_array_equal(numpy(first), ns["automatic"])
    np.testing.assert_allclose(numpy(second), ns["unmasked"], rtol=1e-6)


def test_the_mask_reaches_attention_inside_a_functional_model():
    keras.utils.set_random_seed(0)
    ids = keras.Input((None,), dtype="int32")
    embedded = layers.Embedding(20, 16, mask_zero=True)(ids)
    _, scores = layers.MultiHeadAttention(2, 8)(embedded, embedded,
                                                return_attention_scores=True)
    model = keras.Model(ids, scores)
    weights = numpy(model(np.array([[4, 6, 0, 0]])))
    np.testing.assert_array_equal(weights[..., 2:], 0.0)


def padding_weight(scores):
    """Total attention weight that the real queries 0-1 give to the padded keys 2-3."""
    return float(numpy(scores)[0, :, :2, 2:].sum())


def two_blocks(residual, pass_mask=False):
    """Embedding(mask_zero=True) and two attention blocks, built as usual."""
    keras.utils.set_random_seed(0)
    ids = keras.Input((None,), dtype="int32")
    x = layers.Embedding(20, 16, mask_zero=True)(ids)
    mask = ops.not_equal(ids, 0)[:, None, :] if pass_mask else None
    scores = []
    for _ in range(2):
        attended, weights = layers.MultiHeadAttention(2, 8)(
            x, x, attention_mask=mask, return_attention_scores=True)
        x = layers.LayerNormalization()(residual(x, attended))
        scores.append(weights)
    return keras.Model(ids, scores)


@pytest.mark.parametrize("residual", [lambda x, y: layers.Add()([x, y]), lambda x, y: x + y],
                         ids=["layers.Add", "plus operator"])
def test_only_the_first_block_gets_the_automatic_mask(residual):
    ids = np.array([[4, 6, 0, 0]])
    first, second = two_blocks(residual)(ids)
    assert padding_weight(first) == 0.0
    assert padding_weight(second) > 0.5  # the second block attends to padding
    first, second = two_blocks(residual, pass_mask=True).predict(ids, verbose=0)
    assert padding_weight(first) == padding_weight(second) == 0.0  # explicit mask: fixed


def test_two_layers_reading_one_masked_tensor_get_one_mask_between_them():
    keras.utils.set_random_seed(0)
    ids = keras.Input((None,), dtype="int32")
    embedded = layers.Embedding(20, 16, mask_zero=True)(ids)
    scores = [layers.MultiHeadAttention(2, 8)(embedded, embedded, return_attention_scores=True)[1]
              for _ in range(2)]
    weights = sorted(padding_weight(w) for w in keras.Model(ids, scores)(np.array([[4, 6, 0, 0]])))
    assert weights[0] == 0.0 and weights[1] > 0.5


def test_flash_attention_cannot_return_scores():
    attention = layers.MultiHeadAttention(2, 4, flash_attention=True)
    x = np.zeros((1, 3, 8), "float32")
    with pytest.raises(ValueError, match="not supported when flash attention"):
        attention(x, x, return_attention_scores=True)


def test_asking_for_scores_skips_the_fused_kernel(monkeypatch):
    from keras.src.layers.attention import multi_head_attention as module

    calls, fused = [], module.ops.dot_product_attention
    monkeypatch.setattr(module.ops, "dot_product_attention",
                        lambda *args, **kwargs: calls.append(1) or fused(*args, **kwargs))
    attention = layers.MultiHeadAttention(2, 4)
    x = np.zeros((1, 3, 8), "float32")
    attention(x, x)
    assert len(calls) == 1
    attention(x, x, return_attention_scores=True)
    assert len(calls) == 1
