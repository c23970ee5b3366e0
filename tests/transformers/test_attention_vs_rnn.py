"""Facts stated on docs/transformers/attention_vs_rnn.md."""

import re

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def long_range(snippet):
    return snippet("snippets/transformers/attention_vs_rnn_long_range.py")


@pytest.fixture(scope="module")
def memory(snippet):
    return snippet("snippets/transformers/attention_vs_rnn_memory.py")


@pytest.fixture(scope="module")
def timing(snippet):
    return snippet("snippets/transformers/attention_vs_rnn_timing.py")


# --- the long-range task -------------------------------------------------------------


def test_the_label_depends_on_the_first_token_only(long_range):
    ns = long_range.namespace
    np.testing.assert_array_equal(ns["tokens"][:, 0] - 10, ns["labels"])
    assert ns["tokens"][:, 1:].max() < 10  # distractors never look like the key token
    assert ns["length"] == 100


def _without_embeddings(model):
    tables = sum(int(np.prod(w.shape)) for w in model.weights
                 if "embedding" in w.path or "table" in w.path)
    return model.count_params() - tables


def test_the_models_are_matched_outside_their_embedding_tables(long_range):
    models = long_range.namespace["models"]
    lstm, transformer = (_without_embeddings(models[name]) for name in ("LSTM", "Transformer"))
    d, u, ff = 32, 32, 64
    assert lstm == 4 * (u * (d + u) + u) + (u + 1)  # LSTM, then Dense(1)
    block = 4 * (d * d + d) + (d * ff + ff) + (ff * d + d) + 2 * (2 * d)  # MHA, FFN, 2 LN
    assert transformer == block + (d + 1)
    assert abs(lstm - transformer) / lstm < 0.05
    assert f"{lstm:,} without embedding tables" in long_range.stdout
    assert f"{transformer:,} without embedding tables" in long_range.stdout


def test_the_lstm_is_still_at_chance_and_the_transformer_learns(long_range):
    histories = long_range.namespace["histories"]
    assert len(histories["LSTM"]["val_accuracy"]) == len(histories["Transformer"]["val_accuracy"])
    assert max(histories["LSTM"]["val_accuracy"]) < 0.6
    assert histories["Transformer"]["val_accuracy"][-1] > 0.95


def test_the_last_position_attends_to_the_key_token(long_range):
    ns = long_range.namespace
    uniform = 1 / ns["length"]
    assert ns["weights"].shape[-1] == ns["length"]
    np.testing.assert_allclose(ns["weights"].sum(axis=-1), 1, atol=1e-5)
    assert ns["on_key"] > 10 * uniform
    # the key gets more attention than any single distractor position, on average
    mean_per_position = ns["weights"].mean(axis=(0, 1))
    assert mean_per_position.argmax() == 0


def test_the_long_range_figure_shows_both_models_and_chance(long_range):
    (figure,) = long_range.figures
    assert len(figure.axes[0].get_lines()) == 3


# --- memory ----------------------------------------------------------------------------


def test_attention_scores_are_batch_heads_n_n(memory):
    ns = memory.namespace
    batch, heads, units = ns["batch"], ns["heads"], ns["d_model"]
    for n, shapes in ns["shapes"].items():
        assert shapes["scores"] == (batch, heads, n, n)
        assert shapes["outputs"] == (batch, n, units)
        assert shapes["h"] == shapes["c"] == (batch, units)  # the same at every length


def test_the_returned_scores_are_float32_softmax_weights(memory):
    weights = memory.namespace["weights"]
    assert weights.dtype.itemsize == 4  # the page's sizes use 4 bytes per number
    np.testing.assert_allclose(weights.sum(axis=-1), 1, atol=1e-5)
    assert "each row of scores sums to 1: True" in memory.stdout


def test_score_bytes_grow_as_n_squared_and_lstm_memory_as_n_or_not_at_all(memory):
    ns = memory.namespace
    for n in (16, 100, 512, 4096):
        assert ns["score_bytes"](2 * n) == 4 * ns["score_bytes"](n)
        assert ns["lstm_output_bytes"](2 * n) == 2 * ns["lstm_output_bytes"](n)
        assert ns["lstm_state_bytes"](2 * n) == ns["lstm_state_bytes"](n)
    assert ns["score_bytes"](512) == 32 * 12 * 512 * 512 * 4


def test_scores_overtake_the_lstm_outputs_at_units_over_heads(memory):
    ns = memory.namespace
    crossover = 768 // 12
    assert ns["score_bytes"](crossover) == ns["lstm_output_bytes"](crossover)
    assert ns["score_bytes"](crossover - 1) < ns["lstm_output_bytes"](crossover - 1)
    assert ns["score_bytes"](crossover + 1) > ns["lstm_output_bytes"](crossover + 1)
    assert ns["score_bytes"](2048) > 2**30  # gigabytes per layer in the last rows


def test_keras_scores_have_the_formula_size():
    mha = layers.MultiHeadAttention(num_heads=3, key_dim=4)
    x = np.zeros((2, 10, 12), dtype="float32")
    _, scores = mha(x, x, return_attention_scores=True)
    assert keras.ops.convert_to_numpy(scores).nbytes == 2 * 3 * 10 * 10 * 4


def test_flash_attention_is_not_available_on_the_tensorflow_backend():
    assert keras.backend.backend() == "tensorflow"
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=4, flash_attention=True)
    x = np.zeros((1, 5, 8), dtype="float32")
    with pytest.raises(ValueError, match="Flash attention is not supported in tensorflow"):
        mha(x, x)


def test_self_attention_without_positions_ignores_order():
    """Permuting the tokens only permutes the output: attention alone sees a set."""
    keras.utils.set_random_seed(0)
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=4)
    x = np.random.default_rng(0).normal(size=(1, 6, 8)).astype("float32")
    order = np.array([3, 0, 5, 1, 4, 2])
    out = keras.ops.convert_to_numpy(mha(x, x))
    out_permuted = keras.ops.convert_to_numpy(mha(x[:, order], x[:, order]))
    np.testing.assert_allclose(out_permuted, out[:, order], rtol=1e-5, atol=1e-6)


def test_the_memory_figure_is_log_log_with_three_curves(memory):
    (figure,) = memory.figures
    ax = figure.axes[0]
    assert len(ax.get_lines()) == 3
    assert ax.get_xscale() == ax.get_yscale() == "log"


# --- timing (wall clock: only effects of 3x or more are asserted) ----------------------


def test_every_time_is_printed_with_a_unit(timing):
    lines = timing.stdout.splitlines()
    step_lines = [line for line in lines if line.startswith("length")]
    assert len(step_lines) == 3
    assert all(len(re.findall(r"\d+\.\d ms/step", line)) == 2 for line in step_lines)
    assert re.search(r"LSTM \d+ ms, Transformer \d+ ms", lines[0])


def test_both_models_are_slower_on_the_longest_input(timing):
    # Only the direction is asserted: the ratio itself (about 3x to 10x on the 2-core build
    # machine) depends on the machine's load, and a timed threshold would be flaky.
    for name, ms in timing.namespace["ms_per_step"].items():
        assert ms[-1] > ms[0], name  # 16 -> 256 tokens: 16 times the positions


def test_the_first_call_is_much_slower_than_any_later_step(timing):
    ns = timing.namespace
    for name, first in ns["first_call_ms"].items():
        assert first > 3 * max(ns["ms_per_step"][name]), name


def test_the_timing_figure_has_one_curve_per_model(timing):
    (figure,) = timing.figures
    assert [line.get_label() for line in figure.axes[0].get_lines()] == ["LSTM", "Transformer"]


@pytest.mark.filterwarnings("ignore:You are using a softmax over axis -1")  # one encoder state
@pytest.mark.parametrize("attention", [layers.Attention, layers.AdditiveAttention])
def test_seq2seq_attention_scores_every_encoder_state_at_every_decoder_step(attention):
    # n source (encoder) and m target (decoder) positions: n * m scores, for every pair of lengths
    layer = attention()
    for n in range(1, 41):
        for m in range(1, 41):
            encoder_states = np.zeros((1, n, 4), "float32")
            decoder_states = np.zeros((1, m, 4), "float32")
            _, scores = layer([decoder_states, encoder_states], return_attention_scores=True)
            assert tuple(scores.shape) == (1, m, n)
