"""
Title: One GRU step by hand, for both reset_after conventions
Description: Update gate, reset gate and candidate in numpy reproduce keras.layers.GRU.
"""

import keras
import numpy as np
from keras import layers


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def gru_step(x, h, kernel, recurrent_kernel, bias, reset_after):
    """Keras stores the three blocks side by side in the order z, r, candidate."""
    W_z, W_r, W_h = np.split(kernel, 3, axis=-1)
    U_z, U_r, U_h = np.split(recurrent_kernel, 3, axis=-1)
    if reset_after:  # two bias rows: one added to W x, one to U h
        b_z, b_r, b_h = np.split(bias[0], 3)
        c_z, c_r, c_h = np.split(bias[1], 3)
    else:  # one bias row
        b_z, b_r, b_h = np.split(bias, 3)
        c_z = c_r = c_h = 0
    z = sigmoid(x @ W_z + b_z + h @ U_z + c_z)  # update gate
    r = sigmoid(x @ W_r + b_r + h @ U_r + c_r)  # reset gate
    if reset_after:
        candidate = np.tanh(x @ W_h + b_h + r * (h @ U_h + c_h))
    else:
        candidate = np.tanh(x @ W_h + b_h + (r * h) @ U_h)
    return z * h + (1 - z) * candidate  # z = 1 keeps the old state


rng = np.random.default_rng(0)
input_dim, units = 3, 4
x = rng.normal(size=(2, input_dim)).astype("float32")
h0 = rng.normal(size=(2, units)).astype("float32")
print("default reset_after:", layers.GRU(units).get_config()["reset_after"])
for reset_after in (True, False):
    gru = layers.GRU(units, reset_after=reset_after)
    gru.build((None, 1, input_dim))
    weights = [rng.normal(size=w.shape).astype("float32") for w in gru.weights]
    gru.set_weights(weights)
    keras_h1 = keras.ops.convert_to_numpy(gru(x[:, None, :], initial_state=[h0]))
    by_hand = gru_step(x, h0, *weights, reset_after=reset_after)
    shapes = [tuple(w.shape) for w in gru.weights]
    print(f"reset_after={reset_after}: weight shapes {shapes}; "
          f"Keras = by hand: {np.allclose(keras_h1, by_hand, atol=1e-5)}")
