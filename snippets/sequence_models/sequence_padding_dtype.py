"""
Title: pad_sequences truncates floats to int32 unless you pass a dtype
Description: With the default dtype, real values are silently rounded toward 0.
"""

import keras
import numpy as np

readings = [[0.25, 1.75, -0.5], [2.5, 3.9]]  # e.g. two short sensor series
wrong = keras.utils.pad_sequences(readings)  # dtype="int32" by default
right = keras.utils.pad_sequences(readings, dtype="float32", padding="post")
print("default dtype:\n", wrong)
print("dtype='float32':\n", right)

# Vector-valued steps: a list of (steps, features) arrays -> (batch, maxlen, features)
rng = np.random.default_rng(0)
series = [rng.normal(size=(n, 2)).round(2) for n in (3, 1)]
batch = keras.utils.pad_sequences(series, dtype="float32", padding="post")
print("vector steps:", batch.shape, "\n", batch)
