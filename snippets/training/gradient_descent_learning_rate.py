"""
Title: Gradient descent on a 2-D loss surface with three learning rates
Description: Too small crawls, a good rate converges, too large diverges (Keras SGD).
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

curvature = np.array([1.0, 10.0])  # L(w) = (w1^2 + 10 w2^2) / 2: a long, narrow valley


def loss_np(w):
    return 0.5 * np.sum(curvature * np.square(w), axis=-1)


start = np.array([-4.0, 2.0])
learning_rates = {"too small": 0.01, "good": 0.15, "too large": 0.205}
steps = 20

paths, by_hand = {}, {}
for name, lr in learning_rates.items():
    w = keras.Variable(start.astype("float32"))
    optimizer = keras.optimizers.SGD(learning_rate=lr)  # plain SGD: no momentum
    path = [w.numpy().copy()]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = 0.5 * tf.reduce_sum(curvature.astype("float32") * w**2)
        optimizer.apply_gradients([(tape.gradient(loss, w), w)])
        path.append(w.numpy().copy())
    paths[name] = np.array(path)

    # The same path from the update rule w <- w - lr * dL/dw, with dL/dw = curvature * w
    hand = [start]
    for _ in range(steps):
        hand.append(hand[-1] - lr * curvature * hand[-1])
    by_hand[name] = np.array(hand)

for name, path in paths.items():
    losses = loss_np(path)
    print(f"lr = {learning_rates[name]:<5} ({name:>9}): loss {losses[0]:.2f} -> "
          f"{losses[-1]:.4g} after {steps} steps")
# Keras steps in float32, the hand-made path in float64: equal up to float32 round-off
same = all(np.allclose(paths[n], by_hand[n], rtol=1e-5, atol=1e-6) for n in paths)
print("Keras SGD path == (w - lr * grad) path, to float32 precision:", same)

fig, (ax_path, ax_loss) = plt.subplots(1, 2, figsize=(10, 4))
w1, w2 = np.meshgrid(np.linspace(-5, 5, 200), np.linspace(-6, 6, 200))
ax_path.contour(w1, w2, loss_np(np.stack([w1, w2], axis=-1)), levels=20, cmap="Greys")
for name, path in paths.items():
    ax_path.plot(path[:, 0], path[:, 1], marker="o", markersize=3,
                 label=f"{name} (lr={learning_rates[name]})")
ax_path.set_xlim(-5, 5)
ax_path.set_ylim(-6, 6)
ax_path.set_xlabel("w1")
ax_path.set_ylabel("w2")
ax_path.set_title("Paths on the loss contours")
ax_path.legend(loc="upper right", fontsize=8)
for name, path in paths.items():
    ax_loss.semilogy(loss_np(path), label=name)
ax_loss.set_xlabel("step")
ax_loss.set_ylabel("loss (log scale)")
ax_loss.set_title("Loss per step")
ax_loss.legend()
fig.suptitle("Gradient descent: one surface, three learning rates")
plt.show()
