"""
Title: A SimpleRNN's gradient over 100 steps: vanishing or exploding
Description: Gradient of the last state w.r.t. each input, as the gain of U varies.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(0)
steps, input_dim, units = 100, 8, 32
x = tf.constant(np.random.default_rng(0).normal(size=(32, steps, input_dim)), "float32")

rnn = layers.SimpleRNN(units)  # Keras's default U: orthogonal, gain 1
rnn.build(x.shape)
default_u = rnn.cell.recurrent_kernel.numpy()


@tf.function  # traced once, then reused for every gain
def gradient_of_last_state():
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = tf.reduce_sum(rnn(x))  # sum of h_100; no training
    return tape.gradient(total, x)


def norms_at(gain):
    # Orthogonal(gain) is gain * Orthogonal(1): scaling U in place is choosing the gain
    rnn.cell.recurrent_kernel.assign(gain * default_u)
    gradient = gradient_of_last_state().numpy()
    return np.linalg.norm(gradient, axis=-1).mean(axis=0)  # (steps,)


norms = {gain: norms_at(gain) for gain in (0.5, 1.0, 2.0, 4.0)}
distances = [0, 10, 25, 50, 99]  # how many steps before the last one
print("|d h_100 / d x_t|, by distance 100 - t:")
print(f"{'gain of U':>10}" + "".join(f"{d:>10}" for d in distances))
for gain, norm in norms.items():
    print(f"{gain:>10}" + "".join(f"{norm[steps - 1 - d]:>10.1e}" for d in distances))

# Sweep the gain: which scales keep the first step within 100x of the last?
gains = np.round(np.arange(0.5, 4.0 + 1e-9, 0.02), 2)
first_over_last = {}
for gain in gains:
    norm = norms_at(gain)
    first_over_last[gain] = norm[0] / norm[-1]
kept = [gain for gain, ratio in first_over_last.items() if 1e-2 <= ratio <= 1e2]
print(f"Gains from 0.5 to 4 (step 0.02) that keep d/dx_1 within 100x of d/dx_100: "
      f"{kept[0]:.2f} to {kept[-1]:.2f}, {len(kept)} of {len(gains)}")

figure, (curves, sweep) = plt.subplots(1, 2, figsize=(10, 3.5))
for gain, norm in norms.items():
    shown = np.where(norm > 0, norm, np.nan)  # an exact 0 (underflow) has no log
    curves.semilogy(np.arange(steps)[::-1], shown, label=f"U gain {gain}")
curves.set_xlabel("distance from the last step (100 - t)")
curves.set_ylabel("gradient norm (log scale)")
curves.legend()
ratios = np.array(list(first_over_last.values()))
sweep.semilogy(gains, np.where(ratios > 0, ratios, np.nan))
sweep.axhspan(1e-2, 1e2, alpha=0.2, label="within 100x")
sweep.set_xlabel("gain of U")
sweep.set_ylabel("first step / last step")
sweep.legend()
figure.suptitle("SimpleRNN(32) at initialization: gradient reaching step t")
plt.show()
