"""
Title: Gotcha: early stopping with patience=1 stops on a noisy epoch
Description: The same run with patience 1 and 5; only the patient one finds the best.
"""

import keras
from keras import layers
from sklearn.datasets import load_digits

digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target
x_train, y_train, x_val, y_val = x[:200], y[:200], x[1000:1100], y[1000:1100]


def train(callback):
    keras.utils.set_random_seed(0)  # the same run up to the point where one stops
    model = keras.Sequential([keras.Input((64,)), layers.Dense(32, activation="relu"),
                              layers.Dense(10, activation="softmax")])
    model.compile(keras.optimizers.SGD(1.0), "sparse_categorical_crossentropy")
    history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=30,
                        batch_size=50, verbose=0, callbacks=[callback])
    return history.history["val_loss"]


# --8<-- [start:wrong]
impatient = keras.callbacks.EarlyStopping(monitor="val_loss", patience=1,
                                          restore_best_weights=True)
# --8<-- [end:wrong]

# --8<-- [start:right]
patient = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5,
                                        restore_best_weights=True)
# --8<-- [end:right]

# --8<-- [start:check]
curves = {}
for name, callback in (("patience=1", impatient), ("patience=5", patient)):
    curves[name] = train(callback)
    print(f"{name}: ran {len(curves[name])} epochs, "
          f"kept epoch {callback.best_epoch + 1} (val_loss {callback.best:.3f})")
print("val_loss per epoch:", " ".join(f"{v:.2f}" for v in curves["patience=5"]))
# --8<-- [end:check]
