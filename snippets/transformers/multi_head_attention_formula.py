"""
Title: Multi-head attention rebuilt with NumPy from the weights of a Keras layer
Description: Per-head projections, scaled dot-product attention, concatenation, output.
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
batch, steps, d_model, num_heads = 2, 5, 16, 4
x = rng.normal(size=(batch, steps, d_model)).astype("float32")

attention = layers.MultiHeadAttention(
    num_heads=num_heads,          # number of parallel attention heads
    key_dim=d_model // num_heads,  # size of each head's queries and keys
    dropout=0.1,                   # dropout on the attention weights, in training only
)
output, scores = attention(x, x, return_attention_scores=True)  # self-attention
output, scores = keras.ops.convert_to_numpy(output), keras.ops.convert_to_numpy(scores)

for weight in attention.weights:
    print(f"{weight.path.split('/', 1)[1]:>24}: {tuple(weight.shape)}")
print(f"{'output':>24}: {output.shape}, scores: {scores.shape}")

Wq, bq, Wk, bk, Wv, bv, Wo, bo = (keras.ops.convert_to_numpy(w)
                                  for w in attention.weights)
d_k = attention.key_dim
Q = np.einsum("btd,dhk->bhtk", x, Wq) + bq[:, None, :]  # (batch, heads, steps, d_k)
K = np.einsum("btd,dhk->bhtk", x, Wk) + bk[:, None, :]
V = np.einsum("btd,dhk->bhtk", x, Wv) + bv[:, None, :]
logits = Q @ K.transpose(0, 1, 3, 2) / np.sqrt(d_k)      # scaled by the head size
weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
weights /= weights.sum(axis=-1, keepdims=True)           # softmax over the keys
heads = weights @ V                                      # (batch, heads, steps, d_v)
concat = heads.transpose(0, 2, 1, 3).reshape(batch, steps, -1)  # heads side by side
by_hand = concat @ Wo.reshape(-1, d_model) + bo          # output projection W^O

print("attention weights match NumPy:", np.allclose(scores, weights, atol=1e-6))
print("output matches NumPy:           ", np.allclose(output, by_hand, atol=1e-6))
