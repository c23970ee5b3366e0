"""
Title: Dropout against overfitting on a small, noisy data set
Description: One wide network on 300 noisy digit images, with and without Dropout.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.datasets import load_digits  # 8x8 digit images shipped with scikit-learn

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target.copy()
x_train, y_train = x[:300], y[:300]
mislabelled = rng.random(300) < 0.3  # noise that a big enough network will memorize
y_train[mislabelled] = rng.integers(0, 10, size=mislabelled.sum())
x_val, y_val = x[1000:], y[1000:]  # clean labels


def make_model(dropout_rate):
    return keras.Sequential([
        keras.Input((64,)),
        layers.Dense(256, activation="relu"),
        layers.Dropout(dropout_rate),
        layers.Dense(256, activation="relu"),
        layers.Dropout(dropout_rate),
        layers.Dense(10, activation="softmax"),
    ])


histories = {}
for rate in (0.0, 0.5):
    model = make_model(rate)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    histories[rate] = model.fit(x_train, y_train, validation_data=(x_val, y_val),
                                epochs=40, batch_size=100, verbose=0).history

# Losses to 2 decimals: after 40 epochs the next digit can change with the CPU.
for rate, history in histories.items():
    print(f"dropout rate {rate}: final train loss {history['loss'][-1]:.2f}, "
          f"val loss {history['val_loss'][-1]:.2f}, "
          f"val accuracy {history['val_accuracy'][-1]:.3f} "
          f"(best epoch {max(history['val_accuracy']):.3f})")

fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
for ax, (rate, history) in zip(axes, histories.items()):
    ax.plot(history["loss"], label="training loss")
    ax.plot(history["val_loss"], label="validation loss")
    ax.set_title(f"Dropout rate {rate}")
    ax.set_xlabel("epoch")
axes[0].set_ylabel("cross-entropy")
axes[0].legend()
fig.suptitle("Same network, 300 images with 30% wrong labels")
plt.show()
