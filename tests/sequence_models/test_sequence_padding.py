"""Facts stated on docs/sequence_models/sequence_padding.md."""

import inspect

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def modes(snippet):
    return snippet("snippets/sequence_models/sequence_padding_modes.py")


@pytest.fixture(scope="module")
def dtype(snippet):
    return snippet("snippets/sequence_models/sequence_padding_dtype.py")


SEQUENCES = [[1, 2, 3], [4, 5], [6, 7, 8, 9, 10, 11]]


def test_defaults():
    parameters = inspect.signature(keras.utils.pad_sequences).parameters
    assert {name: p.default for name, p in parameters.items() if name != "sequences"} == {
        "maxlen": None, "dtype": "int32", "padding": "pre", "truncating": "pre", "value": 0.0}


def test_no_arguments_pads_in_front_to_the_longest(modes):
    padded = modes.namespace["padded"]
    assert padded.dtype == np.int32
    np.testing.assert_array_equal(padded, [[0, 0, 0, 1, 2, 3],
                                           [0, 0, 0, 0, 4, 5],
                                           [6, 7, 8, 9, 10, 11]])


@pytest.mark.parametrize("padding, truncating, expected", [
    ("pre", "pre", [[0, 1, 2, 3], [0, 0, 4, 5], [8, 9, 10, 11]]),
    ("pre", "post", [[0, 1, 2, 3], [0, 0, 4, 5], [6, 7, 8, 9]]),
    ("post", "pre", [[1, 2, 3, 0], [4, 5, 0, 0], [8, 9, 10, 11]]),
    ("post", "post", [[1, 2, 3, 0], [4, 5, 0, 0], [6, 7, 8, 9]]),
])
def test_the_four_modes(modes, padding, truncating, expected):
    out = keras.utils.pad_sequences(SEQUENCES, maxlen=4, padding=padding,
                                    truncating=truncating)
    np.testing.assert_array_equal(out, expected)
    assert f"padding={padding!r}, truncating={truncating!r}\n{out}" in modes.stdout


def test_value_sets_the_padding_id():
    out = keras.utils.pad_sequences([[1], [2, 3]], value=-1)
    np.testing.assert_array_equal(out, [[-1, 1], [2, 3]])


def test_an_unknown_mode_raises():
    with pytest.raises(ValueError, match='Padding type "middle" not understood'):
        keras.utils.pad_sequences(SEQUENCES, padding="middle")
    with pytest.raises(ValueError, match='Truncating type "middle" not understood'):
        keras.utils.pad_sequences(SEQUENCES, maxlen=2, truncating="middle")


def test_the_sheets_import_path_is_the_same_function(modes):
    from tensorflow.keras.preprocessing.sequence import pad_sequences

    assert pad_sequences is keras.utils.pad_sequences
    for kwargs in ({}, {"maxlen": 100, "padding": "post", "truncating": "post"},
                   {"maxlen": 4, "truncating": "post"}):
        np.testing.assert_array_equal(pad_sequences(SEQUENCES, **kwargs),
                                      keras.utils.pad_sequences(SEQUENCES, **kwargs))
    assert "old path is keras.utils.pad_sequences: True" in modes.stdout
    assert "same output: True" in modes.stdout


def test_the_sheets_call_pads_at_the_end_to_100():
    out = keras.utils.pad_sequences(SEQUENCES, maxlen=100, padding="post", truncating="post")
    assert out.shape == (3, 100)
    np.testing.assert_array_equal(out[1, :3], [4, 5, 0])
    assert not out[:, 6:].any()


def test_default_dtype_truncates_floats_toward_zero(dtype):
    ns = dtype.namespace
    np.testing.assert_array_equal(ns["wrong"], [[0, 1, 0], [0, 2, 3]])
    np.testing.assert_array_equal(ns["right"], np.array([[0.25, 1.75, -0.5], [2.5, 3.9, 0]],
                                                        dtype="float32"))


def test_vector_steps_are_padded_with_zero_vectors(dtype):
    ns = dtype.namespace
    batch, series = ns["batch"], ns["series"]
    assert batch.shape == (2, 3, 2) and batch.dtype == np.float32
    np.testing.assert_allclose(batch[0], series[0], rtol=1e-6)
    np.testing.assert_allclose(batch[1, 0], series[1][0], rtol=1e-6)
    assert not batch[1, 1:].any()


def test_right_padding_is_a_cudnn_requirement_when_masking():
    """The GPU kernel condition quoted on the page (not runnable on this CPU machine)."""
    for layer in (layers.LSTM, layers.GRU):
        assert "Inputs, if use masking, are strictly right-padded." in layer.__doc__


def test_text_vectorization_reserves_0_for_padding_and_1_for_unknown_words():
    vectorize = layers.TextVectorization()
    vectorize.adapt(["the cat sat", "the dog"])
    assert vectorize.get_vocabulary()[:2] == ["", "[UNK]"]
    ids = keras.ops.convert_to_numpy(vectorize(["the cat", "the zebra sat"]))
    assert ids.min() == 0 and ids[0, -1] == 0  # the shorter text is padded with 0
    assert 1 in ids[1]  # "zebra" was never seen


def test_an_embedding_needs_one_row_per_id_including_padding():
    vocabulary = 5  # real ids 1..5, padding 0
    embedding = layers.Embedding(input_dim=vocabulary + 1, output_dim=2, mask_zero=True)
    assert tuple(embedding(np.array([[0, 5]])).shape) == (1, 2, 2)
    too_small = layers.Embedding(input_dim=vocabulary, output_dim=2)
    with pytest.raises(Exception, match="indices"):
        too_small(np.array([[0, 5]]))


def _by_formula(sequence, maxlen, padding, truncating, value=0):
    if len(sequence) > maxlen:
        sequence = sequence[-maxlen:] if truncating == "pre" else sequence[:maxlen]
    filler = [value] * (maxlen - len(sequence))
    return filler + sequence if padding == "pre" else sequence + filler


def test_the_four_formulas_hold_for_every_length_and_maxlen_without_a_warning():
    """n from 0 to 9, L from 1 to 9, all four modes: padding and truncating are independent."""
    import warnings

    sequences = [list(range(1, n + 1)) for n in range(10)]
    for maxlen in range(1, 10):
        for padding in ("pre", "post"):
            for truncating in ("pre", "post"):
                with warnings.catch_warnings():
                    warnings.simplefilter("error")  # dropping tokens is silent
                    out = keras.utils.pad_sequences(sequences, maxlen=maxlen,
                                                    padding=padding, truncating=truncating)
                expected = [_by_formula(s, maxlen, padding, truncating) for s in sequences]
                np.testing.assert_array_equal(out, expected)


def test_the_int32_default_truncates_floats_without_a_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = keras.utils.pad_sequences([[0.25, 1.75, -0.5, -1.9, 2.999]])
    np.testing.assert_array_equal(out, [[0, 1, 0, -1, 2]])  # toward zero
