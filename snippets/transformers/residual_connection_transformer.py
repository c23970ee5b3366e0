"""
Title: Without residual connections, Transformer blocks blur the tokens together
Description: Cosine similarity of positions after each of 6 untrained encoder blocks.
"""

import keras
import numpy as np
from keras import layers


class EncoderBlock(layers.Layer):
    """The course sheet's post-LN block, with the two residual additions optional."""

    def __init__(self, d_model, num_heads, ff_dim, residual=True):
        super().__init__()
        self.attention = layers.MultiHeadAttention(num_heads, d_model // num_heads)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"),
                                     layers.Dense(d_model)])
        self.layernorm1 = layers.LayerNormalization()
        self.layernorm2 = layers.LayerNormalization()
        self.residual = residual

    def call(self, x):
        attended = self.attention(x, x)
        x = self.layernorm1(x + attended if self.residual else attended)
        transformed = self.ffn(x)
        return self.layernorm2(x + transformed if self.residual else transformed)


def mean_cosine_similarity(h):
    """Average cosine similarity between the vectors of different positions."""
    unit = h / np.linalg.norm(h, axis=-1, keepdims=True)
    similarity = np.einsum("btd,bsd->bts", unit, unit)
    steps = h.shape[1]
    return float((similarity.sum(axis=(1, 2)) - steps).mean() / (steps * (steps - 1)))


rng = np.random.default_rng(0)
x = rng.normal(size=(8, 10, 32)).astype("float32")  # 8 sequences, 10 tokens, d_model 32
print(f"input: {mean_cosine_similarity(x):.2f}")
similarity = {}
for residual in (False, True):
    keras.utils.set_random_seed(0)  # the same weights with and without the additions
    h, similarity[residual] = x, []
    for block in [EncoderBlock(32, 4, 128, residual) for _ in range(6)]:
        h = keras.ops.convert_to_numpy(block(h))
        similarity[residual].append(mean_cosine_similarity(h))
    name = "with residuals:   " if residual else "without residuals:"
    print(name, " ".join(f"{s:.2f}" for s in similarity[residual]))
