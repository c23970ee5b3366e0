"""
Title: What fails when saving in Keras 3: Keras 2 paths, weights alone, legacy .h5
Description: The course sheet's save calls raise; a weights file is not a model.
"""

import os
import tempfile

import keras
from keras import layers

model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(1)])
model.compile("adam", loss="mse")
folder = tempfile.mkdtemp()


def attempt(description, action):
    try:
        action()
        print(f"{description}\n    ok")
    except Exception as error:  # show the error's class and its first sentence
        message = str(error).replace(folder + os.sep, "")
        first_sentence = message.split(". ")[0].split(" Received")[0]
        print(f"{description}\n    {type(error).__name__}: {first_sentence}")


# The sheet's Keras 2 calls
attempt("model.save('model_dir')",
        lambda: model.save(os.path.join(folder, "model_dir")))
attempt("model.save_weights('weights.h5')",
        lambda: model.save_weights(os.path.join(folder, "weights.h5")))

# A weights file holds no architecture: only a model built in code can take it
model.save_weights(os.path.join(folder, "model.weights.h5"))
attempt("load_model('model.weights.h5')",
        lambda: keras.saving.load_model(os.path.join(folder, "model.weights.h5")))
other = keras.Sequential([keras.Input((4,)), layers.Dense(16), layers.Dense(1)])
attempt("other architecture .load_weights(...)",
        lambda: other.load_weights(os.path.join(folder, "model.weights.h5")))

# The legacy HDF5 format: saving works (with a warning), loading a compiled model fails
model.save(os.path.join(folder, "model.h5"))
attempt("load_model('model.h5')",
        lambda: keras.saving.load_model(os.path.join(folder, "model.h5")))
attempt("load_model('model.h5', compile=False)",
        lambda: keras.saving.load_model(os.path.join(folder, "model.h5"),
                                        compile=False))
