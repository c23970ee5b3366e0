"""
Title: Attention vs RNN speed: time per training step as the sequence grows
Description: One training step of an LSTM and of a one-block Transformer, at 3 lengths.
"""

import time

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers, ops

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
batch = 32
repeats = {16: 30, 64: 15, 256: 5}  # length: steps timed (short steps vary more)
lengths = list(repeats)


class PositionEmbedding(layers.Layer):
    def __init__(self, max_length, d_model, **kwargs):
        super().__init__(**kwargs)
        self.table = self.add_weight(shape=(max_length, d_model), initializer="uniform")

    def call(self, x):
        return x + self.table[: ops.shape(x)[1]]


def transformer_classifier(vocab_size, max_length, d_model=32, heads=2, ff_dim=64):
    ids = keras.Input((None,), dtype="int32")
    x = layers.Embedding(vocab_size, d_model)(ids)
    x = PositionEmbedding(max_length, d_model)(x)
    mha = layers.MultiHeadAttention(num_heads=heads, key_dim=d_model // heads)
    x = layers.LayerNormalization()(x + mha(x, x))
    ffn = layers.Dense(d_model)(layers.Dense(ff_dim, activation="relu")(x))
    x = layers.LayerNormalization()(x + ffn)
    return keras.Model(ids, layers.Dense(1, activation="sigmoid")(x[:, -1, :]))


def lstm_classifier(vocab_size, d_model=32, units=32):
    ids = keras.Input((None,), dtype="int32")
    x = layers.Embedding(vocab_size, d_model)(ids)
    last = layers.LSTM(units)(x)
    return keras.Model(ids, layers.Dense(1, activation="sigmoid")(last))


def compiled_train_step(model):
    """One gradient step, traced once for any batch size and length."""
    optimizer, loss_fn = keras.optimizers.Adam(), keras.losses.BinaryCrossentropy()
    spec = [tf.TensorSpec([None, None], tf.int32), tf.TensorSpec([None, 1], tf.float32)]

    @tf.function(input_signature=spec)
    def step(ids, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(ids, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply(grads, model.trainable_variables)
        return loss

    return step


models = {"LSTM": lstm_classifier(12), "Transformer": transformer_classifier(12, 256)}
steps = {name: compiled_train_step(model) for name, model in models.items()}
ms_per_step = {name: [] for name in models}
first_call_ms = {}
for length in lengths:
    ids = rng.integers(1, 12, size=(batch, length)).astype("int32")
    y = rng.integers(0, 2, size=(batch, 1)).astype("float32")
    for name, step in steps.items():
        start = time.perf_counter()
        step(ids, y).numpy()  # warm-up: the very first call also traces the graph
        first_call_ms.setdefault(name, 1000 * (time.perf_counter() - start))
        times = []
        for _ in range(repeats[length]):
            start = time.perf_counter()
            step(ids, y).numpy()  # .numpy() waits for the step to finish
            times.append(time.perf_counter() - start)
        ms_per_step[name].append(1000 * min(times))  # fastest: least disturbed

print("first call, which traces the graph: " + ", ".join(
    f"{name} {ms:.0f} ms" for name, ms in first_call_ms.items()))
print(f"batch of {batch}; fastest of {list(repeats.values())} steps after the warm-up")
for i, length in enumerate(lengths):
    print(f"length {length:>3}: " + ", ".join(
        f"{name} {ms[i]:.1f} ms/step" for name, ms in ms_per_step.items()))

plt.figure(figsize=(6, 3.5))
for (name, ms), marker in zip(ms_per_step.items(), "os"):
    plt.plot(lengths, ms, marker=marker, label=name)
plt.xscale("log", base=2)
plt.yscale("log")
plt.xticks(lengths, [str(n) for n in lengths])
plt.xlabel("sequence length (tokens)")
plt.ylabel("ms per training step")
plt.legend()
plt.title("Time per training step on the build machine's CPU")
plt.show()
