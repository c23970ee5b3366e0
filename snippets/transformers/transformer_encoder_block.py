"""
Title: A Transformer encoder block that trains, masks and saves (post-LN or pre-LN)
Description: Dropout, training flag, padding mask, norm_first and a .keras round trip.
"""

import os
import tempfile

import keras
import numpy as np
from keras import layers, ops


# --8<-- [start:layer]
@keras.saving.register_keras_serializable(package="cheatsheet")
class TransformerEncoderBlock(layers.Layer):
    """Self-attention, then a feed-forward network; each with dropout, a residual
    connection and layer normalization, either after the sum (post-LN, the 2017
    paper) or before the sublayer (pre-LN: norm_first=True)."""

    def __init__(self, d_model, num_heads, ff_dim, dropout_rate=0.1,
                 norm_first=False, **kwargs):
        super().__init__(**kwargs)  # name, dtype, trainable: needed to load back
        self.d_model = d_model
        self.num_heads = num_heads
        self.ff_dim = ff_dim
        self.dropout_rate = dropout_rate
        self.norm_first = norm_first
        self.supports_masking = True  # the output keeps the input's padding mask
        self.attention = layers.MultiHeadAttention(
            num_heads, key_dim=d_model // num_heads, dropout=dropout_rate)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"),
                                     layers.Dense(d_model)])
        self.norm1 = layers.LayerNormalization(epsilon=1e-6)
        self.norm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(dropout_rate)
        self.dropout2 = layers.Dropout(dropout_rate)

    def build(self, input_shape):
        self.attention.build(input_shape, input_shape)
        self.ffn.build(input_shape)
        self.norm1.build(input_shape)
        self.norm2.build(input_shape)

    def call(self, x, mask=None, training=None):
        # padding mask (batch, length) -> (batch, 1, length): no one attends to padding
        attention_mask = None if mask is None else ops.expand_dims(mask, 1)
        h = self.norm1(x) if self.norm_first else x
        h = self.attention(h, h, attention_mask=attention_mask, training=training)
        x = x + self.dropout1(h, training=training)  # residual connection
        if not self.norm_first:
            x = self.norm1(x)
        h = self.norm2(x) if self.norm_first else x
        h = self.ffn(h, training=training)
        x = x + self.dropout2(h, training=training)  # residual connection
        if not self.norm_first:
            x = self.norm2(x)
        return x

    def get_config(self):  # every __init__ argument, so load_model can rebuild it
        return {**super().get_config(), "d_model": self.d_model,
                "num_heads": self.num_heads, "ff_dim": self.ff_dim,
                "dropout_rate": self.dropout_rate, "norm_first": self.norm_first}
# --8<-- [end:layer]


# --8<-- [start:checks]
keras.utils.set_random_seed(0)
d_model, num_heads, ff_dim = 32, 4, 128
x = np.random.default_rng(0).normal(size=(2, 10, d_model)).astype("float32")


def run(layer, inputs, **kwargs):
    return ops.convert_to_numpy(layer(inputs, **kwargs))


block = TransformerEncoderBlock(d_model, num_heads, ff_dim, dropout_rate=0.1)
infer_1, infer_2 = run(block, x, training=False), run(block, x, training=False)
train_1, train_2 = run(block, x, training=True), run(block, x, training=True)
print("parameters:", block.count_params())
print("training=False twice, same output:", np.array_equal(infer_1, infer_2))
print("training=True twice, same output: ", np.array_equal(train_1, train_2))
print("training=True vs training=False:  ",
      f"max difference {np.abs(train_1 - infer_1).max():.2f}")
print("no training argument = inference: ", np.array_equal(run(block, x), infer_1))

# A padding mask from Embedding(mask_zero=True) reaches the attention.
ids = keras.Input((None,), dtype="int32")
encoded = TransformerEncoderBlock(d_model, num_heads, ff_dim)(
    layers.Embedding(100, d_model, mask_zero=True)(ids))
encoder = keras.Model(ids, encoded)
short = np.array([[5, 8, 13, 21]])
padded = np.array([[5, 8, 13, 21, 0, 0, 0]])
# Other shapes may run the float32 sums in another order: compare with a tolerance.
unchanged = np.allclose(run(encoder, padded)[:, :4], run(encoder, short),
                        rtol=1e-5, atol=1e-6)
print("3 padding tokens leave the 4 real tokens' outputs unchanged, "
      f"to float32 precision: {unchanged}")

# Post-LN ends with a LayerNormalization: every token has mean 0 and std 1.
for norm_first in (False, True):
    out = run(TransformerEncoderBlock(d_model, num_heads, ff_dim,
                                      norm_first=norm_first), x)
    # |mean|: a mean of 0 comes out as round-off of either sign
    print(f"norm_first={norm_first!s:5}: per-token |mean| "
          f"{np.abs(out.mean(-1)).mean():.3f}, std {out.std(-1).mean():.3f}")
# --8<-- [end:checks]

# --8<-- [start:save]
inputs = keras.Input((None,), dtype="int32")
h = layers.Embedding(100, d_model, mask_zero=True)(inputs)
h = TransformerEncoderBlock(d_model, num_heads, ff_dim, norm_first=True)(h)
h = layers.GlobalAveragePooling1D()(h)  # uses the mask: averages real tokens only
model = keras.Model(inputs, layers.Dense(1, activation="sigmoid")(h))
data = np.random.default_rng(1).integers(1, 100, size=(8, 12))
data[:, 9:] = 0  # the last three tokens are padding

path = os.path.join(tempfile.mkdtemp(), "encoder.keras")
model.save(path)
restored = keras.saving.load_model(path)
restored_block = restored.layers[2]
print("restored:", type(restored_block).__name__,
      {key: restored_block.get_config()[key] for key in ("dropout_rate", "norm_first")})
print("same predictions:", np.array_equal(run(restored, data), run(model, data)))
# --8<-- [end:save]
