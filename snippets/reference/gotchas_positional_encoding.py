"""
Title: Gotcha: without positions, self-attention cannot tell word order
Description: The vector for "dog" in "dog bites man" and in "man bites dog".
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
vocab = {"dog": 1, "bites": 2, "man": 3}
dog_bites_man = np.array([[vocab["dog"], vocab["bites"], vocab["man"]]])
man_bites_dog = np.array([[vocab["man"], vocab["bites"], vocab["dog"]]])
d_model = 16


def self_attention_model(embed):
    ids = keras.Input((None,), dtype="int32")
    x = embed(ids)
    x = x + layers.MultiHeadAttention(num_heads=2, key_dim=8)(x, x)  # with the residual
    return keras.Model(ids, layers.LayerNormalization()(x))


# --8<-- [start:wrong]
no_positions = self_attention_model(layers.Embedding(input_dim=10, output_dim=d_model))
# --8<-- [end:wrong]


# --8<-- [start:right]
class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, vocab_size, max_length, d_model, **kwargs):
        super().__init__(**kwargs)
        self.tokens = layers.Embedding(vocab_size, d_model)
        self.positions = layers.Embedding(max_length, d_model)

    def call(self, ids):
        positions = keras.ops.arange(keras.ops.shape(ids)[-1])  # 0, 1, 2, ...
        return self.tokens(ids) + self.positions(positions)  # add, same width


with_positions = self_attention_model(TokenAndPositionEmbedding(10, 32, d_model))
# --8<-- [end:right]

# --8<-- [start:check]
gaps = {}
for name, model in (("no positions", no_positions), ("with positions", with_positions)):
    dog_first = model.predict(dog_bites_man, verbose=0)[0, 0]  # "dog" at position 0
    dog_last = model.predict(man_bites_dog, verbose=0)[0, 2]  # "dog" at position 2
    gaps[name] = float(np.linalg.norm(dog_first - dog_last) / np.linalg.norm(dog_first))
    print(f"{name:>14}: relative change of the vector for 'dog' = {gaps[name]:.2f}")
# --8<-- [end:check]
