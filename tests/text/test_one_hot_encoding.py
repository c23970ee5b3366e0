"""Facts stated on docs/text/one_hot_encoding.md."""

import itertools

import keras
import numpy as np
import pytest
import tensorflow as tf


@pytest.fixture(scope="module")
def vectors(snippet):
    return snippet("snippets/text/one_hot_encoding_vectors.py")


@pytest.fixture(scope="module")
def sparsity(snippet):
    return snippet("snippets/text/one_hot_encoding_sparsity.py")


def test_dimension_is_the_vocabulary_size_with_the_unknown_slot(vectors):
    ns = vectors.namespace
    assert ns["one_hot"].shape == (len(ns["vocabulary"]), ns["V"])
    assert ns["V"] == len(ns["vocabulary"]) + 1
    assert ns["lookup"].get_vocabulary()[0] == "[UNK]"


def test_each_vector_has_a_single_1_at_the_words_id(vectors):
    ns = vectors.namespace
    np.testing.assert_array_equal(ns["one_hot"].sum(axis=1), 1)
    ids = keras.ops.convert_to_numpy(
        keras.layers.StringLookup(vocabulary=ns["vocabulary"])(np.array(ns["vocabulary"])))
    np.testing.assert_array_equal(ns["one_hot"].argmax(axis=1), ids)


def test_the_fraction_of_zeros_is_one_minus_one_over_v_for_every_v_up_to_300():
    for V in range(1, 301):
        one_hot = keras.ops.convert_to_numpy(keras.ops.one_hot(np.arange(V), V))
        assert (one_hot.sum(axis=1) == 1).all()  # exactly one non-zero entry
        assert np.mean(one_hot == 0) == pytest.approx(1 - 1 / V, abs=1e-12)


def test_the_snippets_fraction_of_zeros(vectors, sparsity):
    for run in (vectors, sparsity):
        V = run.namespace["V"]
        assert np.mean(run.namespace["one_hot"] == 0) == pytest.approx(1 - 1 / V, abs=1e-12)


def test_every_pair_of_different_words_has_cosine_0(vectors):
    ns = vectors.namespace
    one_hot = ns["one_hot"]
    for i, j in itertools.combinations(range(len(one_hot)), 2):
        assert ns["cosine"][i, j] == 0.0
        assert one_hot[i] @ one_hot[j] == 0.0
    np.testing.assert_array_equal(np.diag(ns["cosine"]), 1.0)


def test_every_pair_of_different_words_is_at_distance_sqrt_2(vectors):
    one_hot = vectors.namespace["one_hot"]
    for i, j in itertools.combinations(range(len(one_hot)), 2):
        assert np.linalg.norm(one_hot[i] - one_hot[j]) == pytest.approx(np.sqrt(2))


def test_unknown_words_all_get_the_same_unk_vector(vectors):
    """The sheet's 'No unknown words' is wrong."""
    ns = vectors.namespace
    assert not set(ns["unseen"]) & set(ns["vocabulary"])
    expected = np.zeros(ns["V"])
    expected[0] = 1  # the [UNK] column
    for row in ns["oov"]:
        np.testing.assert_array_equal(row, expected)


def test_without_an_oov_slot_an_unknown_word_raises(vectors):
    strict = keras.layers.StringLookup(vocabulary=vectors.namespace["vocabulary"],
                                       output_mode="one_hot", num_oov_indices=0)
    assert strict.vocabulary_size() == len(vectors.namespace["vocabulary"])
    with pytest.raises(tf.errors.InvalidArgumentError, match="should be in vocabulary"):
        strict(np.array(["tokyo"]))


def test_the_lookup_has_no_weights_to_train(vectors):
    assert vectors.namespace["lookup"].weights == []


def test_string_lookup_one_hot_equals_ops_one_hot_of_the_ids(sparsity):
    ns = sparsity.namespace
    one_hot_layer = keras.layers.StringLookup(vocabulary=ns["lookup"].get_vocabulary()[1:],
                                              output_mode="one_hot")
    assert one_hot_layer.vocabulary_size() == ns["V"]
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(one_hot_layer(ns["words"])),
                                  ns["one_hot"])


def test_vocabulary_is_every_corpus_word_plus_unk(sparsity):
    corpus_words = set((sparsity.namespace["DATA"] / "corpus.txt").read_text().split())
    assert sparsity.namespace["V"] == len(corpus_words) + 1


def test_one_hot_times_w_is_the_embedding_lookup(sparsity):
    ns = sparsity.namespace
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(ns["embedding"].embeddings), ns["W"])
    np.testing.assert_array_equal(ns["one_hot"] @ ns["W"], ns["looked_up"])
    np.testing.assert_array_equal(ns["looked_up"], ns["W"][ns["ids"]])
    assert "one_hot @ W == Embedding(ids), exactly: True" in sparsity.stdout


def test_a_dense_layer_on_one_hot_is_an_embedding_for_every_id():
    keras.utils.set_random_seed(0)
    V, D = 12, 3
    dense = keras.layers.Dense(D, use_bias=False)
    ids = np.arange(V)
    out = keras.ops.convert_to_numpy(dense(keras.ops.one_hot(ids, V)))
    kernel = keras.ops.convert_to_numpy(dense.kernel)
    np.testing.assert_allclose(out, kernel[ids], rtol=0, atol=0)


def test_multi_hot_loses_the_word_order():
    multi = keras.layers.StringLookup(vocabulary=["dog", "bites", "man"], output_mode="multi_hot")
    a = keras.ops.convert_to_numpy(multi(np.array([["dog", "bites", "man"]])))
    b = keras.ops.convert_to_numpy(multi(np.array([["man", "bites", "dog"]])))
    np.testing.assert_array_equal(a, b)


def test_integer_ids_as_numbers_invent_an_order():
    """A Dense layer on a raw id is linear in the id: id 7 always lands between 6 and 8."""
    keras.utils.set_random_seed(0)
    dense = keras.layers.Dense(4)
    out = keras.ops.convert_to_numpy(dense(np.array([[6.0], [7.0], [8.0]])))
    np.testing.assert_allclose(out[1], (out[0] + out[2]) / 2, rtol=1e-6)


def test_the_figure_shows_one_dark_cell_per_row(sparsity):
    (figure,) = sparsity.figures
    (image,) = figure.axes[0].get_images()
    array = np.asarray(image.get_array())
    assert array.shape == (len(sparsity.namespace["words"]), sparsity.namespace["V"])
    np.testing.assert_array_equal(array.sum(axis=1), 1)
    assert figure.axes[0].get_title().startswith("One-hot rows of")
