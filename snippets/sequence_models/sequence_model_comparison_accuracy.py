"""
Title: SimpleRNN vs LSTM vs GRU on a short and a long dependency
Description: The label is a key 2 or 40 steps back, among noise; same budget for all.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

steps, features, units = 41, 9, 32


def make_task(key_step, n=1000):
    rng = np.random.default_rng(0)  # the same noise and labels for both tasks
    x = rng.normal(size=(n, steps, features)).astype("float32")  # noise at every step
    labels = rng.integers(0, 2, size=n)
    x[:, :, -1] = 0.0  # the last feature is 0 everywhere ...
    x[:, key_step, -1] = 2.0 * labels - 1.0  # ... except at the key: +1 or -1
    return (x[:800], labels[:800]), (x[800:], labels[800:])


tasks = {"key 2 steps before the end": (steps - 3, 2),  # (key_step, epochs)
         "key 40 steps before the end": (0, 6)}
curves = {}
for task, (key_step, epochs) in tasks.items():
    train, validation = make_task(key_step)
    for name in ["SimpleRNN", "LSTM", "GRU"]:
        keras.utils.set_random_seed(0)
        model = keras.Sequential([
            keras.Input((steps, features)),
            getattr(layers, name)(units),  # Keras defaults, only the class changes
            layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(keras.optimizers.Adam(5e-3), "binary_crossentropy",
                      metrics=["accuracy"])
        history = model.fit(*train, validation_data=validation, epochs=epochs,
                            batch_size=32, verbose=0).history
        curves[task, name] = history["val_accuracy"]
        print(f"{task}, {name:>9}: val accuracy per epoch "
              + " ".join(f"{a:.2f}" for a in history["val_accuracy"]))

figure, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True)
for ax, task in zip(axes, tasks):
    for name in ["SimpleRNN", "LSTM", "GRU"]:
        accuracy = curves[task, name]
        ax.plot(range(1, len(accuracy) + 1), accuracy, marker="o", label=name)
    ax.axhline(0.5, color="gray", linestyle="--", label="chance")
    ax.set_xticks(range(1, len(accuracy) + 1))
    ax.set_title(task)
    ax.set_xlabel("epoch")
axes[0].set_ylabel("validation accuracy")
axes[0].legend()
figure.suptitle("SimpleRNN, LSTM and GRU: a short and a long dependency")
plt.tight_layout()
plt.show()
