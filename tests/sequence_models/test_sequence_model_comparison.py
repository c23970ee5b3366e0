"""Facts stated on docs/sequence_models/sequence_model_comparison.md."""

import importlib
import inspect
import re

import keras
import numpy as np
import pytest
from keras import layers

NAMES = ["SimpleRNN", "LSTM", "GRU"]
SHORT, LONG = "key 2 steps before the end", "key 40 steps before the end"


@pytest.fixture(scope="module")
def parameters(snippet):
    return snippet("snippets/sequence_models/sequence_model_comparison_parameters.py")


@pytest.fixture(scope="module")
def timing(snippet):
    return snippet("snippets/sequence_models/sequence_model_comparison_timing.py")


@pytest.fixture(scope="module")
def accuracy(snippet):
    return snippet("snippets/sequence_models/sequence_model_comparison_accuracy.py")


@pytest.fixture(scope="module")
def gate_bias(snippet):
    return snippet("snippets/sequence_models/sequence_model_comparison_gate_bias.py")


def built(name, units, input_dim, **kwargs):
    layer = getattr(layers, name)(units, **kwargs)
    layer.build((None, None, input_dim))
    return layer


# Parameters ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("d, u", [(1, 1), (3, 5), (8, 32), (32, 64), (300, 128)])
def test_each_formula_matches_keras(parameters, name, d, u):
    formulas = parameters.namespace["formulas"]
    assert formulas[name](d, u) == built(name, u, d).count_params()


def test_printed_table_agrees(parameters):
    rows = [line.split() for line in parameters.stdout.splitlines()[1:10]]
    assert len(rows) == 9 and all(row[3] == row[4] for row in rows)


@pytest.mark.parametrize("d, u", [(8, 32), (32, 64), (300, 128)])
def test_lstm_is_four_simple_rnns_and_gru_just_over_three_quarters_of_an_lstm(d, u):
    simple, lstm, gru = (built(name, u, d).count_params() for name in NAMES)
    assert lstm == 4 * simple
    assert 3 * simple < gru and 0.75 < gru / lstm < 0.8


def test_gru_without_reset_after_is_exactly_three_simple_rnns():
    d, u = 8, 32
    assert (built("GRU", u, d, reset_after=False).count_params()
            == 3 * built("SimpleRNN", u, d).count_params())


def test_gru_keeps_two_bias_rows_by_default(parameters):
    assert layers.GRU(4).cell.reset_after is True
    assert "GRU             bias: (2, 192)" in parameters.stdout


# Timing -------------------------------------------------------------------------------

def test_timing_prints_one_time_per_layer_with_a_unit(timing):
    lines = timing.stdout.splitlines()
    assert [line.split(":")[0].strip() for line in lines] == NAMES
    assert all(re.search(r" \d+ ms per epoch of 16 batches$", line) for line in lines)


def test_timing_reports_the_recurrent_layers_parameters(timing):
    for line, name in zip(timing.stdout.splitlines(), NAMES):
        count = int(re.search(r"([\d,]+) parameters", line)[1].replace(",", ""))
        assert count == built(name, 32, 16).count_params()


def test_only_lstm_and_gru_have_a_cudnn_path():
    assert inspect.signature(layers.LSTM).parameters["use_cudnn"].default == "auto"
    assert inspect.signature(layers.GRU).parameters["use_cudnn"].default == "auto"
    assert "use_cudnn" not in inspect.signature(layers.SimpleRNN).parameters


def test_the_cudnn_conditions_stated_on_the_page():
    rnn = importlib.import_module("keras.src.backend.tensorflow.rnn")

    tanh, sigmoid, relu = (keras.activations.get(n) for n in ("tanh", "sigmoid", "relu"))
    lstm_ok, gru_ok = rnn._do_lstm_arguments_support_cudnn, rnn._do_gru_arguments_support_cudnn
    defaults = dict(activation=tanh, recurrent_activation=sigmoid, unroll=False, use_bias=True)
    assert lstm_ok(**defaults) and gru_ok(**defaults, reset_after=True)
    assert not gru_ok(**defaults, reset_after=False)
    for change in [dict(activation=relu), dict(unroll=True), dict(use_bias=False)]:
        assert not lstm_ok(**{**defaults, **change})
        assert not gru_ok(**{**defaults, **change}, reset_after=True)
    for layer in (layers.LSTM, layers.GRU):  # recurrent dropout falls back to the loop
        assert "if not self.recurrent_dropout" in inspect.getsource(layer.inner_loop)


# Accuracy: short vs long dependency ---------------------------------------------------

def test_both_tasks_share_noise_and_labels_and_differ_only_in_the_key_step(accuracy):
    make_task = accuracy.namespace["make_task"]
    (x_short, y_short), _ = make_task(38)
    (x_long, y_long), _ = make_task(0)
    np.testing.assert_array_equal(y_short, y_long)
    np.testing.assert_array_equal(x_short[:, :, :-1], x_long[:, :, :-1])
    for x, step in [(x_short, 38), (x_long, 0)]:
        key = x[:, :, -1]
        np.testing.assert_array_equal(np.delete(key, step, axis=1), 0.0)
        np.testing.assert_array_equal(key[:, step], 2.0 * y_long - 1.0)
    assert x_long.shape[1] - 1 - 0 == 40 and x_long.shape[1] - 1 - 38 == 2


def test_every_model_gets_the_same_budget_per_task(accuracy):
    curves = accuracy.namespace["curves"]
    for task in (SHORT, LONG):
        assert len({len(curves[task, name]) for name in NAMES}) == 1


def test_all_three_solve_the_short_dependency(accuracy):
    curves = accuracy.namespace["curves"]
    assert all(curves[SHORT, name][-1] >= 0.95 for name in NAMES)


def test_only_the_lstm_learns_the_long_dependency_in_the_budget(accuracy):
    curves = accuracy.namespace["curves"]
    assert curves[LONG, "LSTM"][-1] >= 0.95
    for name in ["SimpleRNN", "GRU"]:  # 200 validation sequences: chance is 0.5 +- 0.07
        assert max(curves[LONG, name]) <= 0.65
    assert curves[LONG, "LSTM"][-1] - max(curves[LONG, "SimpleRNN"][-1],
                                          curves[LONG, "GRU"][-1]) >= 0.3


def test_the_lstm_starts_at_chance_on_the_long_task(accuracy):
    assert accuracy.namespace["curves"][LONG, "LSTM"][0] <= 0.65


def test_the_figure_has_two_panels_with_three_curves_and_chance(accuracy):
    (figure,) = accuracy.figures
    assert [ax.get_title() for ax in figure.axes] == [SHORT, LONG]
    assert all(len(ax.get_lines()) == 4 for ax in figure.axes)


# Gate biases --------------------------------------------------------------------------

def test_initial_keep_fractions_are_sigmoid_of_the_gate_bias(gate_bias):
    kept = {line[:25].strip(): line[25:] for line in gate_bias.stdout.splitlines()[:3]}
    assert kept["LSTM, forget gate"].startswith(" keeps 0.73 per step")  # sigmoid(1)
    assert kept["GRU, update gate"].startswith(" keeps 0.50 per step")  # sigmoid(0)
    assert kept["GRU, update gate, bias 2"].startswith(" keeps 0.88 per step")  # sigmoid(2)
    after_40 = {name: float(text.split(", ")[1].split()[0]) for name, text in kept.items()}
    assert (after_40["GRU, update gate"] < 1e-3 * after_40["LSTM, forget gate"]
            < after_40["GRU, update gate, bias 2"])


def test_keras_defaults_forget_bias_one_and_update_bias_zero():
    u = 4
    lstm, gru = built("LSTM", u, 3), built("GRU", u, 3)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(lstm.cell.bias)[u:2 * u], 1.0)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(gru.cell.bias), 0.0)


def test_the_initializer_sets_only_the_update_gate_input_bias(gate_bias):
    u = gate_bias.namespace["units"]
    bias = gate_bias.namespace["update_gate_bias"](2.0)((2, 3 * u))
    assert (bias[0, :u] == 2.0).all() and (np.delete(bias.ravel(), np.s_[:u]) == 0).all()


def test_update_gate_near_one_keeps_the_state():
    """z is the fraction of h_(t-1) kept: a large update-gate bias freezes the state."""
    d, u = 3, 4
    gru = built("GRU", u, d, bias_initializer=lambda shape, dtype=None: np.pad(
        np.full((1, u), 50.0), ((0, 1), (0, 2 * u))).astype("float32"))
    rng = np.random.default_rng(0)
    h0 = rng.normal(size=(2, u)).astype("float32")
    h1 = gru(rng.normal(size=(2, 1, d)).astype("float32"), initial_state=[h0])
    np.testing.assert_allclose(keras.ops.convert_to_numpy(h1), h0, rtol=1e-6)


def test_gru_with_an_update_gate_head_start_learns_the_long_task(gate_bias):
    history = gate_bias.namespace["history"]
    assert history["val_accuracy"][0] <= 0.65
    assert history["val_accuracy"][-1] >= 0.95


# Variable length: padding + masking, for every recurrent layer ------------------------

@pytest.mark.parametrize("name", NAMES)
def test_every_recurrent_layer_ignores_masked_padding(name):
    keras.utils.set_random_seed(0)
    masked = layers.Embedding(20, 4, mask_zero=True)
    unmasked = layers.Embedding(20, 4)  # the same vectors, no mask
    masked.build((None, None))
    unmasked.build((None, None))
    unmasked.set_weights(masked.get_weights())
    recurrent = getattr(layers, name)(5)
    short = np.array([[3, 7, 9]])
    padded = np.array([[3, 7, 9, 0, 0, 0]])

    def run(ids, mask=True):
        return keras.ops.convert_to_numpy(recurrent((masked if mask else unmasked)(ids)))

    np.testing.assert_allclose(run(padded), run(short), rtol=1e-5, atol=1e-6)
    assert not np.allclose(run(padded, mask=False), run(short), atol=1e-4)


# Parameters over a grid: "always exactly four times", "just over three", "never enters" ---

GRID = [(d, u) for d in (1, 2, 3, 5, 8, 13, 32) for u in (1, 2, 3, 4, 7, 16, 33)]


def test_formulas_and_ratios_hold_over_a_grid(parameters):
    formulas = parameters.namespace["formulas"]
    for d, u in GRID:
        simple, lstm, gru = (built(name, u, d).count_params() for name in NAMES)
        assert (simple, lstm, gru) == tuple(formulas[name](d, u) for name in NAMES)
        assert lstm == 4 * simple
        assert 3 * simple < gru == 3 * simple + 3 * u  # just over three: the second bias row
        assert built("GRU", u, d, reset_after=False).count_params() == 3 * simple


@pytest.mark.parametrize("name", NAMES)
def test_the_number_of_steps_never_enters_the_parameter_count(name):
    counts = {built_over(name, steps).count_params() for steps in (None, 1, 2, 10, 41, 500)}
    assert len(counts) == 1


def built_over(name, steps, units=8, input_dim=5):
    layer = getattr(layers, name)(units)
    layer.build((None, steps, input_dim))
    return layer
