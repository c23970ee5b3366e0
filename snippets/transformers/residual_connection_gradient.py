"""
Title: Residual connections keep the gradient alive through 30 layers
Description: As d(x + F(x))/dx = I + dF/dx: gradient norm per depth, with and without.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
d = 32

# one block: the Jacobian of x + F(x) is the identity plus the Jacobian of F
block = layers.Dense(d, activation="tanh")
x0 = tf.constant(rng.normal(size=(1, d)).astype("float32"))
with tf.GradientTape(persistent=True) as tape:
    tape.watch(x0)
    f = block(x0)
    y = x0 + f
jacobian_f = tape.jacobian(f, x0).numpy().reshape(d, d)
jacobian_y = tape.jacobian(y, x0).numpy().reshape(d, d)
print("d(x + F(x))/dx == I + dF/dx:", np.allclose(jacobian_y, np.eye(d) + jacobian_f,
                                                   atol=1e-6))

# a deep stack: 30 Dense layers, plain h = F(h) or residual h = h + F(h)
depth = 30
x = tf.constant(rng.normal(size=(64, d)).astype("float32"))
readout = tf.constant(rng.normal(size=(d, 1)).astype("float32"))


def gradient_norm_per_depth(activation, residual):
    keras.utils.set_random_seed(0)  # the same weights for the plain and residual stacks
    stack = [layers.Dense(d, activation=activation) for _ in range(depth)]
    with tf.GradientTape() as tape:
        tape.watch(x)
        h, hidden = x, [x]
        for layer in stack:
            h = h + layer(h) if residual else layer(h)
            hidden.append(h)
        loss = tf.reduce_sum(h @ readout)
    gradients = tape.gradient(loss, hidden)  # dL/dh at every depth, 0 = the input
    return np.array([np.linalg.norm(g.numpy(), axis=-1).mean() for g in gradients])


norms = {(activation, residual): gradient_norm_per_depth(activation, residual)
         for activation in ("sigmoid", "tanh") for residual in (False, True)}
for (activation, residual), norm in norms.items():
    name = f"{activation}, {'residual' if residual else 'plain'}"
    print(f"{name:<17} |dL/dh| at the top: {norm[-1]:.1e}, at the input: {norm[0]:.1e}")

for (activation, residual), norm in norms.items():
    plt.semilogy(range(depth + 1), norm, linestyle="-" if residual else "--",
                 label=f"{activation}, {'residual' if residual else 'plain'}")
plt.xlabel("depth (0 = the input, 30 = the last layer's output)")
plt.ylabel("mean |dL/dh| (log scale)")
plt.title("Gradient norm per depth of a 30-layer stack, at initialization")
plt.legend()
plt.show()
