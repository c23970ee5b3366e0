"""
Title: Gotcha: padding without masking changes what the LSTM computes
Description: The same sentence, padded with zeros, with and without mask_zero=True.
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
sentence = [[3, 7, 9]]  # token ids; 0 is reserved for padding
padded = keras.utils.pad_sequences(sentence, maxlen=8, padding="post")
print(f"padded ids: {padded[0].tolist()}")

# --8<-- [start:wrong]
unmasked = keras.Sequential([
    layers.Embedding(input_dim=20, output_dim=4),  # id 0 is just another token
    layers.LSTM(5),
])
# --8<-- [end:wrong]

# --8<-- [start:right]
masked = keras.Sequential([
    layers.Embedding(input_dim=20, output_dim=4, mask_zero=True),  # 0 = padding
    layers.LSTM(5),  # receives the mask and skips the padded steps
])
# --8<-- [end:right]

# --8<-- [start:check]
unmasked.build((None, None))
masked.build((None, None))
masked.set_weights(unmasked.get_weights())  # same weights: only the mask differs
gaps = {}
for name, model in (("without mask", unmasked), ("mask_zero=True", masked)):
    short = model.predict(np.array(sentence), verbose=0)
    long = model.predict(padded, verbose=0)
    gaps[name] = np.abs(short - long).max()
    print(f"{name:>14}: max |output(padded) - output(unpadded)| = {gaps[name]:.3f}")
# --8<-- [end:check]
