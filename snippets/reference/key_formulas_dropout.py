"""
Title: Key formula: inverted dropout in training and in inference
Description: Dropout rebuilt as x * mask / (1 - p); inference is the identity.
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

# Equal to float32 precision: a relative gap of 1e-5 or an absolute one of 1e-6.
print("training:  Keras == x*mask/(1-p):",
      np.allclose(train, by_hand, rtol=1e-5, atol=1e-6))
print(f"training:  kept {mask.mean():.3f} of the units (1 - p = {1 - p})")
print("inference: Keras == x, exactly:  ", np.array_equal(infer, x))
