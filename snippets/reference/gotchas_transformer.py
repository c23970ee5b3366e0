"""
Title: Gotcha: Transformer blocks without residual connections lose the tokens
Description: Six encoder blocks at initialization, with and without x + sublayer(x).
"""

import keras
import numpy as np
from keras import layers

d_model, depth = 32, 6
x = np.random.default_rng(0).normal(size=(4, 16, d_model)).astype("float32")


# --8<-- [start:wrong]
def block_without_residual(x):
    x = layers.LayerNormalization()(layers.MultiHeadAttention(4, 8)(x, x))
    ffn = layers.Dense(d_model)(layers.Dense(4 * d_model, activation="relu")(x))
    return layers.LayerNormalization()(ffn)
# --8<-- [end:wrong]


# --8<-- [start:right]
def block_with_residual(x):
    x = layers.LayerNormalization()(x + layers.MultiHeadAttention(4, 8)(x, x))
    ffn = layers.Dense(d_model)(layers.Dense(4 * d_model, activation="relu")(x))
    return layers.LayerNormalization()(x + ffn)
# --8<-- [end:right]


# --8<-- [start:check]
def token_spread(h):
    """How different the tokens of a sequence are: 0 when all are the same vector."""
    return np.linalg.norm(h - h.mean(axis=1, keepdims=True)) / np.linalg.norm(h)


spreads = {"input": token_spread(x)}
for name, block in (("without residual", block_without_residual),
                    ("with residual", block_with_residual)):
    keras.utils.set_random_seed(0)  # the same weights for both stacks
    inputs = keras.Input((None, d_model))
    h = inputs
    for _ in range(depth):
        h = block(h)
    spreads[name] = token_spread(keras.Model(inputs, h).predict(x, verbose=0))
for name, spread in spreads.items():
    print(f"{name:>16}: token spread {spread:.2f}")
# --8<-- [end:check]
