"""
Title: The padding mask reaches attention: padded keys get zero weight
Description: MultiHeadAttention after Embedding(mask_zero=True) ignores padding.
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)


def build(mask_zero):
    ids = keras.Input((None,), dtype="int32")
    normal = keras.initializers.RandomNormal(stddev=1.0)  # trained-size vectors
    x = layers.Embedding(input_dim=10, output_dim=8, mask_zero=mask_zero,
                         embeddings_initializer=normal)(ids)
    _, weights = layers.MultiHeadAttention(num_heads=2, key_dim=4)(
        x, x, return_attention_scores=True)  # self-attention; the mask is passed on
    return keras.Model(ids, weights)  # weights: (batch, heads, queries, keys)


masked, plain = build(mask_zero=True), build(mask_zero=False)
plain.set_weights(masked.get_weights())
ids = keras.utils.pad_sequences([[4, 9, 2]], maxlen=5, padding="post")  # [4 9 2 0 0]
np.set_printoptions(precision=3, suppress=True)
for name, model in [("mask_zero=False", plain), ("mask_zero=True", masked)]:
    weights = keras.ops.convert_to_numpy(model(ids))
    print(f"{name}: head 1, rows = queries, columns = keys {ids[0]}")
    print(weights[0, 0])
