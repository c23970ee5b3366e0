"""
Title: Momentum as Keras implements it, and the course sheet's EMA form
Description: Keras SGD(momentum) reproduced by hand; the EMA form differs only in lr.
"""

import keras
import numpy as np
import tensorflow as tf

curvature = np.array([1.0, 10.0], dtype="float32")  # L(w) = (w1^2 + 10 w2^2) / 2
start = np.array([-4.0, 2.0], dtype="float32")
beta, steps = 0.9, 10


def grad(w):  # dL/dw of the quadratic above
    return curvature * w


def keras_path(learning_rate):
    w = keras.Variable(start)
    optimizer = keras.optimizers.SGD(learning_rate=learning_rate, momentum=beta)
    path = [w.numpy().copy()]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = 0.5 * tf.reduce_sum(curvature * w**2)
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])
        path.append(w.numpy().copy())
    return np.array(path)


# Keras (keras/src/optimizers/sgd.py): v <- beta * v - lr * g;  w <- w + v
lr = 0.01
w, v, keras_form = start.copy(), np.zeros(2, "float32"), [start.copy()]
for _ in range(steps):
    v = beta * v - lr * grad(w)
    w = w + v
    keras_form.append(w)
keras_form = np.array(keras_form)
keras_momentum = keras_path(lr)
# The same float32 steps, yet another CPU may round them differently: use a tolerance
# (an absolute one too: round-off from steps of size ~1 stays as w nears 0).
keras_matches = np.allclose(keras_momentum, keras_form, rtol=1e-5, atol=1e-5)
print(f"Keras SGD(momentum={beta}) == v <- beta*v - lr*g, w <- w + v, "
      f"to float32 precision: {keras_matches}")

# The sheet: v <- beta * v + (1 - beta) * g;  w <- w - alpha * v  (an EMA of gradients)
alpha = 0.1
w, v, ema_form = start.copy(), np.zeros(2, "float32"), [start.copy()]
for _ in range(steps):
    v = beta * v + (1 - beta) * grad(w)
    w = w - alpha * v
    ema_form.append(w)
ema_form = np.array(ema_form)
same_lr = keras_path(alpha)
rescaled = keras_path(alpha * (1 - beta))  # Keras's lr = alpha * (1 - beta)
print(f"EMA form (alpha={alpha}) vs Keras with learning_rate={alpha}: "
      f"max gap {np.abs(same_lr - ema_form).max():.3f}")
rescaled_matches = np.allclose(rescaled, ema_form, rtol=1e-5, atol=1e-5)
print(f"EMA form (alpha={alpha}) == Keras with learning_rate={alpha * (1 - beta):.2f}, "
      f"to float32 precision: {rescaled_matches}")
