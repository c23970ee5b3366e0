"""
Title: An Embedding layer is a lookup table: one_hot(ids) @ W
Description: Checks Keras's Embedding output against one-hot rows times its weights.
"""

import warnings

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
vocab_size, dim = 10, 3  # V tokens in the vocabulary, D numbers per token

embedding = layers.Embedding(input_dim=vocab_size, output_dim=dim)
ids = np.array([[3, 1, 4, 1, 5], [9, 2, 6, 5, 3]])  # (batch, sequence length)
looked_up = keras.ops.convert_to_numpy(embedding(ids))
W = embedding.get_weights()[0]  # the (V, D) embedding matrix, created on first call

one_hot = np.eye(vocab_size, dtype="float32")[ids]  # (batch, length, V)
by_matmul = one_hot @ W  # (batch, length, D)

print("ids shape:", ids.shape, "-> output shape:", looked_up.shape)
print("W shape:", W.shape, " parameters:", embedding.count_params(),
      " V x D =", vocab_size * dim)
print("output == one_hot(ids) @ W:", np.array_equal(looked_up, by_matmul))
print("output[0, 0] == W[3]:", np.array_equal(looked_up[0, 0], W[3]))
print(f"default initializer: uniform in [{W.min():.3f}, {W.max():.3f}]")

# The course sheet's command passes input_length, a Keras 2 argument.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    model = keras.Sequential()
    model.add(layers.Embedding(input_dim=vocab_size, output_dim=dim, input_length=5))
print("warning:", caught[0].category.__name__, "-", caught[0].message)
print("model built after add():", model.built)
kept = "input_length" in model.layers[0].get_config()
print("input_length kept in the config:", kept)
