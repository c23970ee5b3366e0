"""Facts stated on docs/sequence_models/sequence_masking.md."""

import warnings

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def lstm_pooling(snippet):
    return snippet("snippets/sequence_models/sequence_masking_lstm_pooling.py")


@pytest.fixture(scope="module")
def attention(snippet):
    return snippet("snippets/sequence_models/sequence_masking_attention.py")


@pytest.fixture(scope="module")
def loss(snippet):
    return snippet("snippets/sequence_models/sequence_masking_loss.py")


@pytest.mark.parametrize("padding", ["pre", "post"])
def test_masking_restores_the_unpadded_lstm_output_and_average(lstm_pooling, padding):
    ns = lstm_pooling.namespace
    lstm_out, mean_out = ns["results"]["mask_zero=True", padding]
    np.testing.assert_allclose(lstm_out, ns["lstm_ref"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(mean_out, ns["mean_ref"], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("padding", ["pre", "post"])
def test_without_masking_padding_changes_both(lstm_pooling, padding):
    ns = lstm_pooling.namespace
    lstm_out, mean_out = ns["results"]["mask_zero=False", padding]
    assert np.abs(lstm_out - ns["lstm_ref"]).max() > 0.05
    assert np.abs(mean_out - ns["mean_ref"]).max() > 0.05


def test_post_padding_moves_an_unmasked_lstm_more_than_pre_padding_here(lstm_pooling):
    ns = lstm_pooling.namespace
    change = {p: np.abs(ns["results"]["mask_zero=False", p][0] - ns["lstm_ref"]).max()
              for p in ("pre", "post")}
    assert change["post"] > change["pre"]


def test_the_unmasked_average_divides_by_all_ten_steps(lstm_pooling):
    ns = lstm_pooling.namespace
    table = keras.ops.convert_to_numpy(ns["plain"].layers[1].embeddings)
    ids = keras.utils.pad_sequences(ns["tokens"], maxlen=10)
    np.testing.assert_allclose(ns["results"]["mask_zero=False", "pre"][1],
                               table[ids].mean(axis=1), rtol=1e-5)


def test_masking_layer_masks_steps_whose_features_all_equal_mask_value(lstm_pooling):
    ns = lstm_pooling.namespace
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(ns["mask"])[0],
                                  [True] * 4 + [False] * 6)
    np.testing.assert_allclose(ns["series_masked"], ns["series_ref"], rtol=1e-5, atol=1e-6)
    assert np.abs(ns["series_plain"] - ns["series_ref"]).max() > 0.01
    partly_zero = np.array([[[0.0, 1.0], [0.0, 0.0]]], dtype="float32")
    mask = layers.Masking(mask_value=0.0).compute_mask(partly_zero)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(mask), [[True, False]])


def test_defaults_mask_zero_false_and_mask_value_zero():
    assert layers.Embedding(10, 4).get_config()["mask_zero"] is False
    assert layers.Masking().get_config()["mask_value"] == 0.0


def test_the_sheets_filled_commands_build_and_mask():
    vocab_size, embedding_dim = 10, 4
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              layers.Embedding(input_dim=vocab_size,
                                               output_dim=embedding_dim, mask_zero=True)])
    mask = model.layers[0].compute_mask(np.array([[3, 1, 0, 0]]))
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(mask), [[True, True, False, False]])
    masking = keras.Sequential([keras.Input((None, 2)), layers.Masking(mask_value=0.0)])
    assert masking.layers[0].mask_value == 0.0


def test_mask_zero_reserves_id_zero_so_input_dim_is_vocabulary_plus_one():
    embedding = layers.Embedding(input_dim=4, output_dim=2, mask_zero=True)  # ids 1..3 + pad
    mask = embedding.compute_mask(np.array([[0, 1, 2, 3]]))
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(mask), [[False, True, True, True]])


def test_padded_keys_get_zero_attention_weight_only_with_the_mask(attention):
    ns = attention.namespace
    ids = ns["ids"]
    assert ids.tolist() == [[4, 9, 2, 0, 0]]
    masked = keras.ops.convert_to_numpy(ns["masked"](ids))
    plain = keras.ops.convert_to_numpy(ns["plain"](ids))
    assert masked.shape == (1, 2, 5, 5)
    assert np.all(masked[:, :, :, 3:] == 0)  # every head, every query
    np.testing.assert_allclose(masked[:, :, :3].sum(axis=-1), 1, rtol=1e-5)
    assert np.all(plain[:, :, :3, 3:] > 0.01)


def test_padded_query_rows_are_all_zero(attention):
    ns = attention.namespace
    masked = keras.ops.convert_to_numpy(ns["masked"](ns["ids"]))
    assert np.all(masked[:, :, 3:] == 0)


def test_attention_output_carries_the_mask_on():
    ids = keras.utils.pad_sequences([[4, 9, 2]], maxlen=5, padding="post")
    x = layers.Embedding(10, 8, mask_zero=True)(ids)
    out = layers.MultiHeadAttention(num_heads=2, key_dim=4)(x, x)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(out._keras_mask),
                                  [[True, True, True, False, False]])


# The masked loss is about 1e-3: -log(p) of probabilities near 1, whose float32 rounding (6e-8)
# is 5e-5 of it. With oneDNN on, the two sides differed by 1.3e-8 (CONTRIBUTING.md, "Numbers that
# hold on any machine"), so they are compared to that absolute precision, not to 1e-5 of the loss.
FLOAT32_NEAR_ONE = 1e-7


def test_masked_loss_equals_the_loss_over_real_tokens(loss):
    ns = loss.namespace
    masked = ns["masked"].evaluate(ns["x"], ns["y"], batch_size=len(ns["x"]), verbose=0)
    assert masked == pytest.approx(ns["reference"], rel=1e-5, abs=FLOAT32_NEAR_ONE)
    assert f"mask_zero=True:  {ns['reference']:.4f}" in loss.stdout


def test_unmasked_loss_also_scores_padded_steps(loss):
    ns = loss.namespace
    plain = ns["plain"].evaluate(ns["x"], ns["y"], batch_size=len(ns["x"]), verbose=0)
    assert abs(plain - ns["reference"]) > 0.05


def test_masked_loss_is_the_sum_over_real_steps_divided_by_their_count(loss):
    ns = loss.namespace
    model, x, y = ns["masked"], ns["x"], ns["y"]
    probabilities = keras.ops.convert_to_numpy(model(x))
    per_step = -np.log(np.take_along_axis(probabilities, y[..., None], axis=-1))[..., 0]
    real = x != 0
    computed = float(model.compute_loss(x, y, model(x)))
    assert computed == pytest.approx(per_step[real].sum() / real.sum(), rel=1e-5,
                                     abs=FLOAT32_NEAR_ONE)


@pytest.mark.parametrize("make_layer", [lambda: layers.Conv1D(2, 2), layers.Flatten])
def test_a_layer_without_mask_support_warns_and_drops_the_mask(make_layer):
    ids = np.array([[3, 4, 0, 0]])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        x = layers.Embedding(10, 4, mask_zero=True)(ids)
        out = make_layer()(x)
    assert any("does not support masking and will therefore destroy the mask"
               in str(w.message) for w in caught)
    assert getattr(out, "_keras_mask", None) is None


class Scale(layers.Layer):
    def call(self, x):
        return 2 * x


class MaskAwareScale(Scale):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True


def test_a_custom_layer_passes_the_mask_on_only_if_it_supports_masking():
    ids = np.array([[3, 4, 0, 0]])
    x = layers.Embedding(10, 4, mask_zero=True)(ids)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert getattr(Scale()(x), "_keras_mask", None) is None
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(MaskAwareScale()(x)._keras_mask), [[True, True, False, False]])


@pytest.mark.parametrize("recurrent_layer", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_a_masked_step_carries_the_state_over(recurrent_layer):
    keras.utils.set_random_seed(0)
    ids = np.array([[3, 4, 0, 0, 5]])  # a masked gap in the middle
    x = layers.Embedding(10, 4, mask_zero=True)(ids)
    rnn = recurrent_layer(3, return_sequences=True)
    out = keras.ops.convert_to_numpy(rnn(x))[0]
    np.testing.assert_array_equal(out[2], out[1])
    np.testing.assert_array_equal(out[3], out[1])
    assert not np.allclose(out[4], out[1])  # the next real step updates it again


def test_unmasked_loss_is_mostly_the_loss_on_padding(loss):
    ns = loss.namespace
    model, x, y = ns["plain"], ns["x"], ns["y"]
    probabilities = keras.ops.convert_to_numpy(model(x))
    per_step = -np.log(np.take_along_axis(probabilities, y[..., None], axis=-1))[..., 0]
    padding = x == 0
    assert per_step[padding].sum() > 0.9 * per_step.sum()
    plain = model.evaluate(x, y, batch_size=len(x), verbose=0)
    assert plain == pytest.approx(per_step.mean(), rel=1e-5)


# --- "a padded batch gives the same results as each sequence alone", over a sweep -----


@pytest.mark.parametrize("padding", ["pre", "post"])
@pytest.mark.parametrize("make_layer", [
    lambda: layers.SimpleRNN(3), lambda: layers.LSTM(3), lambda: layers.GRU(3),
    lambda: layers.SimpleRNN(3, return_sequences=True), layers.GlobalAveragePooling1D,
], ids=["SimpleRNN", "LSTM", "GRU", "SimpleRNN-sequences", "average"])
def test_a_masked_padded_batch_gives_each_sequence_alone(make_layer, padding):
    """Lengths 1 to 7 in one batch padded to 9 steps: every row equals its unpadded run."""
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    embedding = layers.Embedding(20, 4, mask_zero=True)
    layer = make_layer()
    texts = [list(rng.integers(1, 20, size=n)) for n in range(1, 8)]
    batch = keras.utils.pad_sequences(texts, maxlen=9, padding=padding)
    padded = keras.ops.convert_to_numpy(layer(embedding(batch)))
    for row, text in zip(padded, texts):
        alone = keras.ops.convert_to_numpy(layer(embedding(np.array([text]))))[0]
        if row.ndim == 2:  # return_sequences: compare the real steps
            row = row[9 - len(text):] if padding == "pre" else row[:len(text)]
        np.testing.assert_allclose(row, alone, rtol=1e-5, atol=1e-6)


def test_masking_masks_a_step_exactly_when_all_its_features_equal_mask_value():
    """Every pattern of zero and non-zero features, for 1 to 4 features per step."""
    for features in range(1, 5):
        patterns = np.array(list(np.ndindex(*(2,) * features)), dtype="float32")
        steps = patterns * 0.5  # 0 stays 0, 1 becomes a non-zero value
        mask = keras.ops.convert_to_numpy(layers.Masking(mask_value=0.0).compute_mask(
            steps[None]))[0]
        np.testing.assert_array_equal(mask, patterns.any(axis=1))


class MaskPassingScale(Scale):
    def compute_mask(self, inputs, mask=None):
        return mask


def test_a_custom_layer_with_compute_mask_passes_the_mask_on():
    x = layers.Embedding(10, 4, mask_zero=True)(np.array([[3, 4, 0, 0]]))
    np.testing.assert_array_equal(
        keras.ops.convert_to_numpy(MaskPassingScale()(x)._keras_mask), [[True, True, False, False]])


def test_without_the_mask_padding_takes_a_share_of_every_tokens_attention(attention):
    ns = attention.namespace
    plain = keras.ops.convert_to_numpy(ns["plain"](ns["ids"]))
    assert np.all(plain[:, :, :, 3:] > 0.01)  # every head, every query row, padded keys
