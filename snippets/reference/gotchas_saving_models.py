"""
Title: Gotcha: a weights file holds no architecture
Description: Keras's load_model cannot open .weights.h5; a .keras file needs no code.
"""

import tempfile
from pathlib import Path

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(4, 8)).astype("float32")


def build_model():  # the code that defines the architecture
    return keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"),
                             layers.Dense(1)])


model = build_model()
scratch = tempfile.TemporaryDirectory()
folder = Path(scratch.name)

# --8<-- [start:wrong]
model.save_weights(folder / "model.weights.h5")  # numbers only, no layers
try:
    keras.models.load_model(folder / "model.weights.h5")
except ValueError as exc:
    error = exc
rebuilt = build_model()  # works only while you still have build_model's code
rebuilt.load_weights(folder / "model.weights.h5")
# --8<-- [end:wrong]

# --8<-- [start:right]
model.save(folder / "model.keras")  # architecture + weights + compile/optimizer state
loaded = keras.models.load_model(folder / "model.keras")  # no model code needed
# --8<-- [end:right]

# --8<-- [start:check]
reason = str(error).split(" at ")[0]  # the message goes on with the temporary path
print(f"load_model on a weights file: {type(error).__name__}: {reason}")
gaps = {}
for name, copy in (("rebuilt + load_weights", rebuilt), ("load_model(.keras)", loaded)):
    gaps[name] = np.abs(copy.predict(x, verbose=0) - model.predict(x, verbose=0)).max()
    print(f"{name:>22}: max |prediction - original| = {gaps[name]:.1e}")
other = keras.Sequential([keras.Input((8,)), layers.Dense(32), layers.Dense(1)])
try:
    other.load_weights(folder / "model.weights.h5")  # different code, different shapes
except ValueError as exc:
    print(f"load_weights into another architecture: {type(exc).__name__}")
# --8<-- [end:check]
scratch.cleanup()
