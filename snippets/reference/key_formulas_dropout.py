"""
Title: Key formula: inverted dropout in training and in inference
Description: keras.layers.Dropout rebuilt as x * mask / (1 - p); inference is identity.
"""

import keras
import numpy as np

keras.utils.set_random_seed(0)
p = 0.3  # the drop rate: Dropout(rate=p)
x = np.random.default_rng(0).uniform(1.0, 2.0, size=(200, 50)).astype("float32")
dropout = keras.layers.Dropout(rate=p)

train = keras.ops.convert_to_numpy(dropout(x, training=True))
infer = keras.ops.convert_to_numpy(dropout(x, training=False))
mask = (train != 0).astype("float32")  # no input is 0: zeros are the dropped units
by_hand = x * mask / (1 - p)

print(f"training:  max |Keras - x*mask/(1-p)| = {np.abs(train - by_hand).max():.1e}, "
      f"kept {mask.mean():.3f} of the units (1 - p = {1 - p})")
print(f"inference: max |Keras - x|            = {np.abs(infer - x).max():.1e}")
