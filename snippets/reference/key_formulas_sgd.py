"""
Title: Key formulas: a gradient-descent step and momentum, against keras SGD
Description: Keras's momentum form, the sheet's EMA form, and the factor between them.
"""

import keras
import numpy as np
import tensorflow as tf

start = np.array([-4.0, 2.0], dtype="float32")
curvature = np.array([1.0, 10.0], dtype="float32")  # L(w) = (w1^2 + 10 w2^2) / 2
lr, beta, steps = 0.05, 0.9, 8


def grad(w):
    return curvature * w  # dL/dw


def keras_path(optimizer, gradient=grad):
    w = keras.Variable(start)
    path = [w.numpy().copy()]
    for _ in range(steps):
        optimizer.apply_gradients([(tf.constant(gradient(w.numpy())), w)])
        path.append(w.numpy().copy())
    return np.array(path)


# Plain gradient descent: w <- w - lr * g
by_hand, w = [start], start.copy()
for _ in range(steps):
    w = w - lr * grad(w)
    by_hand.append(w)
sgd = keras_path(keras.optimizers.SGD(learning_rate=lr))
# Equal to float32 precision: a relative gap of 1e-5 or an absolute one of 1e-6.
print("SGD(lr)                 == w - lr*g:          ",
      np.allclose(sgd, by_hand, rtol=1e-5, atol=1e-6))

# Keras's momentum: v <- beta*v - lr*g; w <- w + v
keras_form, w, v = [start], start.copy(), np.zeros(2, "float32")
for _ in range(steps):
    v = beta * v - lr * grad(w)
    w = w + v
    keras_form.append(w)
momentum = keras_path(keras.optimizers.SGD(learning_rate=lr, momentum=beta))
print("SGD(lr, momentum)       == v=b*v - lr*g, w+=v:",
      np.allclose(momentum, keras_form, rtol=1e-5, atol=1e-6))

# The sheet's EMA form: v <- beta*v + (1 - beta)*g; w <- w - lr*v
ema_form, w, v = [start], start.copy(), np.zeros(2, "float32")
for _ in range(steps):
    v = beta * v + (1 - beta) * grad(w)
    w = w - lr * v
    ema_form.append(w)
ema_form = np.array(ema_form)
rescaled = keras_path(keras.optimizers.SGD(learning_rate=lr * (1 - beta),
                                           momentum=beta))
print("SGD(lr, momentum)       == EMA form:           ",
      np.allclose(momentum, ema_form, rtol=1e-5, atol=1e-6),
      f"(max gap {np.abs(momentum - ema_form).max():.2f})")
print("SGD(lr*(1-b), momentum) == EMA form:           ",
      np.allclose(rescaled, ema_form, rtol=1e-5, atol=1e-6))

# With a constant gradient the two forms' steps differ by exactly 1 / (1 - beta).
constant = keras_path(keras.optimizers.SGD(learning_rate=lr, momentum=beta),
                      gradient=lambda w: np.ones(2, "float32"))
ema_steps, v = [], 0.0
for _ in range(steps):
    v = beta * v + (1 - beta) * 1.0
    ema_steps.append(lr * v)
ratio = -np.diff(constant[:, 0]) / np.array(ema_steps)
print("constant gradient, Keras step / EMA step:", " ".join(f"{r:.2f}" for r in ratio),
      f"(1 / (1 - beta) = {1 / (1 - beta):.1f})")
