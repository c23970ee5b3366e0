"""Facts stated on docs/text/word_embeddings.md."""

import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers


@pytest.fixture(scope="module")
def lookup(snippet):
    return snippet("snippets/text/word_embeddings_lookup.py")


@pytest.fixture(scope="module")
def sentiment(snippet):
    return snippet("snippets/text/word_embeddings_sentiment.py")


def test_lookup_equals_one_hot_times_the_weights(lookup):
    ns = lookup.namespace
    np.testing.assert_array_equal(ns["looked_up"], ns["by_matmul"])
    np.testing.assert_array_equal(ns["looked_up"][0, 0], ns["W"][3])
    assert ns["looked_up"].shape == ns["ids"].shape + (ns["dim"],)


@pytest.mark.parametrize("vocab_size, dim", [(1, 1), (10, 3), (1000, 64), (20_000, 300)])
def test_parameter_count_is_v_times_d(vocab_size, dim):
    embedding = layers.Embedding(vocab_size, dim)
    embedding.build()
    assert embedding.count_params() == vocab_size * dim
    assert tuple(embedding.embeddings.shape) == (vocab_size, dim)


def test_printed_parameter_count_agrees(lookup):
    assert "parameters: 30  V x D = 30" in lookup.stdout


def test_default_initializer_is_uniform_plus_minus_005(lookup):
    initializer = lookup.namespace["embedding"].embeddings_initializer
    assert isinstance(initializer, keras.initializers.RandomUniform)
    assert (initializer.minval, initializer.maxval) == (-0.05, 0.05)
    assert np.abs(lookup.namespace["W"]).max() <= 0.05


def test_dense_without_bias_on_one_hot_is_the_same_layer():
    keras.utils.set_random_seed(0)
    embedding = layers.Embedding(7, 4)
    ids = np.array([[0, 3, 6, 3]])
    embedding.build()
    dense = layers.Dense(4, use_bias=False)
    dense.build((None, 7))
    dense.set_weights(embedding.get_weights())
    one_hot = np.eye(7, dtype="float32")[ids]
    np.testing.assert_allclose(keras.ops.convert_to_numpy(dense(one_hot)),
                               keras.ops.convert_to_numpy(embedding(ids)), rtol=0, atol=0)
    assert dense.count_params() == embedding.count_params()


def test_the_sheets_input_length_only_warns_and_is_ignored(lookup):
    """The sheet's command, run as written (with sizes filled in)."""
    vocab_size, dim, sequence_length = 100, 8, 10
    model = keras.Sequential()
    with pytest.warns(UserWarning, match="`input_length` is deprecated"):
        model.add(layers.Embedding(
            input_dim=vocab_size,      # Vocabulary size
            output_dim=dim,     # Embedding dimension
            input_length=sequence_length    # Sequence length
        ))
    assert not model.built  # Keras 2 built the model from input_length; Keras 3 does not
    assert "input_length" not in model.layers[0].get_config()
    # nothing enforces the length: other lengths go through
    assert tuple(model(np.ones((2, 3), dtype="int32")).shape) == (2, 3, dim)
    assert "UserWarning - Argument `input_length` is deprecated" in lookup.stdout
    assert "model built after add(): False" in lookup.stdout


def test_flatten_after_an_embedding_needs_a_fixed_length():
    layers_ = [layers.Embedding(20, 4), layers.Flatten(), layers.Dense(1)]
    with pytest.raises(ValueError, match="must be fully-defined"):
        keras.Sequential([keras.Input((None,), dtype="int32"), *layers_])
    fixed = keras.Sequential([keras.Input((6,), dtype="int32"), layers.Embedding(20, 4),
                              layers.Flatten(), layers.Dense(1)])
    assert fixed.output_shape == (None, 1)


def test_input_dim_is_the_vocabulary_size_with_padding_and_unk(sentiment):
    ns = sentiment.namespace
    assert ns["vectorize"].vocabulary_size() == len(ns["vocab"]) == ns["embedding"].input_dim


def test_without_input_length_there_is_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layers.Embedding(input_dim=100, output_dim=8)


def test_an_id_outside_the_table_raises_on_cpu():
    embedding = layers.Embedding(10, 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="not in \\[0, 10\\)"):
        embedding(np.array([[10]]))


def test_unknown_words_map_to_the_unk_id_one_for_every_encoding():
    vectorize = layers.TextVectorization()
    vectorize.adapt(["the movie was great"])
    ids = keras.ops.convert_to_numpy(vectorize(["the film was superb"]))[0]
    assert ids[1] == ids[3] == 1 and vectorize.get_vocabulary()[1] == "[UNK]"


def test_training_separates_positive_from_negative_adjectives(sentiment):
    ns = sentiment.namespace
    assert ns["within"].mean() > 0.5
    assert ns["between"].mean() < 0
    assert ns["within"].mean() > ns["between"].mean() + 1


def test_pc1_is_the_sentiment_axis(sentiment):
    ns = sentiment.namespace
    pc1 = ns["xy"][:, 0]
    positive, negative = pc1[:10], pc1[10:20]
    assert (np.sign(positive) == np.sign(positive[0])).all()
    assert (np.sign(negative) == -np.sign(positive[0])).all()
    assert ns["explained"][0] > 0.9  # the task needs one direction, and that is what it learns


def test_neutral_nouns_sit_near_the_middle(sentiment):
    spread = sentiment.namespace["spread"]
    assert spread["neutral (nouns)"] < 0.5 * min(spread["positive"], spread["negative"])


def test_averaging_fails_on_negation(sentiment):
    """The errors are the sentences with "not": an average of word vectors has no order."""
    ns = sentiment.namespace
    assert ns["correct"][~ns["negated"]].mean() > 0.95
    assert ns["correct"][ns["negated"]].mean() < 0.3
    assert ns["correct"].mean() == pytest.approx(ns["history"]["val_accuracy"][-1], abs=1e-6)


def test_mask_zero_reserves_id_zero_for_padding(sentiment):
    ns = sentiment.namespace
    assert ns["vocab"][0] == "" and ns["vocab"][1] == "[UNK]"
    assert ns["embedding"].mask_zero


def test_the_figure_shows_three_groups(sentiment):
    (figure,) = sentiment.figures
    (axes,) = figure.axes
    assert len(axes.collections) == 3
    assert axes.get_title().startswith("Word embeddings")


def test_lookup_equals_one_hot_times_w_for_every_id():
    keras.utils.set_random_seed(0)
    for vocab_size, dim in [(1, 1), (7, 4), (500, 16)]:
        embedding = layers.Embedding(vocab_size, dim)
        embedding.build()
        assert len(embedding.weights) == 1  # W is the layer's only weight
        W = keras.ops.convert_to_numpy(embedding.embeddings)
        ids = np.arange(vocab_size)
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(embedding(ids)),
                                      np.eye(vocab_size, dtype="float32") @ W)


def test_parameter_count_is_v_times_d_over_a_grid():
    for vocab_size in (1, 2, 5, 17, 64, 1000):
        for dim in (1, 2, 3, 8, 50, 300):
            embedding = layers.Embedding(vocab_size, dim)
            embedding.build()
            assert [tuple(w.shape) for w in embedding.weights] == [(vocab_size, dim)]
            assert embedding.count_params() == vocab_size * dim


def test_dense_without_bias_on_one_hot_equals_the_embedding_for_every_id():
    keras.utils.set_random_seed(1)
    embedding = layers.Embedding(50, 6)
    embedding.build()
    dense = layers.Dense(6, use_bias=False)
    dense.build((None, 50))
    dense.set_weights(embedding.get_weights())
    ids = np.arange(50)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(dense(np.eye(50, dtype="float32"))),
                                  keras.ops.convert_to_numpy(embedding(ids)))


def test_input_length_enforces_no_length():
    with pytest.warns(UserWarning, match="`input_length` is deprecated"):
        embedding = layers.Embedding(input_dim=100, output_dim=8, input_length=10)
    for length in range(1, 25):
        assert tuple(embedding(np.ones((2, length), dtype="int32")).shape) == (2, length, 8)


def test_every_id_of_v_or_more_raises_on_cpu_and_negative_ids_count_from_the_end():
    embedding = layers.Embedding(10, 3)
    embedding(np.arange(10)[None])  # every id in [0, V) works
    for bad in [*range(10, 40), 1000, 2**31 - 1]:
        with pytest.raises(tf.errors.InvalidArgumentError, match="not in \\[0, 10\\)"):
            embedding(np.array([[bad]]))
    W = keras.ops.convert_to_numpy(embedding.embeddings)
    for negative in range(-10, 0):  # no error: a numpy-style index from the end
        np.testing.assert_array_equal(
            keras.ops.convert_to_numpy(embedding(np.array([[negative]])))[0, 0], W[negative])
    with pytest.raises(tf.errors.InvalidArgumentError):
        embedding(np.array([[-11]]))


def test_same_polarity_near_1_and_opposite_polarity_opposite(sentiment):
    ns = sentiment.namespace
    assert ns["within"].mean() > 0.9
    assert ns["between"].mean() < -0.9
