"""Facts stated on docs/sequence_models/gru.md."""

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def formula(snippet):
    return snippet("snippets/sequence_models/gru_formula.py")


@pytest.fixture(scope="module")
def parameters(snippet):
    return snippet("snippets/sequence_models/gru_parameters.py")


@pytest.fixture(scope="module")
def stacking(snippet):
    return snippet("snippets/sequence_models/gru_stacking.py")


def built(layer, input_dim):
    layer.build((None, None, input_dim))
    return layer


@pytest.mark.parametrize("reset_after", [True, False])
def test_gate_equations_match_a_keras_step(formula, reset_after):
    """The page's equations, Keras's block order z, r, candidate, on fresh random weights."""
    rng = np.random.default_rng(1)
    d, u = 5, 3
    gru = built(layers.GRU(u, reset_after=reset_after), d)
    weights = [rng.normal(size=w.shape).astype("float32") for w in gru.weights]
    gru.set_weights(weights)
    x, h0 = rng.normal(size=(4, d)).astype("float32"), rng.normal(size=(4, u)).astype("float32")
    keras_h1 = keras.ops.convert_to_numpy(gru(x[:, None, :], initial_state=[h0]))
    by_hand = formula.namespace["gru_step"](x, h0, *weights, reset_after=reset_after)
    np.testing.assert_allclose(keras_h1, by_hand, rtol=1e-5, atol=1e-6)


def test_the_snippet_reports_agreement_for_both_conventions(formula):
    assert formula.stdout.count("Keras = by hand: True") == 2


def test_update_gate_one_keeps_the_old_state(formula):
    """z = 1 (huge update-gate bias): h_t = h_(t-1), whatever the input."""
    d, u = 3, 4
    gru = built(layers.GRU(u), d)
    kernel, recurrent, bias = gru.get_weights()
    bias[:, :u] = 50.0  # both bias rows of the z block
    gru.set_weights([kernel, recurrent, bias])
    rng = np.random.default_rng(2)
    h0 = rng.normal(size=(2, u)).astype("float32")
    h1 = keras.ops.convert_to_numpy(
        gru(rng.normal(size=(2, 1, d)).astype("float32"), initial_state=[h0]))
    np.testing.assert_allclose(h1, h0, rtol=1e-6)


def test_defaults_reset_after_tanh_sigmoid():
    gru = layers.GRU(8)
    assert gru.get_config()["reset_after"] is True
    assert gru.cell.activation is keras.activations.tanh
    assert gru.cell.recurrent_activation is keras.activations.sigmoid


@pytest.mark.parametrize("input_dim, units", [(1, 1), (3, 5), (8, 16), (32, 64), (300, 128)])
def test_parameter_formulas_match_keras(parameters, input_dim, units):
    gru_params = parameters.namespace["gru_params"]
    assert gru_params(input_dim, units) == built(layers.GRU(units), input_dim).count_params()
    assert (gru_params(input_dim, units) ==
            3 * units * (input_dim + units) + 2 * 3 * units)
    no_reset_after = built(layers.GRU(units, reset_after=False), input_dim)
    assert gru_params(input_dim, units, reset_after=False) == no_reset_after.count_params()
    assert gru_params(input_dim, units, reset_after=False) == 3 * (units * (input_dim + units) + units)


def test_bias_shapes_two_sets_by_default_one_without_reset_after():
    assert tuple(built(layers.GRU(4), 3).cell.bias.shape) == (2, 12)
    assert tuple(built(layers.GRU(4, reset_after=False), 3).cell.bias.shape) == (12,)


def test_printed_table_agrees(parameters):
    rows = [line.split() for line in parameters.stdout.splitlines()[2:6]]
    assert len(rows) == 4
    assert all(row[2] == row[3] and row[4] == row[5] for row in rows)


def test_fewer_parameters_than_lstm_whenever_d_plus_u_exceeds_two(parameters):
    gru_params = parameters.namespace["gru_params"]
    for d in range(1, 40, 3):
        for u in range(1, 40, 3):
            lstm = 4 * (u * (d + u) + u)
            if d + u > 2:
                assert gru_params(d, u) < lstm
                assert gru_params(d, u, reset_after=False) == 3 * lstm // 4
            else:
                assert gru_params(d, u) == lstm  # d = u = 1: a tie


def test_printed_comparison_with_lstm(parameters):
    counts = parameters.namespace["counts"]
    assert counts["LSTM"] == 4 * (64 * (32 + 64) + 64)
    assert counts["SimpleRNN"] * 4 == counts["LSTM"]
    assert counts["GRU, reset_after=False"] * 4 == counts["LSTM"] * 3
    assert counts["GRU, reset_after=False"] < counts["GRU"] < counts["LSTM"]


def test_stacks_return_sequences_for_all_but_the_last(stacking):
    for recurrent_layer in (layers.LSTM, layers.GRU):
        model = stacking.namespace["stack"](recurrent_layer)
        flags = [layer.return_sequences for layer in model.layers if
                 isinstance(layer, recurrent_layer)]
        assert flags == [True, True, False]
        assert [layer.output.shape for layer in model.layers] == [
            (None, 20, 64), (None, 20, 32), (None, 16), (None, 1)]


def test_the_sheets_wrong_stack_raises(stacking):
    assert "forgotten: ValueError: expected ndim=3, found ndim=2" in stacking.stdout
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        keras.Sequential([keras.Input((20, 8)), layers.LSTM(64), layers.LSTM(32)])


def test_return_sequences_defaults_to_false():
    assert layers.LSTM(4).return_sequences is False
    assert layers.GRU(4).return_sequences is False


def test_weights_of_a_reset_after_false_gru_do_not_load_into_the_default():
    old = built(layers.GRU(4, reset_after=False), 3)
    new = built(layers.GRU(4), 3)
    with pytest.raises(ValueError):
        new.set_weights(old.get_weights())


def test_cudnn_conditions_include_reset_after_true():
    assert "`reset_after` is `True`" in layers.GRU.__doc__


GRID = [(d, u) for d in (1, 2, 3, 5, 8, 13, 32) for u in (1, 2, 3, 4, 7, 16, 33)]


def test_parameter_formulas_match_keras_over_a_grid(parameters):
    gru_params = parameters.namespace["gru_params"]
    for d, u in GRID:
        assert gru_params(d, u) == built(layers.GRU(u), d).count_params()
        assert (gru_params(d, u, reset_after=False)
                == built(layers.GRU(u, reset_after=False), d).count_params())


def test_lstm_minus_gru_is_u_times_d_plus_u_minus_2(parameters):
    """The algebra behind 'fewer parameters whenever d + u > 2', for every d and u:
    4(u(d+u)+u) - (3u(d+u)+6u) = u(d+u-2)."""
    gru_params = parameters.namespace["gru_params"]
    for d in range(1, 200):
        for u in range(1, 200):
            assert 4 * (u * (d + u) + u) - gru_params(d, u) == u * (d + u - 2)


def test_a_simple_rnn_stack_follows_the_same_rule():
    model = keras.Sequential([keras.Input((20, 8)),
                              layers.SimpleRNN(16, return_sequences=True), layers.SimpleRNN(8)])
    assert model.output_shape == (None, 8)
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        keras.Sequential([keras.Input((20, 8)), layers.SimpleRNN(16), layers.SimpleRNN(8)])
