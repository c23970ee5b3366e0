"""Facts stated on docs/reference/gotchas.md: each of the sheet's Common Gotchas, wrong and right."""

import re

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers

from tests.conftest import COURSE_SHEET, ROOT

PAGE = ROOT / "docs" / "reference" / "gotchas.md"
SHEET = COURSE_SHEET
# The sheet's Common Gotchas table, topic -> snippet name (frozen; a test compares it with the sheet).
ROWS = {"Backprop": "backprop", "Batch Norm": "batch_norm", "Tokenization": "tokenization",
        "Embeddings": "embeddings", "RNN": "rnn", "LSTM": "lstm", "Padding": "padding",
        "Overfitting": "overfitting", "Early Stopping": "early_stopping",
        "Saving Models": "saving_models", "Attention": "attention", "Multi-Head": "multi_head",
        "Positional Encoding": "positional_encoding", "Transformer": "transformer",
        "Layer Norm": "layer_norm", "FFN": "ffn"}


def run(snippet, name):
    return snippet(f"snippets/reference/gotchas_{name}.py")


def table_rows(text: str, heading: str) -> list[list[str]]:
    section = text[text.index(heading):]
    lines = [line for line in section.splitlines()[1:] if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


# ---- the page: every row of the sheet, filled, run, linked -------------------------------------

def test_summary_has_every_sheet_row_with_a_right_cell_and_evidence():
    rows = table_rows(PAGE.read_text().split("## The sixteen rows")[0], "## Summary")
    assert [row[0] for row in rows] == list(ROWS)
    for topic, _wrong, right, evidence in rows:
        assert right and "…" not in right and not re.search(r"_{5}", right), topic
        anchor = topic.lower().replace(" ", "-")
        assert f"(#{anchor})" in evidence, topic
        assert re.search(r"\(\.\./\w+/\w+\.md\)", evidence), f"{topic}: no concept page"


@pytest.mark.skipif(not SHEET.is_file(), reason="course sheet not in this checkout")
def test_the_wrong_column_quotes_the_sheet():
    sheet = table_rows(SHEET.read_text(), "## Common Gotchas")
    page = table_rows(PAGE.read_text(), "## Summary")[:len(ROWS)]
    assert [(topic, wrong) for topic, wrong, _ in sheet] == [(r[0], r[1]) for r in page]


@pytest.mark.parametrize("name", ROWS.values())
def test_each_row_shows_wrong_and_right_in_tabs_then_the_comparison(name):
    text = PAGE.read_text()
    path = f"snippets/reference/gotchas_{name}.py"
    wrong = text.index(f'    --8<-- "{path}:wrong"')
    right = text.index(f'    --8<-- "{path}:right"')
    check = text.index(f'\n--8<-- "{path}:check"')  # not indented: the Output box follows the tabs
    assert wrong < right < check
    assert text.rfind('=== "Wrong"', 0, wrong) > text.rfind('=== "Right"', 0, wrong)


def test_every_link_points_to_an_existing_page():
    for target in re.findall(r"\]\((?!https?:)([^)#\s]+\.md)", PAGE.read_text()):
        assert (PAGE.parent / target).resolve().is_file(), target


# ---- the rows ----------------------------------------------------------------------------------

def test_backprop_stop_gradient_makes_the_target_a_constant(snippet):
    ns = run(snippet, "backprop").namespace
    assert ns["gap_right"] < 1e-5  # the textbook gradient with a fixed target
    assert ns["gap_wrong"] > 0.1  # without it, a different gradient...
    assert ns["gap_extra"] < 1e-5  # ...that also differentiates the target


def test_stop_gradient_blocks_the_path_completely():
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = tf.stop_gradient(w * 3.0)
    assert tape.gradient(y, w) is None
    assert float(keras.ops.stop_gradient(w * 3.0)) == 6.0


def test_batch_norm_both_orders_train(snippet):
    ns = run(snippet, "batch_norm").namespace
    accuracy = ns["accuracy"]
    assert min(accuracy.values()) > 0.7  # 10 classes: chance is 0.1
    assert abs(accuracy["BN after ReLU"] - accuracy["BN before ReLU"]) < 0.1
    kinds = [type(layer).__name__ for layer in ns["before"].layers]
    assert kinds == ["Dense", "BatchNormalization", "Activation", "Dense"]
    assert ns["before"].layers[0].bias is None


def test_tokenizer_without_oov_token_drops_not_and_flips_the_meaning(snippet):
    result = run(snippet, "tokenization")
    ns = result.namespace
    assert ns["ids_wrong"][0] == ns["ids_wrong"][1]  # "not" vanished
    assert ns["ids_right"][0] != ns["ids_right"][1]
    assert 1 in ns["ids_right"][1] and ns["vectorize"].get_vocabulary()[1] == "[UNK]"


def test_legacy_tokenizer_with_oov_token_keeps_the_unknown_word():
    from tensorflow.keras.preprocessing.text import Tokenizer

    tokenizer = Tokenizer(oov_token="[UNK]")
    tokenizer.fit_on_texts(["the movie was good"])
    assert tokenizer.texts_to_sequences(["the movie was not good"]) == [[2, 3, 4, 1, 5]]


def test_pretrained_embeddings_generalize_to_unseen_words(snippet):
    ns = run(snippet, "embeddings").namespace
    assert len(ns["train"]) == 48
    assert not any(ns["unseen"] & set(s.split()) for _, s in ns["train"])
    assert not any(ns["seen"] & set(s.split()) for _, s in ns["test"])
    accuracy = ns["accuracy"]
    assert accuracy["random init"] < 0.65
    assert accuracy["pretrained, frozen"] > accuracy["random init"] + 0.2


def test_rnn_gradient_vanishes_lstm_slower_attention_not_at_all(snippet):
    ns = run(snippet, "rnn").namespace
    norms, steps = ns["norms"], ns["steps"]
    far, near = 0, steps - 2  # distance 99 and distance 1
    decay = {name: norm[far] / norm[near] for name, norm in norms.items()}
    assert decay["SimpleRNN"] < 1e-12
    assert decay["LSTM"] > 1e3 * decay["SimpleRNN"]
    assert decay["LSTM"] < 1e-3  # mitigated, not removed
    attention = norms["self-attention"][:-1]  # distances 99 .. 1
    far_half, near_half = attention[:49].mean(), attention[50:].mean()
    assert 0.5 < far_half / near_half < 2  # no trend with distance
    assert 0.1 < decay["self-attention"] < 10


def test_a_default_gru_fades_no_slower_than_a_simple_rnn_and_a_head_start_fixes_it(snippet):
    ns = run(snippet, "rnn").namespace
    gradient_per_step, head_start = ns["gradient_per_step"], ns["update_gate_head_start"]
    for seed in range(6):  # six initializations, the same inputs
        decay = {}
        for name, make in (("SimpleRNN", lambda: layers.SimpleRNN(16)),
                           ("GRU", lambda: layers.GRU(16)),
                           ("GRU, z bias 2", lambda: layers.GRU(
                               16, bias_initializer=head_start))):
            keras.utils.set_random_seed(seed)
            norm = gradient_per_step(make())
            decay[name] = norm[0] / norm[-2]  # distance 99 over distance 1
        assert decay["GRU"] < 2 * decay["SimpleRNN"], (seed, decay)
        assert decay["GRU, z bias 2"] > 1e9 * decay["GRU"], (seed, decay)


def test_stacked_lstm_without_return_sequences_raises(snippet):
    ns = run(snippet, "lstm").namespace
    assert isinstance(ns["error"], ValueError)
    assert "expected ndim=3, found ndim=2" in str(ns["error"])
    shapes = [tuple(layer.output.shape) for layer in ns["model"].layers]
    assert shapes == [(None, 10, 8), (None, 8)]


def test_padding_changes_the_output_unless_masked(snippet):
    ns = run(snippet, "padding").namespace
    assert ns["padded"].tolist() == [[3, 7, 9, 0, 0, 0, 0, 0]]
    assert ns["gaps"]["without mask"] > 1e-3
    assert ns["gaps"]["mask_zero=True"] < 1e-6


def test_more_layers_overfit_more_dropout_helps(snippet):
    ns = run(snippet, "overfitting").namespace
    results = ns["results"]
    (base_train, base_val) = results["base"]
    (deep_train, deep_val) = results["deeper"]
    (_, drop_val) = results["base + dropout"]
    assert base_train[1] > base_val[1]  # the base already overfits
    assert deep_train[1] > base_train[1] + 0.1
    wrong = ns["noisy"] & (ns["y_train"] != ns["digits"].target[:300])
    memorized = {name: (model.predict(ns["x_train"][wrong], verbose=0).argmax(-1)
                        == ns["y_train"][wrong]).mean()
                 for name, model in (("base", ns["base"]), ("deeper", ns["deeper"]))}
    assert memorized["deeper"] > 0.5 and memorized["deeper"] > memorized["base"] + 0.2
    assert deep_val[0] > base_val[0] and deep_val[1] < base_val[1]
    assert drop_val[0] < base_val[0] and drop_val[1] > base_val[1]
    assert drop_val[0] == min(val[0] for _, val in results.values())


def test_patience_one_stops_on_noise_before_the_best_epoch(snippet):
    ns = run(snippet, "early_stopping").namespace
    impatient, patient, curves = ns["impatient"], ns["patient"], ns["curves"]
    short, full = curves["patience=1"], curves["patience=5"]
    np.testing.assert_allclose(short, full[:len(short)], rtol=1e-6)  # the same run, cut short
    assert full[2] > full[1]  # the one noisy jump...
    assert [e for e in range(1, len(full)) if full[e] > full[e - 1] + 0.01] == [2]
    assert impatient.stopped_epoch == 2  # ...is where patience=1 stops
    assert patient.best_epoch > impatient.stopped_epoch + 10
    assert patient.best < impatient.best / 3
    assert patient.best == pytest.approx(min(full))


def test_a_weights_file_is_no_model(snippet):
    result = run(snippet, "saving_models")
    ns = result.namespace
    assert isinstance(ns["error"], ValueError) and "No model config" in str(ns["error"])
    assert ns["gaps"]["rebuilt + load_weights"] == 0
    assert ns["gaps"]["load_model(.keras)"] == 0
    assert "load_weights into another architecture: ValueError" in result.stdout
    assert not ns["folder"].exists()  # the temporary folder is cleaned up


def test_unscaled_scores_saturate_the_softmax(snippet):
    stats = run(snippet, "attention").namespace["stats"]
    (spread_w, top_w, flow_w), (spread_r, top_r, flow_r) = stats["unscaled"], stats["/ sqrt(d_k)"]
    assert spread_w == pytest.approx(16.0, rel=0.1)  # sqrt(256)
    assert spread_r == pytest.approx(1.0, rel=0.1)
    assert top_w > 0.9 and top_r < 0.5
    assert flow_r > 3 * flow_w


def test_keras_multi_head_attention_scales_by_one_over_sqrt_key_dim():
    mha = layers.MultiHeadAttention(num_heads=2, key_dim=16)
    assert mha._inverse_sqrt_key_dim == pytest.approx(1 / 4)


def test_key_dim_is_a_convention_but_must_be_an_int(snippet):
    ns = run(snippet, "multi_head").namespace
    assert isinstance(ns["error"], ValueError) and "key_dim=8.0" in str(ns["error"])
    for layer in (ns["wide"], ns["mha"]):
        assert layer.count_params() == ns["mha_params"](64, 8, layer.key_dim)
    odd = layers.MultiHeadAttention(num_heads=3, key_dim=5)  # any positive int works
    assert tuple(odd(ns["x"], ns["x"]).shape) == (2, 5, 64)


def test_without_positions_word_order_is_invisible(snippet):
    ns = run(snippet, "positional_encoding").namespace
    assert ns["gaps"]["no positions"] < 1e-5
    assert ns["gaps"]["with positions"] > 0.1
    # The whole model is permutation-equivariant: reversing the input reverses the output.
    model, ids = ns["no_positions"], np.array([[1, 2, 3, 4]])
    forward = model.predict(ids, verbose=0)
    backward = model.predict(ids[:, ::-1], verbose=0)
    np.testing.assert_allclose(forward[:, ::-1], backward, atol=1e-6)


def test_without_residuals_tokens_collapse(snippet):
    spreads = run(snippet, "transformer").namespace["spreads"]
    assert spreads["input"] > 0.5
    assert spreads["without residual"] < 1e-5
    assert spreads["with residual"] > 0.1


def test_batch_norm_depends_on_batch_mates_and_padding_layer_norm_does_not(snippet):
    gaps = run(snippet, "layer_norm").namespace["gaps"]
    assert min(gaps["BatchNormalization"]) > 0.1
    assert max(gaps["LayerNormalization"]) < 1e-5


def test_layer_norm_gives_each_token_mean_0_and_std_1():
    x = np.random.default_rng(0).normal(2.0, 3.0, size=(2, 4, 16)).astype("float32")
    out = keras.ops.convert_to_numpy(layers.LayerNormalization()(x))
    np.testing.assert_allclose(out.mean(-1), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(-1), 1, atol=1e-3)


def test_ffn_width_is_free_but_it_must_project_back(snippet):
    ns = run(snippet, "ffn").namespace
    assert isinstance(ns["error"], tf.errors.InvalidArgumentError)
    assert "Incompatible shapes" in str(ns["error"])
    for layer, d_ff in ((ns["narrow"], 64), (ns["ffn"], 256)):
        assert layer.count_params() == ns["ffn_params"](64, d_ff)
        assert tuple((ns["x"] + layer(ns["x"])).shape) == (2, 5, 64)


def mha_params(d_model, num_heads, key_dim, value_dim=None):
    value_dim = value_dim or key_dim
    return (2 * num_heads * (d_model * key_dim + key_dim)          # query, key
            + num_heads * (d_model * value_dim + value_dim)        # value
            + num_heads * value_dim * d_model + d_model)           # output projection


def test_any_positive_integer_key_dim_and_head_count_return_the_querys_width():
    d_model = 12
    x = np.random.default_rng(0).normal(size=(2, 5, d_model)).astype("float32")
    for num_heads in (1, 2, 3, 5, 8):
        for key_dim in (1, 3, 7, 12, 24):
            for value_dim in (None, 9):
                mha = layers.MultiHeadAttention(num_heads, key_dim=key_dim, value_dim=value_dim)
                assert tuple(mha(x, x).shape) == (2, 5, d_model), (num_heads, key_dim, value_dim)
                assert mha.count_params() == mha_params(d_model, num_heads, key_dim, value_dim)
    for bad in (0, -1, 8.0):
        with pytest.raises(ValueError, match="key_dim"):
            layers.MultiHeadAttention(num_heads=2, key_dim=bad)


def test_layer_norm_is_the_same_in_training_and_inference():
    x = np.random.default_rng(0).normal(2.0, 3.0, size=(3, 4, 16)).astype("float32")
    ln = layers.LayerNormalization()
    assert np.array_equal(keras.ops.convert_to_numpy(ln(x, training=True)),
                          keras.ops.convert_to_numpy(ln(x, training=False)))


def test_every_ff_dim_gives_a_block_of_the_right_shape_and_size():
    d = 16
    x = np.random.default_rng(0).normal(size=(2, 5, d)).astype("float32")
    for d_ff in range(1, 129, 7):
        ffn = keras.Sequential([layers.Dense(d_ff, activation="relu"), layers.Dense(d)])
        assert tuple((x + ffn(x)).shape) == (2, 5, d)
        assert ffn.count_params() == 2 * d * d_ff + d_ff + d
