"""Facts stated on docs/text/text_encoding_comparison.md."""

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def sizes(snippet):
    return snippet("snippets/text/text_encoding_comparison_sizes.py")


def test_one_hot_has_v_numbers_per_token_and_one_minus_one_over_v_zeros(sizes):
    ns = sizes.namespace
    assert ns["one_hot"].shape == (4000, ns["length"], ns["V"])
    assert ns["zeros"] == pytest.approx(1 - 1 / ns["V"], abs=1e-9)
    assert (ns["one_hot"][ns["real"]].sum(axis=-1) == 1).all()  # exactly one 1 per token


def test_embedding_has_d_dense_numbers_per_token(sizes):
    ns = sizes.namespace
    assert ns["dense"].shape == (4000, ns["length"], ns["D"])
    assert np.mean(ns["dense"][ns["real"]] == 0) == 0


def test_memory_ratio_is_v_over_d(sizes):
    ns = sizes.namespace
    assert ns["one_hot"].nbytes / ns["dense"].nbytes == pytest.approx(ns["V"] / ns["D"])


def test_embedding_parameters_are_v_times_d_and_frozen_ones_are_not_trained(sizes):
    ns = sizes.namespace
    assert ns["embedding"].count_params() == ns["V"] * ns["D"]
    assert ns["frozen"].trainable_weights == []
    assert ns["frozen"].count_params() == ns["V"] * ns["D"]


def test_the_sheets_99_9_percent_zeros_is_a_vocabulary_of_1000(sizes):
    assert "V =   1,000: one-hot zeros 99.900%" in sizes.stdout
    assert sizes.namespace["zeros"] < 0.999  # the shipped vocabulary is smaller


def test_distinct_one_hot_vectors_are_orthogonal(sizes):
    rows = sizes.namespace["rows"]
    assert rows[0] @ rows[1] == 0 and rows[0] @ rows[2] == 0
    eye = np.eye(sizes.namespace["V"])
    np.testing.assert_array_equal(eye @ eye.T, np.eye(sizes.namespace["V"]))


def test_one_hot_has_the_oov_problem_too(sizes):
    ns = sizes.namespace
    assert ns["unknown"][0, 2] == ns["unknown"][1, 2] == 1
    assert ns["vectorize"].get_vocabulary()[1] == "[UNK]"
    one_hot = keras.ops.convert_to_numpy(keras.ops.one_hot(ns["unknown"][:, 2], ns["V"]))
    np.testing.assert_array_equal(one_hot[0], one_hot[1])  # two words, one vector


def test_dense_layer_on_one_hot_has_the_same_parameters_as_an_embedding(sizes):
    V, D = sizes.namespace["V"], sizes.namespace["D"]
    dense = layers.Dense(D, use_bias=False)
    dense.build((None, V))
    assert dense.count_params() == V * D
