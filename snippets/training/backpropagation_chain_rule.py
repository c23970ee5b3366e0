"""
Title: Backpropagation: the chain rule by hand equals tf.GradientTape
Description: One sigmoid neuron, squared-error loss: dL/dw factor by factor, then by TF.
"""

import numpy as np
import tensorflow as tf

x = np.array([0.5, -1.0, 2.0], dtype="float32")  # one input with three features
y = 1.0  # its target
w = tf.Variable([0.3, -0.2, 0.1])
b = tf.Variable(0.05)

# Forward pass, recorded by the tape: z = w.x + b, a = sigmoid(z), L = (a - y)^2
with tf.GradientTape() as tape:
    z = tf.tensordot(w, x, axes=1) + b
    a = tf.sigmoid(z)
    loss = (a - y) ** 2
tape_dw, tape_db = tape.gradient(loss, [w, b])

# Backward pass by hand, one factor of the chain rule at a time
a_ = float(a)
dL_da = 2 * (a_ - y)  # derivative of the squared error
da_dz = a_ * (1 - a_)  # derivative of the sigmoid
dz_dw = x  # z is linear in w: its derivative is the input
dz_db = 1.0
by_hand_dw = dL_da * da_dz * dz_dw
by_hand_db = dL_da * da_dz * dz_db

print(f"z = {float(z):.4f}, a = {a_:.4f}, L = {float(loss):.4f}")
print(f"dL/da = {dL_da:.4f}, da/dz = {da_dz:.4f}, dz/dw = x = {x}")
print("dL/dw by hand:       ", np.round(by_hand_dw, 5))
print("dL/dw by GradientTape:", np.round(tape_dw.numpy(), 5))
print(f"dL/db by hand: {by_hand_db:.5f}, by GradientTape: {float(tape_db):.5f}")
