"""Facts stated on docs/sequence_models/lstm.md."""

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def parameters(snippet):
    return snippet("snippets/sequence_models/lstm_parameters.py")


@pytest.fixture(scope="module")
def long_dependency(snippet):
    return snippet("snippets/sequence_models/lstm_long_dependency.py")


@pytest.mark.parametrize("input_dim, units", [(1, 1), (3, 5), (8, 16), (32, 64), (300, 128)])
def test_parameter_formula_matches_keras(parameters, input_dim, units):
    lstm = layers.LSTM(units)
    lstm.build((None, None, input_dim))
    assert parameters.namespace["lstm_params"](input_dim, units) == lstm.count_params()


def test_printed_table_agrees(parameters):
    rows = [line.split() for line in parameters.stdout.splitlines()[1:5]]
    assert all(row[2] == row[3] for row in rows)


def test_weights_stack_four_blocks():
    d, u = 32, 64
    lstm = layers.LSTM(u)
    lstm.build((None, None, d))
    shapes = {w.name: tuple(w.shape) for w in lstm.weights}
    assert shapes == {"kernel": (d, 4 * u), "recurrent_kernel": (u, 4 * u), "bias": (4 * u,)}


def test_one_step_matches_the_gate_equations():
    """The page's equations, with Keras's block order i, f, c, o, reproduce a Keras step."""
    d, u = 3, 4
    rng = np.random.default_rng(0)
    lstm = layers.LSTM(u, return_state=True)
    lstm.build((None, 1, d))
    kernel, recurrent, bias = (rng.normal(size=w.shape).astype("float32") for w in lstm.weights)
    lstm.set_weights([kernel, recurrent, bias])
    x, h0, c0 = (rng.normal(size=(2, n)).astype("float32") for n in (d, u, u))

    _, h1, c1 = (keras.ops.convert_to_numpy(t) for t in lstm(x[:, None, :], initial_state=[h0, c0]))

    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731 - the formula, on one line
    z = x @ kernel + h0 @ recurrent + bias
    i, f, c_tilde, o = np.split(z, 4, axis=-1)
    c_expected = sigmoid(f) * c0 + sigmoid(i) * np.tanh(c_tilde)
    h_expected = sigmoid(o) * np.tanh(c_expected)
    np.testing.assert_allclose(c1, c_expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h1, h_expected, rtol=1e-5, atol=1e-6)


def test_defaults_tanh_sigmoid_and_forget_bias_one():
    u = 8
    lstm = layers.LSTM(u)
    lstm.build((None, None, 3))
    assert lstm.cell.activation is keras.activations.tanh
    assert lstm.cell.recurrent_activation is keras.activations.sigmoid
    bias = keras.ops.convert_to_numpy(lstm.cell.bias)
    # blocks are ordered input, forget, candidate, output: only the forget block starts at 1
    np.testing.assert_array_equal(bias[u:2 * u], 1.0)
    np.testing.assert_array_equal(np.delete(bias, np.s_[u:2 * u]), 0.0)


def test_simple_rnn_default_activation_is_tanh():
    assert layers.SimpleRNN(4).cell.activation is keras.activations.tanh


def test_stacking_without_return_sequences_fails():
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        keras.Sequential([keras.Input((10, 4)), layers.LSTM(8), layers.LSTM(8)])


def test_return_sequences_gives_one_output_per_step():
    inputs = keras.Input((10, 4))
    sequences = layers.LSTM(8, return_sequences=True)(inputs)
    last = layers.LSTM(6)(sequences)
    assert sequences.shape == (None, 10, 8)
    assert last.shape == (None, 6)


def test_masking_skips_padded_steps():
    keras.utils.set_random_seed(0)
    embedding = layers.Embedding(20, 4, mask_zero=True)
    lstm = layers.LSTM(5)
    unpadded = np.array([[3, 7, 9]])
    padded = np.array([[3, 7, 9, 0, 0, 0]])
    run = lambda ids: keras.ops.convert_to_numpy(lstm(embedding(ids), mask=embedding.compute_mask(ids)))  # noqa: E731 - one expression, named
    np.testing.assert_allclose(run(padded), run(unpadded), rtol=1e-6)


def test_long_dependency_starts_at_chance_and_is_learned(long_dependency):
    history = long_dependency.namespace["history"]
    assert history["val_accuracy"][0] < 0.6
    assert history["val_accuracy"][-1] > 0.95


def test_the_label_depends_on_the_first_token_only(long_dependency):
    ns = long_dependency.namespace
    np.testing.assert_array_equal(ns["tokens"][:, 0] - 10, ns["labels"])
    assert ns["tokens"][:, 1:].max() < 10  # distractors never look like the key token


def test_the_figure_shows_the_curves_and_chance(long_dependency):
    (figure,) = long_dependency.figures
    assert len(figure.axes[0].get_lines()) == 3


def test_parameter_formula_matches_keras_over_a_grid(parameters):
    lstm_params = parameters.namespace["lstm_params"]
    for d in (1, 2, 3, 5, 8, 13, 32):
        for u in (1, 2, 3, 4, 7, 16, 33):
            lstm = layers.LSTM(u)
            lstm.build((None, None, d))
            assert [tuple(w.shape) for w in lstm.weights] == [(d, 4 * u), (u, 4 * u), (4 * u,)]
            assert lstm_params(d, u) == lstm.count_params()


def test_validation_accuracy_jumps_to_1_and_stays(long_dependency):
    accuracy = long_dependency.namespace["history"]["val_accuracy"]
    first_perfect = next(i for i, a in enumerate(accuracy) if a >= 0.999)
    assert all(a >= 0.999 for a in accuracy[first_perfect:])
