"""
Title: Gotcha: a target computed by the model itself must be detached
Description: Without tf.stop_gradient the loss also drags its target towards the guess.
"""

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
state = rng.normal(size=(32, 4)).astype("float32")
next_state = rng.normal(size=(32, 4)).astype("float32")
reward = rng.normal(size=(32, 1)).astype("float32")
gamma = 0.9
q = keras.layers.Dense(1)  # a value model, as in Q-learning: it predicts its own target
q.build((None, 4))

# --8<-- [start:wrong]
with tf.GradientTape() as tape:
    target = reward + gamma * q(next_state)  # gradient also flows into the target
    loss = tf.reduce_mean((q(state) - target) ** 2)
grad_wrong = tape.gradient(loss, q.kernel)
# --8<-- [end:wrong]

# --8<-- [start:right]
with tf.GradientTape() as tape:
    target = tf.stop_gradient(reward + gamma * q(next_state))  # a constant now
    loss = tf.reduce_mean((q(state) - target) ** 2)
grad_right = tape.gradient(loss, q.kernel)
# --8<-- [end:right]

# --8<-- [start:check]
# By hand: d/dW mean((s W + b - y)^2) = 2/n s^T error, with the target y held fixed.
error = q(state).numpy() - (reward + gamma * q(next_state).numpy())
by_hand = 2 / len(state) * state.T @ error
# Without stop_gradient the tape also differentiates y: 2/n (s - gamma s')^T error.
through_target = 2 / len(state) * (state - gamma * next_state).T @ error
gap_right = np.abs(grad_right.numpy() - by_hand).max()
gap_wrong = np.abs(grad_wrong.numpy() - by_hand).max()
gap_extra = np.abs(grad_wrong.numpy() - through_target).max()
# Equal to float32 precision: a relative gap of 1e-5 or an absolute one of 1e-6.
print("with stop_gradient:    tape == 2/n s^T e:          ",
      np.allclose(grad_right.numpy(), by_hand, rtol=1e-5, atol=1e-6))
print(f"without stop_gradient: max |tape - 2/n s^T e| = {gap_wrong:.3f}")
print("without stop_gradient: tape == 2/n (s - g s')^T e:",
      np.allclose(grad_wrong.numpy(), through_target, rtol=1e-5, atol=1e-6))
# --8<-- [end:check]
