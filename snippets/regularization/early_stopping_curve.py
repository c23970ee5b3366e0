"""
Title: Early stopping: where training stops, and which weights you keep
Description: EarlyStopping with restore_best_weights on an overfitting network.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target.copy()
x_train, y_train = x[:300], y[:300]
mislabelled = rng.random(300) < 0.3  # noise the network will end up memorizing
y_train[mislabelled] = rng.integers(0, 10, size=mislabelled.sum())
x_val, y_val = x[1000:], y[1000:]


def fit_with(patience):
    keras.utils.set_random_seed(0)  # same start and batches for every patience
    model = keras.Sequential([keras.Input((64,)),
                              layers.Dense(256, activation="relu"),
                              layers.Dense(256, activation="relu"),
                              layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
                                            restore_best_weights=True)
    snapshots = []  # the weights at the end of every epoch, to check what is restored
    keep = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: snapshots.append(model.get_weights()))
    history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=60,
                        batch_size=100, verbose=0, callbacks=[keep, stopper]).history
    return model, stopper, history, snapshots


model, stopper, history, snapshots = fit_with(patience=5)
best = int(np.argmin(history["val_loss"]))  # epochs counted from 0, as Keras does
val_after_fit = model.evaluate(x_val, y_val, verbose=0)
same_as_best = all(np.array_equal(a, b)
                   for a, b in zip(model.get_weights(), snapshots[best]))
print(f"epochs run: {len(history['loss'])} of 60; "
      f"stopped_epoch={stopper.stopped_epoch}, "
      f"best_epoch={stopper.best_epoch} (0-based)")
# 2 decimals: the next digits of a trained loss can change with the CPU
print(f"lowest val loss {min(history['val_loss']):.2f} at epoch {best + 1}; "
      f"last epoch's {history['val_loss'][-1]:.2f}")
is_lowest = np.isclose(val_after_fit, min(history["val_loss"]), rtol=1e-5, atol=1e-6)
print("val loss of the model after fit == the lowest, to float32 precision:", is_lowest)
print(f"weights after fit == weights at the end of the best epoch: {same_as_best}")

impatient = fit_with(patience=0)[2]
print(f"patience=0 stops after {len(impatient['loss'])} epochs "
      f"with best val loss {min(impatient['val_loss']):.2f}")

epochs = np.arange(1, len(history["loss"]) + 1)
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.plot(epochs, history["loss"], label="training loss")
ax.plot(epochs, history["val_loss"], label="validation loss")
ax.axvline(best + 1, color="green", linestyle="--", label="best epoch (weights kept)")
ax.axvline(stopper.stopped_epoch + 1, color="red", linestyle=":",
           label="stop (best + patience)")
ax.set_xlabel("epoch")
ax.set_ylabel("cross-entropy")
ax.set_title("Early stopping with patience=5 on an overfitting network")
ax.legend()
plt.show()
