"""
Title: The feed-forward network holds two thirds of a Transformer block's parameters
Description: Parameter split of the sheet's encoder block, d_ff = 4 d_model and others.
"""

import keras
import numpy as np
from keras import layers


class TransformerEncoderBlock(layers.Layer):
    """The course sheet's encoder block in Keras 3 form (post-LN, ReLU)."""

    def __init__(self, d_model, num_heads, ff_dim):
        super().__init__()
        self.attention = layers.MultiHeadAttention(num_heads=num_heads,
                                                   key_dim=d_model // num_heads)
        self.ffn = keras.Sequential([
            layers.Dense(ff_dim, activation="relu"),  # expand
            layers.Dense(d_model),                    # project back to d_model
        ])
        self.layernorm1 = layers.LayerNormalization()
        self.layernorm2 = layers.LayerNormalization()

    def call(self, x):
        x = self.layernorm1(x + self.attention(x, x))  # residual, then normalize
        return self.layernorm2(x + self.ffn(x))


def ffn_share(d, d_ff):  # FFN / (MHA + FFN + 2 LayerNorms)
    ffn = 2 * d * d_ff + d_ff + d
    return ffn / (4 * d * d + 4 * d + ffn + 4 * d)


print(f"{'d_model':>7} {'d_ff':>5} {'MHA':>9} {'FFN':>9} {'2 LN':>5} {'block':>9} "
      f"{'FFN share':>9} {'formula':>7}  output shape")
for d_model, d_ff in [(128, 512), (512, 2048), (512, 512), (512, 1024), (512, 4096)]:
    block = TransformerEncoderBlock(d_model, num_heads=8, ff_dim=d_ff)
    out = block(np.zeros((1, 4, d_model), dtype="float32"))  # builds the weights
    mha, ffn = block.attention.count_params(), block.ffn.count_params()
    norms = block.layernorm1.count_params() + block.layernorm2.count_params()
    total = block.count_params()
    print(f"{d_model:>7} {d_ff:>5} {mha:>9,} {ffn:>9,} {norms:>5,} {total:>9,} "
          f"{ffn / total:>9.3f} {ffn_share(d_model, d_ff):>7.3f}  {tuple(out.shape)}")
