"""Facts stated on docs/sequence_models/simple_rnn.md."""

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def formula(snippet):
    return snippet("snippets/sequence_models/simple_rnn_formula.py")


@pytest.fixture(scope="module")
def parameters(snippet):
    return snippet("snippets/sequence_models/simple_rnn_parameters.py")


@pytest.fixture(scope="module")
def stacking(snippet):
    return snippet("snippets/sequence_models/simple_rnn_stacking.py")


@pytest.fixture(scope="module")
def gradients(snippet):
    return snippet("snippets/sequence_models/simple_rnn_gradients.py")


def test_numpy_loop_matches_keras_at_every_step(formula):
    ns = formula.namespace
    assert ns["keras_out"].shape == (2, 5, 4)
    np.testing.assert_allclose(ns["keras_out"], ns["loop_out"], rtol=1e-5, atol=1e-6)
    assert "all steps agree: True" in formula.stdout


def test_weights_are_one_kernel_one_recurrent_kernel_one_bias(formula):
    rnn = formula.namespace["rnn"]
    assert {w.name: tuple(w.shape) for w in rnn.weights} == {
        "kernel": (3, 4), "recurrent_kernel": (4, 4), "bias": (4,)}


def test_default_activation_is_tanh_and_initial_state_is_zero(formula):
    assert layers.SimpleRNN(4).get_config()["activation"] == "tanh"
    assert layers.SimpleRNN(4).cell.activation is keras.activations.tanh
    assert "default activation: tanh" in formula.stdout
    rnn, x = formula.namespace["rnn"], formula.namespace["x"]
    zeros = np.zeros((2, 4), dtype="float32")
    with_zeros = keras.ops.convert_to_numpy(rnn(x, initial_state=[zeros]))
    np.testing.assert_array_equal(with_zeros, formula.namespace["keras_out"])


def test_the_sheets_filled_command_is_the_default_layer():
    filled = layers.SimpleRNN(units=64, activation="tanh")
    default = layers.SimpleRNN(units=64)
    ignore = {"name"}
    assert ({k: v for k, v in filled.get_config().items() if k not in ignore}
            == {k: v for k, v in default.get_config().items() if k not in ignore})


@pytest.mark.parametrize("input_dim, units", [(1, 1), (3, 5), (8, 16), (32, 64), (300, 128)])
def test_parameter_formula_matches_keras(parameters, input_dim, units):
    rnn = layers.SimpleRNN(units)
    rnn.build((None, None, input_dim))
    assert parameters.namespace["simple_rnn_params"](input_dim, units) == rnn.count_params()


def test_printed_table_agrees(parameters):
    rows = [line.split() for line in parameters.stdout.splitlines()[1:5]]
    assert len(rows) == 4 and all(row[2] == row[3] for row in rows)


def test_weights_are_shared_across_steps_so_length_does_not_add_parameters():
    counts = set()
    for steps in (5, 500):
        rnn = layers.SimpleRNN(16)
        rnn.build((None, steps, 8))
        counts.add(rnn.count_params())
    assert counts == {16 * (8 + 16 + 1)}


def test_a_simple_rnn_has_a_quarter_of_an_lstms_parameters():
    for d, u in [(8, 16), (32, 64), (300, 128)]:
        rnn, lstm = layers.SimpleRNN(u), layers.LSTM(u)
        rnn.build((None, None, d))
        lstm.build((None, None, d))
        assert 4 * rnn.count_params() == lstm.count_params()


def test_return_sequences_shapes(stacking):
    assert "return_sequences=False: (8, 16)" in stacking.stdout
    assert "return_sequences=True:  (8, 10, 16)" in stacking.stdout
    shapes = [layer.output.shape for layer in stacking.namespace["stacked"].layers]
    assert shapes == [(None, 10, 32), (None, 10, 16), (None, 8), (None, 1)]


def test_last_output_is_the_last_step_of_the_sequence():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(3, 7, 2)).astype("float32")
    rnn = layers.SimpleRNN(5, return_sequences=True)
    sequence = keras.ops.convert_to_numpy(rnn(x))
    last = layers.SimpleRNN(5)
    last.build((None, 7, 2))
    last.set_weights(rnn.get_weights())
    np.testing.assert_allclose(keras.ops.convert_to_numpy(last(x)), sequence[:, -1], rtol=1e-6)


def test_stacking_without_return_sequences_raises(stacking):
    assert "ValueError: expected ndim=3, found ndim=2" in stacking.stdout
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        keras.Sequential([keras.Input((10, 4)), layers.SimpleRNN(16), layers.SimpleRNN(8)])


def test_default_recurrent_initializer_is_orthogonal_with_gain_one():
    config = layers.SimpleRNN(4).get_config()["recurrent_initializer"]
    assert config["class_name"] == "Orthogonal"
    assert config["config"]["gain"] == 1.0


def test_gradient_vanishes_at_the_default_scale_and_below(gradients):
    norms, steps = gradients.namespace["norms"], gradients.namespace["steps"]
    for gain in (0.5, 1.0):
        at = lambda d: norms[gain][steps - 1 - d]  # noqa: E731, B023 - a formula, used in this iteration
        assert at(10) < at(0) and at(25) < at(10) and at(50) < at(25)
        assert at(50) < 1e-5 * at(0)
    assert norms[0.5][0] < norms[1.0][0]  # smaller U: faster decay


def test_gradient_explodes_when_the_recurrent_kernel_is_scaled_up(gradients):
    norms, steps = gradients.namespace["norms"], gradients.namespace["steps"]
    for gain in (2.0, 4.0):
        at = lambda d: norms[gain][steps - 1 - d]  # noqa: E731, B023 - a formula, used in this iteration
        assert at(0) < at(10) < at(25) < at(50) < at(99)
        assert at(99) > 1e3 * at(0)
    assert norms[4.0][0] > norms[2.0][0]


def test_scaling_the_default_u_is_the_same_as_choosing_the_orthogonal_gain(gradients):
    for gain in gradients.namespace["gains"]:
        keras.utils.set_random_seed(0)
        scaled = keras.initializers.Orthogonal(gain)((32, 32))
        keras.utils.set_random_seed(0)
        default = keras.initializers.Orthogonal(1.0)((32, 32))
        np.testing.assert_allclose(scaled, gain * np.asarray(default), rtol=1e-6, atol=1e-7)


def test_the_sweep_covers_gains_from_half_to_four_in_steps_of_0_02(gradients):
    gains = gradients.namespace["gains"]
    np.testing.assert_allclose(gains, np.linspace(0.5, 4.0, 176))


def test_of_all_swept_gains_only_one_narrow_band_keeps_the_first_step_within_100x(gradients):
    ratios = gradients.namespace["first_over_last"]
    kept = gradients.namespace["kept"]
    gains = list(ratios)
    first, last = gains.index(kept[0]), gains.index(kept[-1])
    assert kept == gains[first:last + 1]  # one contiguous band
    assert all(ratios[g] < 1e-2 for g in gains[:first])  # vanishes below it
    assert all(ratios[g] > 1e2 for g in gains[last + 1:])  # explodes above it
    assert len(kept) < 0.15 * len(gains)  # a narrow band
    assert 1.0 not in kept and 2.0 not in kept  # neither the default nor double it


def test_no_swept_ratio_is_near_the_100x_limits_so_the_printed_band_is_stable(gradients):
    ratios = np.array(list(gradients.namespace["first_over_last"].values()))
    log_ratios = np.log10(ratios[ratios > 0])  # 0: the first step's gradient underflowed
    assert np.all(np.abs(np.abs(log_ratios) - 2) > 0.01)


def test_printed_band_is_the_swept_band(gradients):
    kept = gradients.namespace["kept"]
    assert f"{kept[0]:.2f} to {kept[-1]:.2f}, {len(kept)} of 176" in gradients.stdout


def test_the_figure_shows_four_curves_and_the_sweep_on_log_scales(gradients):
    (figure,) = gradients.figures
    curves, sweep = figure.axes
    assert len(curves.get_lines()) == 4
    assert curves.get_yscale() == "log" and sweep.get_yscale() == "log"
    assert len(sweep.get_lines()) == 1


def test_the_default_gradient_loses_orders_of_magnitude_within_25_steps(gradients):
    norm, steps = gradients.namespace["norms"][1.0], gradients.namespace["steps"]
    assert norm[steps - 1 - 25] < 1e-2 * norm[steps - 1]


def test_tanh_bounds_the_state_but_relu_with_a_large_u_explodes():
    x = np.random.default_rng(0).normal(size=(4, 60, 3)).astype("float32")
    big_u = keras.initializers.Orthogonal(gain=2.0, seed=0)
    tanh_rnn = layers.SimpleRNN(8, return_sequences=True, recurrent_initializer=big_u)
    relu_rnn = layers.SimpleRNN(8, return_sequences=True, activation="relu",
                                recurrent_initializer=big_u)
    tanh_states = keras.ops.convert_to_numpy(tanh_rnn(x))
    relu_norms = np.linalg.norm(keras.ops.convert_to_numpy(relu_rnn(x)), axis=-1).mean(axis=0)
    assert np.abs(tanh_states).max() < 1
    assert relu_norms[-1] > 1e6 * relu_norms[4]
