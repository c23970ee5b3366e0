"""
Title: pad_sequences: pre vs post padding and truncation
Description: Keras's pad_sequences on three id lists: the defaults and all four modes.
"""

import inspect

import keras
import numpy as np
from tensorflow.keras.preprocessing.sequence import pad_sequences  # the sheet's path

sequences = [[1, 2, 3], [4, 5], [6, 7, 8, 9, 10, 11]]  # token ids of three texts

defaults = {name: p.default for name, p in
            inspect.signature(keras.utils.pad_sequences).parameters.items()
            if p.default is not inspect.Parameter.empty}
print("defaults:", defaults)

padded = keras.utils.pad_sequences(sequences)  # maxlen=None: the longest, 6
print(f"\nno arguments -> shape {padded.shape}, dtype {padded.dtype}\n{padded}")

for padding in ("pre", "post"):
    for truncating in ("pre", "post"):
        out = keras.utils.pad_sequences(sequences, maxlen=4,
                                        padding=padding, truncating=truncating)
        print(f"\nmaxlen=4, padding={padding!r}, truncating={truncating!r}\n{out}")

# In Keras 3 the sheet's import path is an alias of the same function.
print("\nold path is keras.utils.pad_sequences:",
      pad_sequences is keras.utils.pad_sequences)
sheet_call = dict(maxlen=100, padding="post", truncating="post")
same = np.array_equal(pad_sequences(sequences, **sheet_call),
                      keras.utils.pad_sequences(sequences, **sheet_call))
print("same output:", same)
