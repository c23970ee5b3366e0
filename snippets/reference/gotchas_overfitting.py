"""
Title: Gotcha: more layers make an overfitting network worse
Description: A network memorizing noisy labels, made deeper or given dropout instead.
"""

import keras
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target.copy()
x_train, y_train = x[:300], y[:300]
noisy = rng.random(300) < 0.3  # 30% wrong labels: a network that memorizes overfits
y_train[noisy] = rng.integers(0, 10, size=noisy.sum())
x_val, y_val = x[1000:], y[1000:]

base = keras.Sequential([keras.Input((64,)), layers.Dense(256, activation="relu"),
                         layers.Dense(10, activation="softmax")])  # already overfits

# --8<-- [start:wrong]
deeper = keras.Sequential([keras.Input((64,)),
                           layers.Dense(256, activation="relu"),
                           layers.Dense(256, activation="relu"),  # more capacity
                           layers.Dense(256, activation="relu"),
                           layers.Dense(10, activation="softmax")])
# --8<-- [end:wrong]

# --8<-- [start:right]
regularized = keras.Sequential([keras.Input((64,)),
                                layers.Dense(256, activation="relu"),
                                layers.Dropout(0.5),  # or L2, early stopping, more data
                                layers.Dense(10, activation="softmax")])
# --8<-- [end:right]

# --8<-- [start:check]
results = {}
for name, model in (("base", base), ("deeper", deeper),
                    ("base + dropout", regularized)):
    keras.utils.set_random_seed(0)
    model.compile(keras.optimizers.Adam(0.003), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=40, batch_size=150, verbose=0)
    results[name] = (model.evaluate(x_train, y_train, verbose=0),
                     model.evaluate(x_val, y_val, verbose=0))
    (train_loss, train_acc), (val_loss, val_acc) = results[name]
    print(f"{name:>14}: train accuracy {train_acc:.3f} | "
          f"validation loss {val_loss:.3f}, accuracy {val_acc:.3f}")
# --8<-- [end:check]
