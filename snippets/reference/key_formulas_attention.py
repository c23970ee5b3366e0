"""
Title: Key formula: scaled dot-product attention, against Keras MultiHeadAttention
Description: One head rebuilt from the layer's weights: projections, softmax, output.
"""

import keras
import numpy as np

keras.utils.set_random_seed(0)
d_model, d_k = 16, 8
x = np.random.default_rng(0).normal(size=(2, 5, d_model)).astype("float32")
mha = keras.layers.MultiHeadAttention(num_heads=1, key_dim=d_k)
out, scores = mha(x, x, return_attention_scores=True)  # self-attention
out, scores = keras.ops.convert_to_numpy(out), keras.ops.convert_to_numpy(scores)

wq, bq, wk, bk, wv, bv, wo, bo = mha.get_weights()  # head axis of size 1
Q = x @ wq[:, 0] + bq[0]  # (2, 5, d_k)
K = x @ wk[:, 0] + bk[0]
V = x @ wv[:, 0] + bv[0]
logits = Q @ K.transpose(0, 2, 1) / np.sqrt(d_k)
weights = np.exp(logits - logits.max(-1, keepdims=True))
weights /= weights.sum(-1, keepdims=True)  # softmax over the keys
by_hand = (weights @ V) @ wo[0] + bo  # the layer's output projection back to d_model

# Equal to float32 precision: a relative gap of 1e-5 or an absolute one of 1e-6.
print("attention weights: Keras == softmax(QK^T/sqrt(d_k)):",
      np.allclose(scores[:, 0], weights, rtol=1e-5, atol=1e-6))
print("output:            Keras == weights V W_o + b_o:    ",
      np.allclose(out, by_hand, rtol=1e-5, atol=1e-6))
print(f"each row of weights sums to 1: {np.allclose(weights.sum(-1), 1)}")
