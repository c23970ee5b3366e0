"""
Title: A padding mask from Embedding(mask_zero=True) reaches multi-head attention
Description: Padded keys get weight 0, as with an explicit attention_mask.
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
np.set_printoptions(precision=2, suppress=True)
attention = layers.MultiHeadAttention(num_heads=2, key_dim=8)

ids = np.array([[5, 8, 3, 9, 0, 0],   # 4 tokens, then 2 padding ids
                [7, 2, 0, 0, 0, 0]])  # 2 tokens, then 4 padding ids
wide = keras.initializers.RandomNormal(stddev=1.0)  # so that the weights differ visibly
embedding = layers.Embedding(20, 16, mask_zero=True, embeddings_initializer=wide)
embedded = embedding(ids)  # carries the mask ids != 0 along with it
_, automatic = attention(embedded, embedded, return_attention_scores=True)
automatic = keras.ops.convert_to_numpy(automatic)  # (batch, heads, query, key)
print("mask from the Embedding, second sequence, head 0:")
print(automatic[1, 0])

real = ids != 0
explicit_mask = real[:, :, None] & real[:, None, :]  # (batch, query, key), True: attend
plain = keras.ops.convert_to_numpy(embedding(ids))  # the same vectors, without a mask
_, explicit = attention(plain, plain, attention_mask=explicit_mask,
                        return_attention_scores=True)
explicit = keras.ops.convert_to_numpy(explicit)
print("same as the explicit attention_mask:", np.array_equal(automatic, explicit))

_, unmasked = attention(plain, plain, return_attention_scores=True)
unmasked = keras.ops.convert_to_numpy(unmasked)
print("no mask at all: weight on the padding, per query (second sequence, head 0):")
print(unmasked[1, 0][:, ~real[1]].sum(axis=-1))
