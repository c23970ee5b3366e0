"""
Title: Gotcha: the Transformer FFN's width is a choice; its output width is not
Description: Widths d_model and 4 d_model both run; an FFN that never maps back fails.
"""

import re

import keras
import numpy as np
import tensorflow as tf
from keras import layers

d_model = 64
x = np.random.default_rng(0).normal(size=(2, 5, d_model)).astype("float32")

# --8<-- [start:wrong]
narrow = keras.Sequential([
    layers.Dense(d_model, activation="relu"),  # no expansion: still runs
    layers.Dense(d_model),
])
no_projection = layers.Dense(4 * d_model, activation="relu")  # never back to d_model
try:
    x + no_projection(x)  # the residual connection
except tf.errors.InvalidArgumentError as exc:
    error = exc
# --8<-- [end:wrong]

# --8<-- [start:right]
ffn = keras.Sequential([
    layers.Dense(4 * d_model, activation="relu"),  # expand: 4x in Vaswani et al.
    layers.Dense(d_model),  # project back, so that x + ffn(x) is defined
])
# --8<-- [end:right]

# --8<-- [start:check]
reason = re.search(r"Incompatible shapes: \S+ vs\. \S+", str(error))[0]
print(f"no projection back: {type(error).__name__}: {reason}")


def ffn_params(d, d_ff):
    return d * d_ff + d_ff + d_ff * d + d  # two Dense layers with biases


for name, layer, d_ff in (("d_ff = d_model", narrow, d_model),
                          ("d_ff = 4 d_model", ffn, 4 * d_model)):
    out = x + layer(x)
    print(f"{name:>16}: x + ffn(x) {tuple(out.shape)}, {layer.count_params():,} "
          f"parameters (formula {ffn_params(d_model, d_ff):,})")
# --8<-- [end:check]
