"""
Title: Key formula: the chain rule for one neuron, against tf.GradientTape
Description: The chain rule dL/dw = dL/da * da/dz * dz/dw by hand, against the tape.
"""

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.normal(size=(8, 3)).astype("float32")  # 8 examples, 3 inputs
y = rng.uniform(size=(8, 1)).astype("float32")
neuron = keras.layers.Dense(1, activation="sigmoid")  # a = sigmoid(z), z = x . w + b
neuron.build((None, 3))

with tf.GradientTape() as tape:
    a = neuron(x)
    loss = tf.reduce_mean((a - y) ** 2)  # L: mean squared error over the batch
tape_grad = tape.gradient(loss, neuron.kernel).numpy()  # dL/dw, shape (3, 1)

a = a.numpy()
dL_da = 2 * (a - y) / len(x)  # mean of (a - y)^2: each example's share
da_dz = a * (1 - a)  # derivative of the sigmoid
dz_dw = x  # z = x . w + b
chain_rule = dz_dw.T @ (dL_da * da_dz)  # summed over the batch

print("dL/dw by the chain rule:", np.round(chain_rule.ravel(), 4))
print("dL/dw by GradientTape:  ", np.round(tape_grad.ravel(), 4))
# Equal to float32 precision: a relative gap of 1e-5 or an absolute one of 1e-6.
print("chain rule == GradientTape:",
      np.allclose(chain_rule, tape_grad, rtol=1e-5, atol=1e-6))
