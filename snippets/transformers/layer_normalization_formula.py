"""
Title: Layer normalization rebuilt with NumPy, with Keras's default epsilon
Description: Per-token mean and variance over the features, then a scale and a shift.
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
# 2 sentences x 4 tokens x 8 features, each token with its own offset and scale
scale = rng.uniform(0.5, 20, size=(2, 4, 1))
scale[0, 3] = 0.01  # one token whose features hardly vary
x = (rng.normal(size=(2, 4, 8)) * scale
     + rng.uniform(-10, 10, size=(2, 4, 1))).astype("float32")

layer_norm = layers.LayerNormalization()
print(f"axis: {layer_norm.axis}, epsilon: {layer_norm.epsilon}")  # Keras's defaults
normalized = keras.ops.convert_to_numpy(layer_norm(x))  # gamma = 1 and beta = 0 so far
stats = normalized[0].astype("float64")  # the first sentence's 4 tokens
print("per-token mean after:", (stats.mean(axis=-1).round(3) + 0).tolist())  # no -0.0
print("per-token std after: ", stats.std(axis=-1).round(3).tolist())

gamma = rng.normal(size=8).astype("float32")  # stand-ins for trained values
beta = rng.normal(size=8).astype("float32")
layer_norm.set_weights([gamma, beta])
mean = x.mean(axis=-1, keepdims=True)  # one mean per token ...
variance = x.var(axis=-1, keepdims=True)  # ... and one (biased) variance per token
by_hand = gamma * (x - mean) / np.sqrt(variance + layer_norm.epsilon) + beta
keras_out = keras.ops.convert_to_numpy(layer_norm(x))
print("Keras matches the formula:", np.allclose(keras_out, by_hand, atol=1e-5))
