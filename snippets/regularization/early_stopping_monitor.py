"""
Title: Early stopping: what a wrong monitor name does
Description: Which wrong monitor names raise, and which only warn and never stop.
"""

import warnings

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
y = (x[:, 0] > 0).astype("int32")


def fit_monitoring(monitor, mode="auto", with_validation=True):
    """Train 3 epochs with EarlyStopping(monitor, mode); say what happened."""
    model = keras.Sequential([keras.Input((4,)), layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    stopper = keras.callbacks.EarlyStopping(monitor=monitor, mode=mode)
    started = []  # epochs that began, to tell when an error came
    counter = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: started.append(epoch))
    validation = (x, y) if with_validation else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            history = model.fit(x, y, validation_data=validation, epochs=3, verbose=0,
                                callbacks=[counter, stopper])
        except ValueError as error:
            message_start = str(error).split(",")[0]
            return f"raises ValueError in epoch {len(started)}: {message_start}"
    warned = any("which is not available" in str(w.message) for w in caught)
    epochs = len(history.history["loss"])
    return f"{'warns, ' if warned else ''}trains {epochs} of 3 epochs"


print("val_acc (Keras 2 name):    ", fit_monitoring("val_acc"))
print("val_los (typo):            ", fit_monitoring("val_los"))
print("val_acc, mode='max':       ", fit_monitoring("val_acc", mode="max"))
print("val_loss, no val data:     ", fit_monitoring("val_loss", with_validation=False))
print("val_accuracy, no val data: ",
      fit_monitoring("val_accuracy", with_validation=False))
