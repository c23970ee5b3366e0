"""
Title: Why the GRU lags here: its update gate starts at 0.5
Description: Gate values at the start; a GRU with update-gate bias 2 on the long task.
"""

import keras
import numpy as np
from keras import layers

steps, features, units = 41, 9, 32


def update_gate_bias(value):
    def initializer(shape, dtype=None):  # shape (2, 3 * units): input, recurrent bias
        bias = np.zeros(shape, dtype="float32")
        bias[0, :units] = value  # the update gate z is the first of 3 blocks
        return bias
    return initializer


def keep_gate_at_start(layer):
    """Share of the old state kept per step by a fresh layer, for a zero input."""
    layer.build((None, steps, features))
    bias = layer.cell.bias.numpy()
    if isinstance(layer, layers.LSTM):  # blocks input, forget, candidate, output
        gate_bias = bias[units:2 * units]
    else:  # GRU blocks update, reset, candidate; input bias + recurrent bias
        gate_bias = bias[:, :units].sum(axis=0)
    return float(np.mean(1 / (1 + np.exp(-gate_bias))))


for name, layer in [("LSTM, forget gate", layers.LSTM(units)),
                    ("GRU, update gate", layers.GRU(units)),
                    ("GRU, update gate, bias 2", layers.GRU(
                        units, bias_initializer=update_gate_bias(2.0)))]:
    keep = keep_gate_at_start(layer)
    print(f"{name:<25} keeps {keep:.2f} per step, {keep ** 40:.0e} after 40 steps")

rng = np.random.default_rng(0)  # the long task of the snippet above: key 40 steps back
x = rng.normal(size=(1000, steps, features)).astype("float32")
labels = rng.integers(0, 2, size=1000)
x[:, :, -1] = 0.0
x[:, 0, -1] = 2.0 * labels - 1.0

keras.utils.set_random_seed(0)
model = keras.Sequential([
    keras.Input((steps, features)),
    layers.GRU(units, bias_initializer=update_gate_bias(2.0)),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(keras.optimizers.Adam(5e-3), "binary_crossentropy", metrics=["accuracy"])
history = model.fit(x[:800], labels[:800], validation_data=(x[800:], labels[800:]),
                    epochs=6, batch_size=32, verbose=0).history
print("GRU, update-gate bias 2: val accuracy per epoch "
      + " ".join(f"{a:.2f}" for a in history["val_accuracy"]))
