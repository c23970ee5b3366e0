"""
Title: A SimpleRNN's gradient over 100 steps: vanishing or exploding
Description: Gradient of the last state w.r.t. each input, for four recurrent scales.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(0)
steps, input_dim, units = 100, 8, 32
x = tf.constant(np.random.default_rng(0).normal(size=(32, steps, input_dim)), "float32")

norms = {}  # gain -> mean gradient norm at every step t
for gain in (0.5, 1.0, 2.0, 4.0):  # 1.0 is Keras's default (an orthogonal U)
    keras.utils.set_random_seed(0)
    initializer = keras.initializers.Orthogonal(gain)
    rnn = layers.SimpleRNN(units, recurrent_initializer=initializer)
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = tf.reduce_sum(rnn(x))  # sum of h_100; no training
    gradient = tape.gradient(total, x).numpy()
    norms[gain] = np.linalg.norm(gradient, axis=-1).mean(axis=0)  # (steps,)

distances = [0, 10, 25, 50, 99]  # how many steps before the last one
print("|d h_100 / d x_t|, by distance 100 - t:")
print(f"{'gain of U':>10}" + "".join(f"{d:>10}" for d in distances))
for gain, norm in norms.items():
    print(f"{gain:>10}" + "".join(f"{norm[steps - 1 - d]:>10.1e}" for d in distances))

plt.figure(figsize=(6, 3.5))
for gain, norm in norms.items():
    shown = np.where(norm > 0, norm, np.nan)  # an exact 0 (underflow) has no log
    plt.semilogy(np.arange(steps)[::-1], shown, label=f"U gain {gain}")
plt.xlabel("distance from the last step (100 - t)")
plt.ylabel("gradient norm (log scale)")
plt.legend()
plt.title("SimpleRNN(32) at initialization: gradient reaching step t")
plt.show()
