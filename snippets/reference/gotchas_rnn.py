"""
Title: Gotcha: a simple RNN's gradient does not reach 100 steps back
Description: Gradient of the output w.r.t. each step: SimpleRNN, GRU, LSTM, attention.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(0)
steps = 100
x = tf.constant(np.random.default_rng(0).normal(size=(4, steps, 16)), "float32")


def gradient_per_step(layer):
    """|d output / d x_t| for every step t, output = the last step's vector."""
    with tf.GradientTape() as tape:
        tape.watch(x)
        out = layer(x)
        last = out[:, -1] if len(out.shape) == 3 else out
        total = tf.reduce_sum(last)
    return np.linalg.norm(tape.gradient(total, x).numpy(), axis=-1).mean(axis=0)


# --8<-- [start:wrong]
simple_rnn = layers.SimpleRNN(16)  # reads 100 steps one after another
gru = layers.GRU(16)  # gated, but at Keras's defaults its update gate keeps only half
# --8<-- [end:wrong]


# --8<-- [start:right]
lstm = layers.LSTM(16)  # gated cell state: the gradient fades more slowly


def update_gate_head_start(shape, dtype=None):  # GRU bias: (2, 3 * units), z first
    bias = np.zeros(shape, dtype="float32")
    bias[0, :16] = 2.0  # the update gate keeps sigmoid(2) = 0.88 of the state per step
    return bias


gru_head_start = layers.GRU(16, bias_initializer=update_gate_head_start)


class SelfAttention(layers.Layer):  # every step one hop from every other
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.mha = layers.MultiHeadAttention(num_heads=1, key_dim=16)

    def call(self, x):
        return self.mha(x, x)


attention = SelfAttention()
# --8<-- [end:right]

# --8<-- [start:check]
distances = [1, 10, 50, 99]  # steps before the last one
norms = {name: gradient_per_step(layer) for name, layer in
         (("SimpleRNN", simple_rnn), ("GRU", gru), ("LSTM", lstm),
          ("GRU, z bias 2", gru_head_start), ("self-attention", attention))}
print("|d output / d x_t| by distance from the last step:")
print(f"{'':>14}" + "".join(f"{d:>10}" for d in distances))
for name, norm in norms.items():
    print(f"{name:>14}" + "".join(f"{norm[steps - 1 - d]:>10.1e}" for d in distances))
# --8<-- [end:check]
