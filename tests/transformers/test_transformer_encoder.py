"""Facts stated on docs/transformers/transformer_encoder.md."""

import warnings

import keras
import numpy as np
import pytest
from keras import layers, ops


@pytest.fixture(scope="module")
def block_run(snippet):
    return snippet("snippets/transformers/transformer_encoder_block.py")


@pytest.fixture(scope="module")
def Block(block_run):
    return block_run.namespace["TransformerEncoderBlock"]


def numpy(tensor):
    return ops.convert_to_numpy(tensor)


class TransformerEncoderBlock(keras.layers.Layer):
    """The course sheet's block, verbatim, with its blank filled as 'relu'."""

    def __init__(self, d_model, num_heads, ff_dim, dropout_rate=0.1):
        super().__init__()
        self.attention = layers.MultiHeadAttention(
            num_heads=num_heads,
            key_dim=d_model // num_heads
        )
        self.ffn = keras.Sequential([
            layers.Dense(ff_dim, activation='relu'),  # Expand (typically 4x d_model)
            layers.Dense(d_model),                       # Project back to d_model
        ])
        self.layernorm1 = layers.LayerNormalization()
        self.layernorm2 = layers.LayerNormalization()

    def call(self, x):
        attn_output = self.attention(x, x)
        x = self.layernorm1(x + attn_output)  # Residual connection
        ffn_output = self.ffn(x)
        return self.layernorm2(x + ffn_output)  # Residual connection


SheetBlock = TransformerEncoderBlock


def _x(shape=(2, 10, 32), seed=0):
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


def _dropouts(layer):
    return [sub for sub in layer._flatten_layers(include_self=False)
            if isinstance(sub, layers.Dropout)]


# --- the correct block -------------------------------------------------------------

@pytest.mark.parametrize("d, h, f", [(32, 4, 128), (16, 2, 64), (64, 8, 256), (12, 3, 20),
                                     (8, 1, 8), (24, 6, 7), (40, 5, 100), (48, 4, 48), (1, 1, 1)])
def test_parameter_formula_matches_keras(Block, d, h, f):
    block = Block(d, h, f)
    block.build((None, None, d))
    assert block.count_params() == 4 * d * d + 4 * d + 2 * d * f + f + d + 4 * d


def test_printed_parameter_count(block_run):
    block = block_run.namespace["block"]
    assert f"parameters: {block.count_params()}" in block_run.stdout


def test_inference_is_deterministic_and_training_drops(block_run):
    ns = block_run.namespace
    assert np.array_equal(ns["infer_1"], ns["infer_2"])
    assert not np.array_equal(ns["train_1"], ns["train_2"])
    assert not np.allclose(ns["train_1"], ns["infer_1"])
    assert "training=True twice, same output:  False" in block_run.stdout
    assert "no training argument = inference:  True" in block_run.stdout


def test_dropout_rate_reaches_every_dropout(Block):
    block = Block(32, 4, 128, dropout_rate=0.3)
    block.build((None, None, 32))
    rates = [d.rate for d in _dropouts(block)]
    assert rates == [0.3, 0.3, 0.3]  # attention weights, and both residual branches
    assert block.attention.dropout == 0.3


def test_zero_dropout_makes_training_deterministic(Block):
    x = _x()
    block = Block(32, 4, 128, dropout_rate=0.0)
    np.testing.assert_allclose(numpy(block(x, training=True)),
                               numpy(block(x, training=False)), rtol=0, atol=1e-6)


def test_fit_trains_with_dropout_on_and_predict_has_it_off(Block):
    keras.utils.set_random_seed(0)
    x = _x((8, 6, 16))
    model = keras.Sequential([keras.Input((6, 16)), Block(16, 2, 32, dropout_rate=0.5)])
    model.compile("sgd", "mse")
    target = numpy(model(x))
    assert model.evaluate(x, target, verbose=0) == pytest.approx(0.0, abs=1e-10)
    assert model.fit(x, target, epochs=1, verbose=0).history["loss"][0] > 0.01


def test_post_ln_is_the_papers_formula(Block):
    """y = LN(x + Attention(x)); out = LN(y + FFN(y)), with dropout off."""
    x = _x()
    block = Block(32, 4, 128, dropout_rate=0.0)
    out = numpy(block(x))
    y = block.norm1(x + block.attention(x, x))
    np.testing.assert_allclose(out, numpy(block.norm2(y + block.ffn(y))), atol=1e-5)


def test_pre_ln_is_x_plus_sublayer_of_norm(Block):
    """y = x + Attention(LN(x)); out = y + FFN(LN(y)), with dropout off."""
    x = _x()
    block = Block(32, 4, 128, dropout_rate=0.0, norm_first=True)
    out = numpy(block(x))
    n = block.norm1(x)
    y = x + block.attention(n, n)
    np.testing.assert_allclose(out, numpy(y + block.ffn(block.norm2(y))), atol=1e-5)


def test_post_ln_output_is_normalized_per_token_and_pre_ln_is_not(block_run):
    ns = block_run.namespace
    Block, x = ns["TransformerEncoderBlock"], ns["x"]
    post = numpy(Block(32, 4, 128)(x))
    pre = numpy(Block(32, 4, 128, norm_first=True)(x))
    np.testing.assert_allclose(post.mean(-1), 0, atol=1e-5)
    np.testing.assert_allclose(post.std(-1), 1, atol=1e-3)
    assert np.abs(pre.std(-1) - 1).mean() > 0.1
    assert "norm_first=False: per-token |mean| 0.000, std 1.000" in block_run.stdout


def test_pre_ln_keeps_an_identity_path_and_post_ln_does_not(Block):
    """With both sublayers' last projections at zero, pre-LN is the identity."""
    x = _x()
    for norm_first in (True, False):
        block = Block(32, 4, 128, norm_first=norm_first)
        block.build((None, None, 32))
        for dense in (block.attention._output_dense, block.ffn.layers[-1]):
            dense.set_weights([np.zeros_like(w) for w in dense.get_weights()])
        out = numpy(block(x))
        if norm_first:
            np.testing.assert_array_equal(out, x)
        else:
            normalized = (x - x.mean(-1, keepdims=True)) / x.std(-1, keepdims=True)
            np.testing.assert_allclose(out, normalized, atol=1e-4)


def test_padding_does_not_change_the_real_tokens(block_run):
    ns = block_run.namespace
    encoder, short, padded = ns["encoder"], ns["short"], ns["padded"]
    np.testing.assert_allclose(encoder.predict(padded, verbose=0)[:, :4],
                               encoder.predict(short, verbose=0), atol=1e-6)
    assert ("3 padding tokens leave the 4 real tokens' outputs unchanged, "
            "to float32 precision: True") in block_run.stdout


def test_padding_does_change_them_without_the_mask(Block):
    keras.utils.set_random_seed(0)
    embed = layers.Embedding(100, 32)  # no mask_zero
    block = Block(32, 4, 128)
    short, padded = np.array([[5, 8, 13, 21]]), np.array([[5, 8, 13, 21, 0, 0, 0]])
    change = np.abs(numpy(block(embed(padded)))[:, :4] - numpy(block(embed(short))))
    assert change.max() > 0.01


def test_the_mask_reaches_attention_on_the_first_eager_call_too(Block):
    keras.utils.set_random_seed(0)
    embed = layers.Embedding(100, 32, mask_zero=True)
    block = Block(32, 4, 128)
    first = numpy(block(embed(np.array([[5, 8, 13, 21, 0, 0, 0]]))))
    np.testing.assert_allclose(first[:, :4], numpy(block(embed(np.array([[5, 8, 13, 21]])))),
                               atol=1e-6)


def test_the_mask_is_passed_on(Block):
    embedded = layers.Embedding(100, 32, mask_zero=True)(np.array([[5, 8, 0, 0]]))
    out = Block(32, 4, 128)(embedded)
    np.testing.assert_array_equal(numpy(out._keras_mask),
                                  [[True, True, False, False]])


def test_the_saved_model_loads_back_with_equal_outputs(block_run, tmp_path):
    ns = block_run.namespace
    Block, model, restored, data = (ns[k] for k in ("TransformerEncoderBlock", "model",
                                                   "restored", "data"))
    assert isinstance(ns["restored_block"], Block)
    assert ns["restored_block"].norm_first is True
    np.testing.assert_array_equal(restored.predict(data, verbose=0),
                                  model.predict(data, verbose=0))
    assert "same predictions: True" in block_run.stdout
    # padding is ignored by the restored model too: the mask survives the round trip
    np.testing.assert_allclose(restored.predict(np.array([[4, 9, 0, 0]]), verbose=0),
                               restored.predict(np.array([[4, 9]]), verbose=0), atol=1e-6)


def test_registered_name_and_config_round_trip(Block):
    assert keras.saving.get_registered_name(Block) == "cheatsheet>TransformerEncoderBlock"
    block = Block(32, 4, 128, dropout_rate=0.2, norm_first=True, name="enc_1")
    copy = Block.from_config(block.get_config())
    assert (copy.name, copy.d_model, copy.num_heads, copy.ff_dim, copy.dropout_rate,
            copy.norm_first) == ("enc_1", 32, 4, 128, 0.2, True)


def test_keras3_passes_training_to_nested_layers_by_itself():
    """The explicit `training=training` in the block is for clarity, not necessity."""

    class NoTrainingArgument(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dropout = layers.Dropout(0.5)

        def call(self, x):
            return self.dropout(x)

    x = np.ones((4, 100), "float32")
    layer = NoTrainingArgument()
    assert np.array_equal(numpy(layer(x, training=False)), x)
    assert (numpy(layer(x, training=True)) == 0).any()


# --- the course sheet's block --------------------------------------------------------

def test_the_sheets_dropout_rate_has_no_effect():
    keras.utils.set_random_seed(0)
    x = _x()
    block = SheetBlock(32, 4, 128, dropout_rate=0.5)
    infer = numpy(block(x, training=False))
    np.testing.assert_array_equal(numpy(block(x, training=True)), infer)
    # the only Dropout inside is MultiHeadAttention's own, at its default rate 0
    assert [d.rate for d in _dropouts(block)] == [0.0]


def test_the_sheets_block_takes_no_keyword_arguments():
    with pytest.raises(TypeError, match="unexpected keyword argument 'name'"):
        SheetBlock(32, 4, 128, name="encoder_1")


def test_the_sheets_block_saves_but_does_not_load_back(tmp_path):
    keras.utils.set_random_seed(0)
    inputs = keras.Input((None, 32))
    model = keras.Model(inputs, SheetBlock(32, 4, 128)(inputs))
    # Keras 3 records plain __init__ arguments by itself, so get_config and save work
    assert SheetBlock(32, 4, 128).get_config()["d_model"] == 32
    path = tmp_path / "sheet.keras"
    model.save(path)
    with pytest.raises(TypeError, match="Could not locate class 'TransformerEncoderBlock'"):
        keras.saving.load_model(path)
    with pytest.raises(TypeError, match="unexpected keyword argument 'trainable'"):
        keras.saving.load_model(path, custom_objects={"TransformerEncoderBlock": SheetBlock})


@pytest.mark.filterwarnings("ignore:Layer .* does not support masking:UserWarning")
def test_the_sheets_block_destroys_the_padding_mask():
    keras.utils.set_random_seed(0)
    ids = keras.Input((None,), dtype="int32")
    embedded = layers.Embedding(100, 32, mask_zero=True)(ids)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        encoded = SheetBlock(32, 4, 128)(embedded)
    assert any("does not support masking and will therefore destroy the mask"
               in str(w.message) for w in caught)
    assert getattr(encoded, "_keras_mask", None) is None
    encoder = keras.Model(ids, encoded)
    pooled = keras.Model(ids, layers.GlobalAveragePooling1D()(encoded))
    short, padded = np.array([[5, 8, 13, 21]]), np.array([[5, 8, 13, 21, 0, 0, 0]])
    # Inside the block Keras 3 still hands the mask to MultiHeadAttention (the tensor
    # carries it), so the real tokens' outputs do not change ...
    np.testing.assert_allclose(encoder.predict(padded, verbose=0)[:, :4],
                               encoder.predict(short, verbose=0), atol=1e-6)
    # ... but the layers after it see no mask: the average now includes the padding.
    assert np.abs(pooled.predict(padded, verbose=0)
                  - pooled.predict(short, verbose=0)).max() > 0.01


@pytest.mark.filterwarnings("ignore:Layer .* does not support masking:UserWarning")
def test_without_build_the_first_eager_call_loses_the_mask():
    """Keras builds a layer without `build` by tracing `call`; in Keras 3.15.1 that trace
    strips the mask from the first input, so the sheet's block attends to padding once."""
    keras.utils.set_random_seed(0)
    embed = layers.Embedding(100, 32, mask_zero=True)
    block = SheetBlock(32, 4, 128)
    padded, short = np.array([[5, 8, 13, 21, 0, 0, 0]]), np.array([[5, 8, 13, 21]])
    first = numpy(block(embed(padded)))[:, :4]
    reference = numpy(block(embed(short)))
    again = numpy(block(embed(padded)))[:, :4]
    assert np.abs(first - reference).max() > 0.01
    np.testing.assert_allclose(again, reference, atol=1e-6)


def test_without_positions_the_block_is_permutation_equivariant_for_every_permutation(Block):
    import itertools

    x = _x((2, 5, 16))
    block = Block(16, 2, 32)
    out = numpy(block(x))
    for perm in map(list, itertools.permutations(range(5))):  # all 120
        np.testing.assert_allclose(numpy(block(x[:, perm])), out[:, perm], rtol=1e-5, atol=1e-5)
