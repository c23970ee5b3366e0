"""
Title: Dropout: the inverted-dropout formula, checked against Keras
Description: Rebuilds Keras's Dropout output from its mask; inference is the identity.
"""

import keras
import numpy as np

keras.utils.set_random_seed(0)
rate = 0.25  # fraction of units dropped: Keras's `rate`, the sheet's p
x = np.random.default_rng(0).uniform(1.0, 2.0, size=(1000, 64)).astype("float32")

dropout = keras.layers.Dropout(rate)
train_out = keras.ops.convert_to_numpy(dropout(x, training=True))
infer_out = keras.ops.convert_to_numpy(dropout(x, training=False))
default_out = keras.ops.convert_to_numpy(dropout(x))  # no `training` argument given

# No input is 0, so the zeros in the output are exactly the dropped units.
mask = (train_out != 0).astype("float32")
by_hand = x * mask / (1 - rate)

print(f"fraction of units kept:       {mask.mean():.4f}   (1 - rate = {1 - rate})")
# TF multiplies by 1 / (1 - rate) instead of dividing: the last digits can differ.
matches = np.allclose(train_out, by_hand, rtol=1e-5, atol=1e-6)
print(f"Keras == x*mask/(1-rate):     {matches}   (to float32 precision)")
print(f"mean of input / of output:    {x.mean():.4f} / {train_out.mean():.4f}")
print(f"inference output == input:   {np.array_equal(infer_out, x)}")
plain_call = "identity" if np.array_equal(default_out, x) else "dropped"
print(f"called without `training`:    {plain_call}")
