"""Facts stated on docs/transformers/self_attention.md."""

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def order(snippet):
    return snippet("snippets/transformers/self_attention_order.py")


def _np(tensor):
    return keras.ops.convert_to_numpy(tensor)


def test_mha_x_x_is_query_key_value_all_x(order):
    ns = order.namespace
    np.testing.assert_array_equal(ns["short_call"], ns["explicit"])
    assert "mha(x, x) == mha(query=x, value=x, key=x): True" in order.stdout


def test_any_permutation_of_the_tokens_permutes_the_output_rows(order):
    import itertools

    mha, x = order.namespace["mha"], order.namespace["x"]
    out = _np(mha(x, x))
    perms = list(itertools.permutations(range(x.shape[1])))
    assert len(perms) == 24  # every permutation of the 4 tokens
    for perm in map(list, perms):
        np.testing.assert_allclose(_np(mha(x[:, perm], x[:, perm])), out[:, perm],
                                   rtol=1e-5, atol=1e-6)


def test_dog_bites_man_and_man_bites_dog_are_indistinguishable(order):
    ns = order.namespace
    perm = ns["perm"]
    assert [ns["sentence"][i] for i in perm] == ns["swapped"]
    np.testing.assert_allclose(ns["out_swapped"], ns["out"][perm], rtol=1e-5, atol=1e-6)
    # the same set of vectors: any pooled summary (here the mean) is the same
    np.testing.assert_allclose(ns["out_swapped"].mean(axis=0), ns["out"].mean(axis=0),
                               rtol=1e-5, atol=1e-6)
    # and "bites", which keeps its place, gets the same output in both sentences
    np.testing.assert_allclose(ns["out_swapped"][1], ns["out"][1], rtol=1e-5, atol=1e-6)


def test_the_weights_are_the_same_matrix_with_rows_and_columns_permuted(order):
    ns = order.namespace
    perm = ns["perm"]
    np.testing.assert_allclose(ns["weights_swapped"], ns["weights"][perm][:, perm],
                               rtol=1e-5, atol=1e-7)
    (figure,) = order.figures
    assert [ax.get_title() for ax in figure.axes] == ["dog bites man", "man bites dog"]
    labels = [[t.get_text() for t in ax.get_xticklabels()] for ax in figure.axes]
    assert labels == [ns["sentence"], ns["swapped"]]


def test_positional_encoding_breaks_the_symmetry(order):
    ns = order.namespace
    gap = np.abs(ns["out_pe_swapped"] - ns["out_pe"][ns["perm"]]).max()
    assert gap > 0.1
    assert not np.allclose(ns["out_pe_swapped"].mean(axis=0), ns["out_pe"].mean(axis=0),
                           atol=1e-3)


def test_self_attention_weights_are_square(order):
    assert order.namespace["weights"].shape == (3, 3)


def test_a_causal_mask_hides_later_tokens():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, 6, 8)).astype("float32")
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=4)
    out, weights = mha(x, x, use_causal_mask=True, return_attention_scores=True)
    weights = _np(weights)
    for head in range(2):
        assert np.all(np.triu(weights[0, head], k=1) == 0)  # nothing above the diagonal
    for t in range(1, 6):  # change every token from position t on
        changed = x.copy()
        changed[:, t:] = rng.normal(size=(1, 6 - t, 8))
        out_changed = mha(changed, changed, use_causal_mask=True)
        np.testing.assert_allclose(_np(out_changed)[:, :t], _np(out)[:, :t],
                                   rtol=1e-5, atol=1e-6)
    changed = x.copy()
    changed[:, 4:] = rng.normal(size=(1, 2, 8))  # change the last two tokens
    # without the mask, early tokens see the change
    plain, plain_changed = _np(mha(x, x)), _np(mha(changed, changed))
    assert not np.allclose(plain[:, :4], plain_changed[:, :4], atol=1e-4)


def test_with_a_causal_mask_order_matters_even_without_positions():
    keras.utils.set_random_seed(0)
    mha = layers.MultiHeadAttention(2, 4)
    x = np.random.default_rng(0).normal(size=(1, 5, 8)).astype("float32")
    reverse = np.arange(5)[::-1]
    for causal, equivariant in ((False, True), (True, False)):
        out = keras.ops.convert_to_numpy(mha(x, x, use_causal_mask=causal))
        permuted = keras.ops.convert_to_numpy(
            mha(x[:, reverse], x[:, reverse], use_causal_mask=causal))
        assert np.allclose(permuted, out[:, reverse], atol=1e-5) == equivariant
