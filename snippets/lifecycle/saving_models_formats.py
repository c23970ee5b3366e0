"""
Title: Saving and loading a Keras 3 model: .keras, .weights.h5 and SavedModel export
Description: Each format is round-tripped and gives the original's predictions.
"""

import os
import tempfile

import h5py
import keras
import numpy as np
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.normal(size=(256, 4)).astype("float32")
y = x @ np.array([[1.0], [-2.0], [0.5], [3.0]], dtype="float32")


def build_model():
    return keras.Sequential([
        keras.Input((4,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(1),
    ])


model = build_model()
model.compile(keras.optimizers.Adam(0.01), loss="mse")
model.fit(x, y, epochs=5, batch_size=32, verbose=0)
expected = model.predict(x, verbose=0)
folder = tempfile.mkdtemp()
same = {}

# 1. The whole model (architecture + weights + optimizer state): the .keras zip file.
model.save(os.path.join(folder, "model.keras"))
restored = keras.saving.load_model(os.path.join(folder, "model.keras"))
same[".keras + load_model"] = np.array_equal(restored.predict(x, verbose=0), expected)
# the optimizer state comes back too, so training can resume where it stopped
steps = (int(model.optimizer.iterations), int(restored.optimizer.iterations))

# 2. Weights, no architecture: the name must end in .weights.h5; code rebuilds it.
# A compiled model's file also holds the optimizer's variables.
model.save_weights(os.path.join(folder, "model.weights.h5"))
with h5py.File(os.path.join(folder, "model.weights.h5")) as stored:
    weight_groups = sorted(stored.keys())
rebuilt = build_model()  # same architecture, fresh random weights, not compiled
rebuilt.load_weights(os.path.join(folder, "model.weights.h5"))  # reads the layers only
same[".weights.h5 + load_weights"] = np.array_equal(rebuilt.predict(x, verbose=0),
                                                    expected)

# 3. A TensorFlow SavedModel for serving (TF Serving, TFLite): export, not save.
model.export(os.path.join(folder, "exported"), verbose=False)
served = tf.saved_model.load(os.path.join(folder, "exported"))
served_out = served.serve(tf.constant(x)).numpy()
same["export + tf.saved_model.load"] = np.allclose(served_out, expected, atol=1e-6)

for name, ok in same.items():
    print(f"{name:<30} same predictions: {ok}")
print(f"optimizer steps, original / restored: {steps[0]} / {steps[1]}")
print("groups in model.weights.h5:", weight_groups)
print("files:", sorted(os.listdir(folder)))
