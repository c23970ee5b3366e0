"""Facts stated on docs/text/pretrained_embeddings.md."""

import json

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def load(snippet):
    return snippet("snippets/text/pretrained_embeddings_load.py")


@pytest.fixture(scope="module")
def small_data(snippet):
    return snippet("snippets/text/pretrained_embeddings_small_data.py")


def test_file_is_glove_text_format(load):
    ns = load.namespace
    assert len(ns["pretrained"]) == 128 and ns["dim"] == 50
    assert all(v.shape == (50,) for v in ns["pretrained"].values())


def test_rows_are_aligned_with_the_vocabulary(load):
    ns = load.namespace
    table = ns["embedding"].get_weights()[0]
    for i, word in enumerate(ns["vocab"]):
        expected = ns["pretrained"].get(word, np.zeros(50))
        np.testing.assert_array_equal(table[i], expected)
    assert ns["vocab"][ns["ids"].numpy()[0, 2]] == "superb"
    np.testing.assert_array_equal(ns["vectors"][2], ns["pretrained"]["superb"])


def test_words_without_a_vector_padding_and_unk_are_zero_rows(load):
    ns = load.namespace
    table = ns["embedding"].get_weights()[0]
    assert ns["vocab"][:2] == ["", "[UNK]"]
    zero_rows = {ns["vocab"][i] for i in np.flatnonzero(~table.any(axis=1))}
    assert zero_rows == set(ns["missing"]) and {"", "[UNK]", "not"} <= zero_rows


def test_frozen_layer_has_no_trainable_weights(load):
    embedding = load.namespace["embedding"]
    assert embedding.trainable_weights == [] and len(embedding.non_trainable_weights) == 1


def test_pretrained_vectors_know_superb_is_like_great(load):
    assert "nearest to superb in the pretrained vectors: lovely brilliant great" in load.stdout
    unit = load.namespace["unit"]
    assert unit["superb"] @ unit["great"] > unit["superb"] @ unit["awful"] + 0.3


def test_train_and_test_adjectives_do_not_overlap(small_data):
    ns = small_data.namespace
    train_words = {w for _, s in ns["train"] for w in s.split()}
    test_words = {w for _, s in ns["test"] for w in s.split()}
    assert not ns["unseen"] & train_words
    assert not ns["seen"] & test_words
    assert len(ns["train"]) == 48


def test_sentiment_cue_is_the_adjective_only(small_data):
    ns = small_data.namespace
    for _, sentence in ns["train"] + ns["test"]:
        assert "not" not in sentence.split() and "felt" not in sentence.split()


def test_pretrained_beats_random_by_a_clear_margin(small_data):
    results = small_data.namespace["results"]
    assert results["random init, trained"] < 0.6  # chance: it never saw these adjectives
    assert results["pretrained, frozen"] > 0.8
    assert results["pretrained, frozen"] > results["random init, trained"] + 0.25


def test_training_the_pretrained_table_from_the_start_loses_the_benefit(small_data):
    results = small_data.namespace["results"]
    assert results["pretrained, trainable from the start"] < results["pretrained, frozen"] - 0.2


def _relative_moves(ns, table):
    index = {w: i for i, w in enumerate(ns["vocab"])}
    rows = [index[w] for w in ns["seen"]]
    moved = np.linalg.norm(table[rows] - ns["matrix"][rows], axis=1)
    return moved / np.linalg.norm(ns["matrix"][rows], axis=1)


def test_training_from_the_start_moves_seen_rows_far_fine_tuning_slightly(small_data):
    ns = small_data.namespace
    from_start = _relative_moves(ns, ns["trainable"].get_weights()[0])
    fine_tuned = _relative_moves(ns, ns["after_tuning"])
    assert from_start.mean() > 1  # further than the rows' own length
    assert fine_tuned.mean() < 0.3


def test_frozen_weights_do_not_change_and_fine_tuned_weights_do(small_data):
    ns = small_data.namespace
    np.testing.assert_array_equal(ns["after_frozen"], ns["matrix"])
    assert not np.array_equal(ns["after_tuning"], ns["matrix"])
    assert abs(ns["results"]["pretrained, then fine-tuned"]
               - ns["results"]["pretrained, frozen"]) < 0.03


def test_fine_tuning_moves_exactly_the_rows_of_training_words(small_data):
    ns = small_data.namespace
    train_words = {w for _, s in ns["train"] for w in s.split()}
    changed = {ns["vocab"][i] for i in ns["changed"]}
    assert changed == train_words
    assert not changed & ns["unseen"]
    zero_rows = {w for w in ns["vocab"] if w not in ns["pretrained"]}
    assert changed & zero_rows  # rows that started at zero are trained too


def test_a_vocabulary_from_the_training_sentences_alone_loses_the_test_words(small_data):
    ns = small_data.namespace
    train_only = layers.TextVectorization()
    train_only.adapt([s for _, s in ns["train"]])
    ids = keras.ops.convert_to_numpy(train_only(sorted(ns["unseen"])))[:, 0]
    assert (ids == 1).all()  # every test-only adjective would be [UNK]


def test_changing_trainable_needs_a_recompile():
    keras.utils.set_random_seed(0)
    embedding = layers.Embedding(10, 4, trainable=False)
    model = keras.Sequential([keras.Input((3,), dtype="int32"), embedding,
                              layers.GlobalAveragePooling1D(), layers.Dense(1)])
    model.compile("adam", "mse")
    x, y = np.random.default_rng(0).integers(0, 10, (32, 3)), np.ones((32, 1))
    model.fit(x, y, epochs=1, verbose=0)
    before = embedding.get_weights()[0].copy()
    embedding.trainable = True
    model.fit(x, y, epochs=1, verbose=0)
    np.testing.assert_array_equal(embedding.get_weights()[0], before)  # still frozen
    model.compile("adam", "mse")
    model.fit(x, y, epochs=1, verbose=0)
    assert not np.array_equal(embedding.get_weights()[0], before)


def test_constant_initializer_stores_the_whole_matrix_in_the_config():
    matrix = np.arange(12, dtype="float32").reshape(4, 3)
    constant = layers.Embedding(4, 3, embeddings_initializer=keras.initializers.Constant(matrix))
    text = json.dumps(keras.saving.serialize_keras_object(constant.get_config()))
    assert "[9.0, 10.0, 11.0]" in text
    with_weights = layers.Embedding(4, 3, weights=matrix)
    with_weights.build()
    np.testing.assert_array_equal(with_weights.get_weights()[0], matrix)
    assert "9.0" not in json.dumps(keras.saving.serialize_keras_object(
        with_weights.get_config()))


def test_a_fine_tuned_layer_trains_all_v_times_d_numbers(small_data):
    ns = small_data.namespace
    embedding = ns["frozen"]  # unfrozen and recompiled by the snippet
    assert embedding.trainable
    assert sum(int(np.prod(w.shape)) for w in embedding.trainable_weights) == len(ns["vocab"]) * 50


def test_a_zero_row_leaves_the_direction_of_the_masked_average_unchanged():
    """Appending a zero-vector word scales the average by n / (n + 1) and nothing else."""
    rng = np.random.default_rng(0)
    table = np.vstack([np.zeros((2, 5)), rng.normal(size=(10, 5))]).astype("float32")
    table[2] = 0  # a word the file does not have
    embedding = layers.Embedding(12, 5, mask_zero=True,
                                 embeddings_initializer=keras.initializers.Constant(table))
    pool = layers.GlobalAveragePooling1D()
    for n in range(1, 8):
        ids = rng.integers(3, 12, size=n)
        without = keras.ops.convert_to_numpy(pool(embedding(ids[None])))[0]
        with_zero = keras.ops.convert_to_numpy(pool(embedding(np.r_[ids, 2][None])))[0]
        np.testing.assert_allclose(with_zero, without * n / (n + 1), rtol=1e-5, atol=1e-7)


def test_training_from_the_start_moves_every_seen_row_further_than_its_length(small_data):
    ns = small_data.namespace
    assert _relative_moves(ns, ns["trainable"].get_weights()[0]).min() > 1
