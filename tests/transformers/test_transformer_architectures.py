"""Facts stated on docs/transformers/transformer_architectures.md."""

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def masks_run(snippet):
    return snippet("snippets/transformers/transformer_architectures_masks.py")


@pytest.fixture(scope="module")
def context(snippet):
    return snippet("snippets/transformers/transformer_architectures_context.py")


@pytest.fixture(scope="module")
def cost(snippet):
    return snippet("snippets/transformers/transformer_architectures_cost.py")


def _masks(masks_run):
    return list(masks_run.namespace["masks"].values())


def test_the_drawn_masks(masks_run):
    encoder, decoder, cross = _masks(masks_run)
    assert encoder.shape == (6, 6) and encoder.all()
    np.testing.assert_array_equal(decoder, np.tril(np.ones((5, 5), bool)))
    assert not np.triu(decoder, k=1).any()  # nothing above the diagonal
    assert cross.shape == (5, 6) and cross.all()  # decoder rows, encoder columns


def test_keras_attention_weights_are_zero_exactly_where_masked(masks_run):
    for mask, weights in zip(_masks(masks_run), masks_run.namespace["weights"]):
        assert weights.shape[1:] == mask.shape
        np.testing.assert_array_equal(weights > 0, np.broadcast_to(mask, weights.shape))
        np.testing.assert_allclose(weights.sum(axis=-1), 1, rtol=1e-5)  # rows: softmax
    assert masks_run.stdout.count("non-zero exactly where the mask allows: True") == 3


def test_use_causal_mask_has_zero_upper_triangle(masks_run):
    decoder_weights = masks_run.namespace["weights"][1]
    upper = np.triu_indices(5, k=1)
    assert (decoder_weights[:, upper[0], upper[1]] == 0).all()


def test_use_causal_mask_equals_an_explicit_lower_triangular_mask():
    """Without return_attention_scores Keras takes its fused causal kernel: same result."""
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(1).normal(size=(2, 7, 16)).astype("float32")
    mha = layers.MultiHeadAttention(2, 8)
    causal = keras.ops.convert_to_numpy(mha(x, x, use_causal_mask=True))
    explicit = keras.ops.convert_to_numpy(
        mha(x, x, attention_mask=np.tril(np.ones((7, 7), bool))[None]))
    np.testing.assert_allclose(causal, explicit, atol=1e-5)


def test_the_figure_draws_the_three_masks(masks_run):
    (figure,) = masks_run.figures
    assert len(figure.axes) == 3
    for ax, mask in zip(figure.axes, _masks(masks_run)):
        (image,) = ax.get_images()
        np.testing.assert_array_equal(image.get_array(), mask)
    titles = [ax.get_title() for ax in figure.axes]
    assert "causal" in titles[1] and "bidirectional" in titles[0]


def test_decoder_only_outputs_before_t_ignore_later_tokens(context):
    ns = context.namespace
    t, change = ns["t"], ns["changes"]["decoder-only"]
    np.testing.assert_array_equal(change[:t], 0)
    assert (change[t:] > 1e-3).all()


def test_encoder_only_outputs_see_both_sides(context):
    change = context.namespace["changes"]["encoder-only"]
    assert (change > 1e-3).all()  # every position, before t included


def test_encoder_decoder_sees_the_whole_source_but_only_earlier_targets(context):
    ns = context.namespace
    t, changes = ns["t"], ns["changes"]
    assert (changes["enc-dec, source token changed"] > 1e-3).all()
    np.testing.assert_array_equal(changes["enc-dec, target token changed"][:t], 0)
    assert (changes["enc-dec, target token changed"][t:] > 1e-3).all()


def test_the_printed_patterns(context):
    lines = context.stdout.splitlines()
    assert lines[1].endswith("encoder-only: x x x x x x x x x x")
    assert lines[2].endswith("decoder-only: . . . . . . x x x x")


def test_the_position_t_output_predicts_the_next_token_without_seeing_it(context):
    """Causality is what lets a decoder train on every position at once: the output
    at t (trained to predict token t + 1) does not depend on token t + 1."""
    ns = context.namespace
    tokens, model = ns["tokens"], ns["decoder_only"]
    edited = tokens.copy()
    edited[0, 1:] = (tokens[0, 1:] + 7) % ns["vocab"]
    np.testing.assert_array_equal(model.predict(edited, verbose=0)[0, 0],
                                  model.predict(tokens, verbose=0)[0, 0])


def test_block_parameter_formulas(cost):
    ns = cost.namespace
    d, f = ns["d_model"], ns["ff_dim"]
    attention = 4 * (d * d + d)
    block = attention + (d * f + f) + (f * d + d) + 2 * 2 * d
    assert ns["self_block"] == block
    assert ns["cross_block"] == block + attention + 2 * d


def test_encoder_decoder_costs_about_an_L_layer_decoder_not_a_2L_one(cost):
    ns = cost.namespace
    stacks, n_s, n_t = ns["stacks"], ns["n_source"], ns["n_target"]
    flops = {name: 2 * (n_s * s + n_t * t) for name, (_, s, t) in stacks.items()}
    params = {name: p for name, (p, _, _) in stacks.items()}
    enc_dec, dec_12, dec_6 = "encoder-decoder 6+6", "decoder-only 12", "decoder-only 6"
    assert params[enc_dec] > params[dec_12]  # the cross-attention adds parameters ...
    assert params[enc_dec] < 1.2 * params[dec_12]  # ... about a sixth more
    assert flops[enc_dec] < 0.6 * flops[dec_12]  # ... yet about half the compute
    assert flops[dec_6] < flops[enc_dec] < 1.1 * flops[dec_6]
    assert f"{flops[enc_dec] / 1e9:.1f}" in cost.stdout


def test_keras_counts_match_the_printed_table(cost):
    ns = cost.namespace
    assert f"{ns['self_block']:>10,} parameters" in cost.stdout
    for name, (params, _, _) in ns["stacks"].items():
        assert f"{name:>20} {params:>12,}" in cost.stdout


def test_keras_attention_is_not_causal_by_default():
    import inspect

    signature = inspect.signature(layers.MultiHeadAttention.call)
    assert signature.parameters["use_causal_mask"].default is False


def test_padding_and_causal_masks_combine():
    keras.utils.set_random_seed(0)
    ids = np.array([[3, 4, 5, 6, 0, 0]])  # 4 tokens, 2 padding
    h = layers.Embedding(10, 16, mask_zero=True)(ids)
    _, weights = layers.MultiHeadAttention(2, 8)(h, h, use_causal_mask=True,
                                                  return_attention_scores=True)
    weights = keras.ops.convert_to_numpy(weights)[0]
    real = weights[:, :4, :]  # the real tokens' queries
    allowed = np.tril(np.ones((4, 6), bool)) & (ids[0] != 0)
    np.testing.assert_array_equal(real > 0, np.broadcast_to(allowed, real.shape))
    assert np.all(weights[:, 4:, :] == 0.0)  # padded queries attend to nothing at all


def test_for_every_changed_position_only_the_allowed_outputs_change(context):
    """Sweep of the printed experiment over every position t."""
    ns = context.namespace
    tokens, length, vocab = ns["tokens"], ns["length"], ns["vocab"]
    for t in range(length):
        edited = tokens.copy()
        edited[0, t] = (tokens[0, t] + 1) % vocab
        enc = ns["changed"](ns["encoder_only"], tokens, edited)
        dec = ns["changed"](ns["decoder_only"], tokens, edited)
        src = ns["changed"](ns["encoder_decoder"], [tokens, tokens], [edited, tokens])
        tgt = ns["changed"](ns["encoder_decoder"], [tokens, tokens], [tokens, edited])
        assert (enc > 1e-3).all() and (src > 1e-3).all(), t
        np.testing.assert_array_equal(dec[:t], 0)
        np.testing.assert_array_equal(tgt[:t], 0)
        assert (dec[t:] > 1e-3).all() and (tgt[t:] > 1e-3).all(), t


def test_cross_attention_output_has_the_decoders_length():
    decoder_states = np.zeros((1, 5, 16), "float32")
    encoder_output = np.zeros((1, 9, 16), "float32")
    out = layers.MultiHeadAttention(2, 8)(decoder_states, encoder_output)
    assert tuple(out.shape) == (1, 5, 16)


def test_without_the_causal_mask_a_decoder_learns_to_copy_the_next_token():
    """Random tokens: the next one cannot be predicted, so the honest loss stays near
    log(vocab). Without the causal mask the model reads it and the loss collapses."""
    keras.utils.set_random_seed(0)
    vocab, length, d = 20, 12, 32
    tokens = np.random.default_rng(0).integers(0, vocab, size=(512, length + 1))
    inputs, targets = tokens[:, :-1], tokens[:, 1:]
    positions = np.random.default_rng(1).normal(size=(length, d)).astype("float32")

    def final_loss(causal):
        ids = keras.Input((length,), dtype="int32")
        h = layers.Embedding(vocab, d)(ids) + positions  # fixed positions, as constants
        h = h + layers.MultiHeadAttention(2, 16)(h, h, use_causal_mask=causal)
        model = keras.Model(ids, layers.Dense(vocab)(h))
        model.compile(keras.optimizers.Adam(1e-2),
                      keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        history = model.fit(inputs, targets, epochs=8, batch_size=64, verbose=0)
        return history.history["loss"][-1]

    assert final_loss(causal=True) > 0.95 * np.log(vocab)
    assert final_loss(causal=False) < 0.4 * np.log(vocab)
