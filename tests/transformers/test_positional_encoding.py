"""Facts stated on docs/transformers/positional_encoding.md."""

import math

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers


@pytest.fixture(scope="module")
def sinusoidal(snippet):
    return snippet("snippets/transformers/positional_encoding_sinusoidal.py")


@pytest.fixture(scope="module")
def learned(snippet):
    return snippet("snippets/transformers/positional_encoding_learned.py")


def test_sinusoidal_matches_the_paper_formula(sinusoidal):
    pe, d = sinusoidal.namespace["pe"], 128
    for pos, i in [(0, 0), (3, 0), (17, 5), (63, 63)]:
        angle = pos / 10000 ** (2 * i / d)
        assert pe[pos, 2 * i] == pytest.approx(math.sin(angle))
        assert pe[pos, 2 * i + 1] == pytest.approx(math.cos(angle))
    assert pe.shape == (64, 128)
    assert pe.min() >= -1 and pe.max() <= 1


def test_dot_product_depends_only_on_the_offset(sinusoidal):
    pe = sinusoidal.namespace["pe"]
    omega = 10000.0 ** (-2 * np.arange(64) / 128)
    for k in range(0, 64):  # every offset and every start the table holds
        dots = np.array([pe[p] @ pe[p + k] for p in range(64 - k)])
        np.testing.assert_allclose(dots, np.cos(k * omega).sum(), rtol=1e-9, atol=1e-9)


def test_every_position_gets_a_distinct_pattern(sinusoidal):
    pe = sinusoidal.namespace["sinusoidal_encoding"](length=2048, d_model=128)
    squared = (pe**2).sum(axis=1)
    distance2 = squared[:, None] + squared[None, :] - 2 * pe @ pe.T
    np.fill_diagonal(distance2, np.inf)
    assert distance2.min() > 1e-3


def test_heatmap_is_positions_by_dimensions(sinusoidal):
    (figure,) = sinusoidal.figures
    (image,) = figure.axes[0].get_images()
    assert image.get_array().shape == (128, 64)


def test_learned_layer_works_for_any_length_up_to_the_maximum(learned):
    embed = learned.namespace["embed"]
    for length in range(1, 33):
        assert tuple(embed(np.ones((2, length), dtype="int32")).shape) == (2, length, 16)


def test_both_tables_are_trainable_weights(learned):
    embed = learned.namespace["embed"]
    assert [w.path for w in embed.trainable_weights] == [
        embed.token_embedding.embeddings.path, embed.position_embedding.embeddings.path]


def test_training_changes_exactly_the_positions_seen(learned):
    ns = learned.namespace
    changed = np.flatnonzero(np.abs(ns["after"] - ns["before"]).sum(axis=1) > 0)
    np.testing.assert_array_equal(changed, np.arange(12))


def test_padding_mask_is_passed_on(learned):
    embed = learned.namespace["embed"]
    ids = np.array([[5, 6, 0, 0]])
    mask = keras.ops.convert_to_numpy(embed.compute_mask(ids))
    np.testing.assert_array_equal(mask, [[True, True, False, False]])


def test_layer_saves_and_loads_back(learned, tmp_path):
    model = learned.namespace["model"]
    ids = np.random.default_rng(3).integers(1, 50, size=(3, 9))
    model.save(tmp_path / "model.keras")
    loaded = keras.saving.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(loaded.predict(ids, verbose=0), model.predict(ids, verbose=0))


def test_the_sheets_positions_are_a_constant_that_never_trains():
    """The course sheet's code, run as written (apart from the sizes)."""
    vocab_size, max_seq_len, d_model = 50, 16, 8
    inputs = keras.Input((max_seq_len,))
    token_embed = layers.Embedding(vocab_size, d_model)(inputs)
    positions = tf.range(max_seq_len)
    pos_embed = layers.Embedding(max_seq_len, d_model)(positions)
    model = keras.Model(inputs, token_embed + pos_embed)
    assert not isinstance(pos_embed, keras.KerasTensor)  # computed once, eagerly
    assert len(model.trainable_weights) == 1  # the token table only

    short_inputs = keras.Input((None,))
    short = keras.Model(short_inputs, layers.Embedding(vocab_size, d_model)(short_inputs) + pos_embed)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
        short(np.ones((2, 5)))


def test_without_compute_mask_the_padding_mask_is_lost(learned):
    ids = np.array([[5, 6, 0, 0]])
    assert getattr(learned.namespace["embed"](ids), "_keras_mask", None) is not None

    class WithoutComputeMask(learned.namespace["TokenAndPositionEmbedding"]):
        def compute_mask(self, token_ids, mask=None):
            return layers.Layer.compute_mask(self, token_ids, mask)

    assert getattr(WithoutComputeMask(50, 32, 16)(ids), "_keras_mask", None) is None


@pytest.mark.parametrize("length", [33, 34, 40, 64, 100])
def test_a_learned_table_has_no_row_past_max_length(learned, length):
    with pytest.raises(tf.errors.InvalidArgumentError):
        learned.namespace["embed"](np.ones((1, length), dtype="int32"))


def test_low_dimensions_oscillate_faster_than_high_ones(sinusoidal):
    pe = sinusoidal.namespace["sinusoidal_encoding"](length=1024, d_model=128)
    sign_changes = [(np.diff(np.sign(pe[:, dim])) != 0).sum() for dim in range(0, 128, 2)]
    assert sign_changes == sorted(sign_changes, reverse=True) and sign_changes[0] > sign_changes[-1]


def test_the_sheets_positions_add_up_only_for_exactly_max_seq_len_tokens():
    vocab_size, max_seq_len, d_model = 50, 16, 8
    pos_embed = layers.Embedding(max_seq_len, d_model)(tf.range(max_seq_len))
    inputs = keras.Input((None,))
    model = keras.Model(inputs, layers.Embedding(vocab_size, d_model)(inputs) + pos_embed)
    for length in range(1, 25):
        try:
            shape = tuple(model(np.ones((2, length))).shape)
        except tf.errors.InvalidArgumentError:
            shape = None  # incompatible shapes
        assert (shape == (2, length, d_model)) is (length == max_seq_len), (length, shape)
