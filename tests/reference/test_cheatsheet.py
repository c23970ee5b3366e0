"""Facts stated on docs/reference/cheatsheet.md: each Essential Commands block does what it says."""

import os
import re
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers, ops

from sitebuild.formats import includes
from sitebuild.pdf import PDF_URI
from tests.conftest import DOCS, ROOT

PAGE = ROOT / "docs" / "reference" / "cheatsheet.md"
SNIPPET = "snippets/reference/cheatsheet_commands.py"
# Loading a .weights.h5 into a fresh model whose optimizer is not built yet: harmless.
pytestmark = pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")


@pytest.fixture(scope="module")
def run(snippet):
    return snippet(SNIPPET)


@pytest.fixture(scope="module")
def ns(run):
    return run.namespace


def numpy(tensor):
    return ops.convert_to_numpy(tensor)


# The page ---------------------------------------------------------------------------

SHEET_SECTIONS = ["Weekly Overview", "Concept Quick Reference", "Pros & Cons",
                  "When to Use What", "Essential Commands", "Common Gotchas", "Key Formulas"]
SHEET_SUBSECTIONS = [
    "Optimizer Comparison", "Text Encoding Methods", "Sequential Models",
    "Regularization Techniques", "Attention vs RNN", "Transformer Architectures",
    "Choosing a Text Encoding", "Choosing a Sequential Model", "Handling Overfitting",
    "Choosing Attention vs Transformer",
    "TensorBoard", "Autoencoder Architecture", "Backpropagation", "Batch Normalization",
    "Tokenization", "BPE/Subword Tokenization", "Word2Vec Models", "Word Embeddings",
    "RNN/LSTM", "Sequence Padding", "Sequence Masking", "Saving & Loading Models",
    "Model Checkpoints", "Early Stopping", "Regularization", "Attention Mechanism",
    "Multi-Head Attention", "Transformer Encoder Block", "Positional Encoding",
    "Backpropagation (Chain Rule)", "Gradient Descent Update", "Momentum Update",
    "L2 Regularization Loss", "Dropout (Training vs Inference)", "Embedding Lookup",
]
SNIPPET_SECTIONS = ["setup", "tensorboard", "autoencoder", "backprop", "batchnorm",
                    "tokenization", "bpe", "word2vec", "embedding", "rnn", "padding",
                    "masking", "saving", "checkpoint", "early_stopping", "regularization",
                    "attention", "mha", "encoder", "positional"]


def headings(level: str) -> list[str]:
    return [m[1].strip() for m in re.finditer(rf"^{level} (.+)$", PAGE.read_text(), re.M)]


def test_the_page_has_every_section_of_the_sheet_in_the_sheets_order():
    assert headings("##") == SHEET_SECTIONS
    found = headings("###")
    positions = [next((i for i, h in enumerate(found)
                       if h == name or h.startswith(name + " (")), -1)
                 for name in SHEET_SUBSECTIONS]
    assert -1 not in positions, [n for n, p in zip(SHEET_SUBSECTIONS, positions) if p < 0]
    assert positions == sorted(positions)


def test_the_page_includes_every_section_of_the_snippet_in_order():
    source = (ROOT / SNIPPET).read_text()
    assert re.findall(r"# --8<-- \[start:(\w+)\]", source) == SNIPPET_SECTIONS
    included = [i.section for i in includes(PAGE.read_text()) if i.path == SNIPPET]
    assert included == SNIPPET_SECTIONS


def test_every_relative_link_points_to_an_existing_page_or_the_built_pdf():
    targets = re.findall(r"\]\((?!https?:)([^)#\s]+)", PAGE.read_text())
    assert targets
    built = (DOCS / PDF_URI).resolve()  # written by the build (sitebuild/pdf.py)
    missing = [t for t in targets
               if not (PAGE.parent / t).resolve().is_file() and (PAGE.parent / t).resolve() != built]
    assert not missing


def test_no_blank_of_the_sheet_is_left():
    text = PAGE.read_text()
    assert "_" * 5 not in text
    assert "…" not in text.split("## Essential Commands")[1].split("## Common Gotchas")[0]


def table_rows(text: str) -> tuple[list[str], list[str]]:
    """(header rows, body rows) of every Markdown table in the text."""
    lines = text.splitlines()
    separator = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")
    headers = [line for line, nxt in zip(lines, lines[1:] + [""])
               if line.startswith("|") and separator.match(nxt)]
    body = [line for line in lines if line.startswith("|")
            and not separator.match(line) and line not in headers]
    return headers, body


def test_every_table_row_links_to_its_concept_page():
    headers, body = table_rows(PAGE.read_text())
    assert len(headers) >= 12 and len(body) > 80
    assert all("](" in row for row in body), [r for r in body if "](" not in r]


def test_the_output_stays_short(run):
    lines = run.stdout.splitlines()
    assert len(lines) <= 20
    assert max(len(line) for line in lines) <= 100


def test_the_optimizer_defaults_the_page_quotes():
    assert float(keras.optimizers.SGD().learning_rate) == pytest.approx(0.01)
    for optimizer in (keras.optimizers.RMSprop(), keras.optimizers.Adam()):
        assert float(optimizer.learning_rate) == pytest.approx(0.001)
        assert optimizer.epsilon == 1e-7
    assert "0.01, RMSprop and Adam 0.001, `epsilon=1e-7`" in PAGE.read_text()


# TensorBoard ------------------------------------------------------------------------

def test_tensorboard_callback_wrote_train_and_validation_event_files(ns):
    assert isinstance(ns["tensorboard_callback"], keras.callbacks.TensorBoard)
    log_dir = Path(ns["log_dir"])
    assert log_dir.parent.name == "logs"  # runs live under one parent folder
    for phase in ("train", "validation"):
        events = list((log_dir / phase).glob("events.out.tfevents.*"))
        assert events and events[0].stat().st_size > 0


def test_the_sheets_tensorboard_spelling_is_an_attribute_error():
    with pytest.raises(AttributeError):
        tf.keras.callbacks.Tensorboard(log_dir="./logs")


# Autoencoder ------------------------------------------------------------------------

def test_autoencoder_has_a_bottleneck_and_reconstructs_the_inputs_shape_and_range(ns):
    images, encoder, autoencoder = ns["images"], ns["encoder"], ns["autoencoder"]
    assert ns["latent_size"] < ns["input_size"]
    assert encoder(images).shape == (len(images), ns["latent_size"])
    out = numpy(autoencoder(images))
    assert out.shape == images.shape
    assert out.min() >= 0 and out.max() <= 1  # sigmoid: the range of [0, 1] pixels
    assert autoencoder.loss == "mse"


def test_autoencoder_trains_with_the_input_as_target(ns):
    autoencoder, images = ns["autoencoder"], ns["images"]
    before = autoencoder.evaluate(images, images, verbose=0)
    autoencoder.fit(images, images, epochs=20, batch_size=32, verbose=0)
    assert autoencoder.evaluate(images, images, verbose=0) < before


# Backpropagation ---------------------------------------------------------------------

def test_one_gradient_per_variable_and_the_optimizer_took_one_step(ns):
    gradients, variables = ns["gradients"], ns["model"].trainable_variables
    assert len(gradients) == len(variables) == 4
    assert all(g is not None and g.shape == v.shape for g, v in zip(gradients, variables))
    assert int(ns["optimizer"].iterations) == 1


def test_the_sheets_trainable_variable_is_an_attribute_error(ns):
    with pytest.raises(AttributeError):
        ns["model"].trainable_variable  # noqa: B018 - the access is what raises


# Batch normalization -----------------------------------------------------------------

def test_batch_norm_has_trainable_scale_and_shift_and_frozen_moving_statistics(ns):
    bn = ns["bn"]
    assert isinstance(bn, layers.BatchNormalization)
    assert [w.shape for w in bn.trainable_weights] == [(64,), (64,)]
    assert [w.shape for w in bn.non_trainable_weights] == [(64,), (64,)]
    assert not ns["bn_model"].layers[0].use_bias


def test_batch_norm_normalizes_each_feature_over_the_batch_in_training(ns):
    model = ns["bn_model"]
    x = np.random.default_rng(1).normal(3, 5, size=(256, 8)).astype("float32")
    normalized = numpy(model.layers[1](model.layers[0](x), training=True))
    np.testing.assert_allclose(normalized.mean(axis=0), 0, atol=1e-4)
    assert np.all(np.abs(normalized.std(axis=0) - 1) < 0.01)


# Tokenization -----------------------------------------------------------------------

def test_text_vectorization_reserves_padding_and_unk_and_counts_them(ns):
    vocabulary = ns["vectorizer"].get_vocabulary()
    assert vocabulary[:2] == ["", "[UNK]"]
    distinct = {w.lower() for text in ns["texts"] for w in text.split()}
    assert ns["vocab_size"] == len(distinct) + 2 == len(vocabulary)
    assert ns["word_index"]["great"] == vocabulary.index("great")
    assert numpy(ns["vectorizer"](["spectacular"])).tolist() == [[1]]
    assert ns["sequences"].shape == (3, 5)


# BPE --------------------------------------------------------------------------------

def test_bpe_splits_an_unseen_word_into_known_subwords(ns):
    pieces, bpe = ns["pieces"], ns["bpe"]
    corpus_words = {w for line in ns["corpus"] for w in line.split()}
    assert "unhappiness" not in corpus_words
    assert "[UNK]" not in pieces and len(pieces) > 1
    assert "".join(pieces) == "unhappiness"
    assert all(p in bpe.get_vocab() for p in pieces)
    assert bpe.get_vocab_size() <= 300


# Word2Vec ---------------------------------------------------------------------------

def test_skipgram_model_scores_pairs_with_two_tables(ns):
    skipgram, n_words = ns["skipgram"], ns["n_words"]
    dim = ns["target_vectors"].output_dim
    assert skipgram.count_params() == 2 * n_words * dim
    prob = numpy(skipgram([np.array([1, 2]), np.array([3, 4])]))
    assert prob.shape[0] == 2 and np.all((prob > 0) & (prob < 1))


def test_word_arithmetic_on_the_shipped_vectors(ns):
    assert ns["analogy"]("man", "king", "woman") == "queen"
    assert ns["analogy"]("france", "paris", "italy") == "rome"
    assert ns["vectors"].shape == (len(ns["words"]), 50)


# Word embeddings --------------------------------------------------------------------

def test_embedding_maps_ids_to_vectors_with_v_times_d_parameters(ns):
    model, ids = ns["embedding_model"], ns["ids"]
    assert model(ids).shape == (*ids.shape, ns["dim"])
    assert model.count_params() == ns["vocab_size"] * ns["dim"]


def test_the_sheets_input_length_only_warns():
    with pytest.warns(UserWarning, match="input_length"):
        layers.Embedding(input_dim=10, output_dim=4, input_length=5)


# RNN / LSTM -------------------------------------------------------------------------

def test_simple_rnn_and_stacked_lstm_parameters_and_shapes(ns):
    d, u = 8, 64
    rnn, lstm = ns["rnn_model"], ns["lstm_model"]
    assert rnn.layers[0].get_config()["activation"] == "tanh"
    assert rnn.count_params() == u * (d + u + 1)
    assert lstm.count_params() == 4 * (u * (d + u) + u) + 4 * (u * (u + u) + u)
    assert lstm.layers[0].return_sequences and not lstm.layers[1].return_sequences
    assert lstm.layers[0](ns["steps"]).shape == (2, 20, u)
    assert lstm(ns["steps"]).shape == rnn(ns["steps"]).shape == (2, u)


def test_stacking_without_return_sequences_fails():
    with pytest.raises(ValueError, match="ndim"):
        keras.Sequential([keras.Input((None, 8)), layers.LSTM(4), layers.LSTM(4)])


# Padding ----------------------------------------------------------------------------

def test_pad_sequences_post_and_the_defaults(ns):
    assert ns["padded"].tolist() == [[1, 2, 3, 0, 0], [4, 5, 6, 7, 8], [11, 0, 0, 0, 0]]
    assert ns["default"].tolist() == [[0, 0, 1, 2, 3], [6, 7, 8, 9, 10], [0, 0, 0, 0, 11]]


def test_the_sheets_import_path_is_the_same_function(ns):
    from tensorflow.keras.preprocessing.sequence import pad_sequences as old

    args = dict(maxlen=5, padding="post", truncating="post")
    np.testing.assert_array_equal(old(ns["ragged"], **args), ns["padded"])


# Masking ----------------------------------------------------------------------------

def test_masking_makes_the_padded_run_equal_the_unpadded_one(ns):
    model, short = ns["masked_lstm"], ns["short"]
    assert ns["same"]
    unmasked = keras.Sequential([keras.Input((None,), dtype="int32"),
                                 layers.Embedding(ns["vocab_size"], 8), layers.LSTM(16)])
    unmasked.set_weights(model.get_weights())
    padded = ns["pad_sequences"](short, maxlen=8)
    np.testing.assert_allclose(numpy(unmasked(short)), numpy(model(short)), atol=1e-6)
    assert not np.allclose(numpy(unmasked(padded)), numpy(unmasked(short)), atol=1e-3)


def test_masking_layer_masks_steps_whose_features_are_all_zero(ns):
    x = np.array([[[1.0, 0.0], [0.0, 0.0], [2.0, 3.0]]])
    assert numpy(ns["masking"].compute_mask(x)).tolist() == [[True, False, True]]


# Saving -----------------------------------------------------------------------------

def test_saved_files_load_back_with_the_same_predictions(ns):
    model, x = ns["model"], ns["x_val"]
    expected = model.predict(x, verbose=0)
    np.testing.assert_array_equal(ns["loaded_model"].predict(x, verbose=0), expected)
    np.testing.assert_array_equal(ns["rebuilt"].predict(x, verbose=0), expected)
    assert int(ns["loaded_model"].optimizer.iterations) == 1  # optimizer state too
    # the weights file held the optimizer's variables, and the built optimizer took them
    assert int(ns["rebuilt"].optimizer.iterations) == int(model.optimizer.iterations) == 1
    folder = Path(ns["workdir"].name)
    assert (folder / "model_dir" / "saved_model.pb").is_file()
    served = tf.saved_model.load(str(folder / "model_dir"))
    np.testing.assert_allclose(numpy(served.serve(x.astype("float32"))), expected,
                               atol=1e-6)


def test_the_sheets_keras_2_saving_calls_raise(ns, tmp_path):
    with pytest.raises(ValueError):
        ns["model"].save(str(tmp_path / "model_dir"))
    with pytest.raises(ValueError):
        ns["model"].save_weights(str(tmp_path / "weights.h5"))


# Checkpoints and early stopping -------------------------------------------------------

def test_checkpoint_configuration(ns):
    checkpoint = ns["checkpoint"]
    assert checkpoint.monitor == "val_loss" and checkpoint.save_best_only
    assert checkpoint.mode == "min" and checkpoint.monitor_op is ops.less


def test_checkpoints_are_the_epochs_where_val_loss_improved(ns):
    val_loss = ns["history"]["val_loss"]
    improved = [epoch for epoch in range(len(val_loss))
                if val_loss[epoch] < min(val_loss[:epoch], default=np.inf)]
    expected = [f"model_{e + 1:02d}_{val_loss[e]:.2f}.keras" for e in improved]
    assert sorted(os.listdir(ns["checkpoint_dir"])) == expected
    assert len(expected) >= 2


def test_early_stopping_stops_patience_epochs_after_the_best_and_restores_it(ns):
    early_stopping, history = ns["early_stopping"], ns["history"]
    best = int(np.argmin(history["val_loss"]))
    assert early_stopping.best_epoch == best
    assert len(history["loss"]) == best + 1 + early_stopping.patience < 50
    assert early_stopping.patience == 5 and early_stopping.restore_best_weights
    restored = ns["classifier"].evaluate(ns["x_val"], ns["y_val"], verbose=0)[0]
    assert restored == pytest.approx(min(history["val_loss"]), rel=1e-5)
    last_checkpoint = sorted(os.listdir(ns["checkpoint_dir"]))[-1]
    saved = keras.saving.load_model(os.path.join(ns["checkpoint_dir"], last_checkpoint))
    for a, b in zip(saved.get_weights(), ns["classifier"].get_weights()):
        np.testing.assert_array_equal(a, b)


# Regularization ---------------------------------------------------------------------

def test_l2_adds_lambda_times_the_sum_of_squares_and_dropout_drops_half(ns):
    model = ns["regularized"]
    kernel = numpy(model.layers[0].kernel)
    assert len(model.losses) == 1
    np.testing.assert_allclose(numpy(model.losses[0]), 0.01 * np.sum(kernel ** 2), rtol=1e-5)
    dropout = model.layers[1]
    assert dropout.rate == 0.5
    x = np.ones((1, 4000), "float32")
    kept = numpy(dropout(x, training=True))
    assert set(np.unique(kept)) <= {0.0, 2.0}  # survivors scaled by 1 / (1 - 0.5)
    assert abs((kept == 0).mean() - 0.5) < 0.05
    np.testing.assert_array_equal(numpy(dropout(x)), x)  # inference: identity


# Attention --------------------------------------------------------------------------

def test_attention_weights_are_a_softmax_and_match_keras_ops(ns):
    weights = numpy(ns["attention_weights"])
    assert weights.shape == (2, 5, 5) and ns["query"].shape[-1] == ns["d_k"]
    np.testing.assert_allclose(weights.sum(axis=-1), 1, rtol=1e-5)
    output = weights @ numpy(ns["value"])
    query, key, value = (ns[n][:, :, None] for n in ("query", "key", "value"))
    fused = numpy(ops.dot_product_attention(query, key, value))[:, :, 0]
    np.testing.assert_allclose(output, fused, atol=1e-5)


def test_the_sheets_sqrt_d_model_gives_different_weights(ns):
    scores = numpy(tf.matmul(ns["query"], ns["key"], transpose_b=True))
    sheet = numpy(tf.nn.softmax(scores / np.sqrt(ns["d_model"]), axis=-1))
    assert not np.allclose(sheet, numpy(ns["attention_weights"]), atol=1e-3)


# Multi-head attention ---------------------------------------------------------------

def test_multi_head_attention_key_dim_is_per_head_and_params_are_4d2_plus_4d(ns):
    attention, d = ns["attention"], 64
    assert attention.num_heads * attention.key_dim == d
    assert attention.count_params() == 4 * d * d + 4 * d
    assert ns["output"].shape == ns["x"].shape
    assert attention.dropout == 0.1


def test_multi_head_attention_dropout_acts_in_training_only(ns):
    attention, x = ns["attention"], ns["x"]
    np.testing.assert_array_equal(numpy(attention(x, x)), numpy(attention(x, x)))
    assert not np.allclose(numpy(attention(x, x, training=True)), numpy(attention(x, x)))


# Transformer encoder block ------------------------------------------------------------

def test_encoder_block_parameter_count(ns):
    d, f = 64, 256
    assert ns["block"].count_params() == (4 * d * d + 4 * d) + (2 * d * f + f + d) + 4 * d


def test_encoder_block_uses_its_dropout_in_training_only(ns):
    block, x = ns["block"], ns["x"]
    np.testing.assert_array_equal(numpy(block(x)), numpy(block(x, training=False)))
    assert not np.allclose(numpy(block(x, training=True)), numpy(block(x)))


def test_encoder_block_ignores_padding_and_saves_and_loads(ns, tmp_path):
    Block = ns["TransformerEncoderBlock"]
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              layers.Embedding(50, 64, mask_zero=True),
                              Block(64, 8, 256, name="enc_1")])
    ids = np.array([[5, 8, 2, 9]])
    padded = np.array([[5, 8, 2, 9, 0, 0, 0]])
    np.testing.assert_allclose(numpy(model(padded))[:, :4], numpy(model(ids)), atol=1e-5)
    path = tmp_path / "encoder.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded.layers[-1], Block) and loaded.layers[-1].name == "enc_1"
    np.testing.assert_array_equal(loaded.predict(padded, verbose=0),
                                  model.predict(padded, verbose=0))


# Positional encoding ----------------------------------------------------------------

def test_position_table_is_a_trainable_weight_that_gets_gradients(ns):
    embed, token_ids = ns["embed"], ns["token_ids"]
    assert embed(token_ids).shape == (*token_ids.shape, 64)
    assert embed(np.ones((1, 100), "int32")).shape == (1, 100, 64)  # up to max_seq_len
    table = embed.position_embedding.embeddings
    assert any(w is table for w in embed.trainable_weights)
    with tf.GradientTape() as tape:
        loss = ops.sum(embed(token_ids) ** 2)
    gradient = numpy(tape.gradient(loss, table))
    rows = np.abs(gradient).sum(axis=1) > 0
    assert rows[:token_ids.shape[1]].all() and not rows[token_ids.shape[1]:].any()


def test_positional_layer_keeps_the_padding_mask(ns):
    mask = numpy(ns["embed"].compute_mask(np.array([[4, 7, 0, 0]])))
    assert mask.tolist() == [[True, True, False, False]]


def test_tf_keras_is_keras_3():
    for name in ("Model", "Sequential", "Input"):
        assert getattr(tf.keras, name) is getattr(keras, name)
    assert tf.keras.layers.Dense is keras.layers.Dense
    assert tf.keras.optimizers.Adam is keras.optimizers.Adam


def test_at_d_ff_4_d_model_the_ffn_holds_about_two_thirds_of_a_blocks_parameters():
    for d_model, heads in ((32, 2), (64, 4), (128, 8), (256, 8), (512, 8), (768, 12)):
        attention = layers.MultiHeadAttention(heads, key_dim=d_model // heads)
        attention(np.zeros((1, 2, d_model), "float32"), np.zeros((1, 2, d_model), "float32"))
        ffn = keras.Sequential([keras.Input((d_model,)), layers.Dense(4 * d_model, "relu"),
                                layers.Dense(d_model)])
        norms = 2 * 2 * d_model  # two LayerNormalization layers, gamma and beta
        share = ffn.count_params() / (ffn.count_params() + attention.count_params() + norms)
        assert 0.65 < share < 0.67, (d_model, share)  # 2/3 less the biases
