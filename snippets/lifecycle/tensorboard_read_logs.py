"""
Title: TensorBoard: write event files during fit, read them back, plot them
Description: The callback logs a run; its event files are read back without a server.
"""

import os
import tempfile

import keras
import matplotlib.pyplot as plt
import tensorflow as tf
from keras import layers
from sklearn.datasets import load_digits
from tensorboard.backend.event_processing.event_multiplexer import EventMultiplexer

keras.utils.set_random_seed(0)
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target
x_train, y_train, x_val, y_val = x[:1200], y[:1200], x[1200:], y[1200:]

model = keras.Sequential([
    keras.Input((64,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])

logs = tempfile.mkdtemp()  # stands for the folder `logs` you would keep on disk
run_dir = os.path.join(logs, "digits_mlp")  # one subfolder per run
tensorboard_callback = keras.callbacks.TensorBoard(log_dir=run_dir)  # capital B
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=12,
                    batch_size=64, callbacks=[tensorboard_callback], verbose=0).history

# Read the logs the way `tensorboard --logdir logs` does: every folder holding
# event files under `logs` becomes a run, named by its path relative to `logs`.
# size_guidance 0 keeps every point: by default only 10 per tag are sampled.
runs = EventMultiplexer(size_guidance={"tensors": 0}).AddRunsFromDirectory(logs)
runs.Reload()
print("runs found:", sorted(runs.Runs()))
print("tags in digits_mlp/train:", sorted(runs.Runs()["digits_mlp/train"]["tensors"]))


def read_scalar(run, tag):
    """One value per epoch, as float32 numbers, in step order."""
    events = sorted(runs.Tensors(run, tag), key=lambda event: event.step)
    return [float(tf.make_ndarray(event.tensor_proto)) for event in events]


logged = {
    "loss": read_scalar("digits_mlp/train", "epoch_loss"),
    "accuracy": read_scalar("digits_mlp/train", "epoch_accuracy"),
    "val_loss": read_scalar("digits_mlp/validation", "epoch_loss"),
    "val_accuracy": read_scalar("digits_mlp/validation", "epoch_accuracy"),
}
print("event files == history.history:", logged == history)
# 2 decimals: the next digits of trained values can change with the CPU
print("final epoch:", {name: round(values[-1], 2) for name, values in logged.items()})

fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.5))
epochs = range(1, len(logged["loss"]) + 1)
for ax, metric in ((ax_loss, "loss"), (ax_acc, "accuracy")):
    ax.plot(epochs, logged[metric], marker="o", label="train")
    ax.plot(epochs, logged[f"val_{metric}"], marker="o", label="validation")
    ax.set_title(f"epoch_{metric}, read from the event files")
    ax.set_xlabel("epoch")
    ax.legend()
ax_loss.set_ylabel("cross-entropy")
ax_acc.set_ylabel("accuracy")
fig.suptitle("TensorBoard logs plotted without a TensorBoard server")
plt.show()
