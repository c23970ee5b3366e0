"""
Title: Saving a model with a custom layer: register it and give it get_config
Description: A registered custom layer loads back; an unregistered one fails.
"""

import os
import tempfile

import keras
import numpy as np
from keras import layers


@keras.saving.register_keras_serializable(package="cheatsheet")
class Rescale(layers.Layer):
    """Multiplies its input by a fixed factor."""

    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):  # every __init__ argument, so that from_config can rebuild it
        return {**super().get_config(), "factor": self.factor}


keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
model = keras.Sequential([keras.Input((4,)), layers.Dense(3), Rescale(factor=10.0)])
path = os.path.join(tempfile.mkdtemp(), "with_custom_layer.keras")
model.save(path)

restored = keras.saving.load_model(path)
print("registered as:", keras.saving.get_registered_name(Rescale))
print("restored layer:", type(restored.layers[-1]).__name__,
      "factor =", restored.layers[-1].factor)
print("same predictions:", np.array_equal(restored.predict(x, verbose=0),
                                          model.predict(x, verbose=0)))


class Unregistered(layers.Layer):  # the same layer without the decorator
    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


plain = keras.Sequential([keras.Input((4,)), layers.Dense(3),
                         Unregistered(factor=10.0)])
plain_path = os.path.join(tempfile.mkdtemp(), "unregistered.keras")
plain.save(plain_path)  # saving works...
try:
    keras.saving.load_model(plain_path)  # ...loading does not
except TypeError as error:
    located = "Could not locate class 'Unregistered'" in str(error)
    print("unregistered: TypeError,", located)
fixed = keras.saving.load_model(plain_path,
                                custom_objects={"Unregistered": Unregistered})
print("with custom_objects:", type(fixed.layers[-1]).__name__, "loads")
