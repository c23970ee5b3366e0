"""
Title: L1 and L2 regularization: what they do to the weights
Description: One network trained on digits with no penalty, L1 and L2; its weights.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers, regularizers
from sklearn.datasets import load_digits

digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target
x_train, y_train, x_val, y_val = x[:1200], y[:1200], x[1200:], y[1200:]

settings = {"none": None, "L1(0.001)": regularizers.L1(0.001),
            "L2(0.001)": regularizers.L2(0.001)}
kernels, val_acc = {}, {}
for name, reg in settings.items():
    keras.utils.set_random_seed(0)  # same initial weights and batches for all three
    model = keras.Sequential([
        keras.Input((64,)),
        layers.Dense(64, activation="relu", kernel_regularizer=reg),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=20, batch_size=100, verbose=0)
    kernels[name] = model.layers[0].kernel.numpy().ravel()
    val_acc[name] = model.evaluate(x_val, y_val, verbose=0)[1]

for name, w in kernels.items():
    print(f"{name:9}: |w| < 0.01 for {np.mean(np.abs(w) < 0.01):5.1%} of weights, "
          f"mean |w| {np.abs(w).mean():.3f}, largest |w| {np.abs(w).max():.2f}, "
          f"val accuracy {val_acc[name]:.3f}")

fig, axes = plt.subplots(1, 3, figsize=(10, 3.2), sharex=True, sharey=True,
                         layout="constrained")
for ax, (name, w) in zip(axes, kernels.items()):
    ax.hist(w, bins=60, range=(-0.6, 0.6))
    ax.set_title(f"penalty: {name}")
    ax.set_xlabel("weight")
axes[0].set_ylabel("count")
fig.suptitle("First-layer weights of the same network after training")
plt.show()
