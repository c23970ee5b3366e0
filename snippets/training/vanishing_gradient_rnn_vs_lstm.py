"""
Title: Vanishing gradients: dL/dx_t per time step, SimpleRNN vs LSTM
Description: At initialization, over 100 steps, log scale; plus an LSTM that remembers.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

steps, features, units = 100, 8, 32
rng = np.random.default_rng(0)
x = tf.constant(rng.normal(size=(32, steps, features)).astype("float32"))
y = rng.normal(size=(32, 1)).astype("float32")


def gradient_per_step(layer_class, forget_bias=None):
    keras.utils.set_random_seed(0)  # before the layer exists: same weights every run
    recurrent_layer = layer_class(units)
    model = keras.Sequential([keras.Input((steps, features)), recurrent_layer,
                              layers.Dense(1)])  # only the last state reaches the loss
    if forget_bias is not None:  # Keras's LSTM bias blocks: input, forget, cell, output
        bias = recurrent_layer.cell.bias.numpy()
        bias[units:2 * units] = forget_bias
        recurrent_layer.cell.bias.assign(bias)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = keras.losses.MeanSquaredError()(y, model(x))
    dL_dx = tape.gradient(loss, x).numpy()  # shape (batch, steps, features)
    return np.linalg.norm(dL_dx, axis=-1).mean(axis=0)  # one norm per time step


norms = {
    "SimpleRNN": gradient_per_step(layers.SimpleRNN),
    "LSTM (forget bias 1, the default)": gradient_per_step(layers.LSTM),
    "LSTM with forget bias 5": gradient_per_step(layers.LSTM, forget_bias=5.0),
}
for name, norm in norms.items():
    print(f"{name:<34} |dL/dx_t| at t=1: {norm[0]:.1e}, at t={steps}: {norm[-1]:.1e}, "
          f"ratio {norm[0] / norm[-1]:.1e}")

for name, norm in norms.items():
    plt.semilogy(range(1, steps + 1), norm, label=name)
plt.xlabel("time step t (the loss is computed after step 100)")
plt.ylabel("mean |dL/dx_t| (log scale)")
plt.title("Gradient reaching each input step, at initialization")
plt.legend()
plt.show()
