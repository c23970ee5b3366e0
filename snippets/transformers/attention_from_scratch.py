"""
Title: Scaled dot-product attention from scratch, checked against Keras
Description: Numpy's softmax(Q K^T / sqrt(d_k)) V reproduces Keras's MultiHeadAttention.
"""

import keras
import numpy as np


def softmax(scores):
    scores = scores - scores.max(axis=-1, keepdims=True)  # same result, no overflow
    exp = np.exp(scores)
    return exp / exp.sum(axis=-1, keepdims=True)


def scaled_dot_product_attention(q, k, v):
    """q: (..., T, d_k), k: (..., S, d_k), v: (..., S, d_v) -> output, weights."""
    d_k = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(d_k)  # (..., T, S)
    weights = softmax(scores)  # every row sums to 1
    return weights @ v, weights  # (..., T, d_v), (..., T, S)


keras.utils.set_random_seed(0)
batch, seq_len, d_model, num_heads = 2, 6, 16, 4
d_k = d_model // num_heads  # the width of each head's queries and keys
x = np.random.default_rng(0).normal(size=(batch, seq_len, d_model)).astype("float32")

mha = keras.layers.MultiHeadAttention(
    num_heads=num_heads, key_dim=d_k,
    bias_initializer="random_normal")  # non-zero biases, so the check covers them too
keras_output, keras_weights = (keras.ops.convert_to_numpy(t) for t in mha(
    x, x, return_attention_scores=True))


def to_heads(dense, inputs):
    """(batch, seq, d_model) -> (batch, heads, seq, d_k), with the layer's weights."""
    kernel = keras.ops.convert_to_numpy(dense.kernel)  # (d_model, heads, d_k)
    bias = keras.ops.convert_to_numpy(dense.bias)  # (heads, d_k)
    return np.einsum("bsd,dhk->bhsk", inputs, kernel) + bias[:, None, :]


q, k, v = (to_heads(dense, x) for dense in (mha.query_dense, mha.key_dense,
                                             mha.value_dense))
context, weights = scaled_dot_product_attention(q, k, v)  # each head separately
# The output projection maps the heads back to d_model: (heads, d_k, d_model).
out_kernel = keras.ops.convert_to_numpy(mha.output_dense.kernel)
out_bias = keras.ops.convert_to_numpy(mha.output_dense.bias)  # (d_model,)
output = np.einsum("bhtk,hkd->btd", context, out_kernel) + out_bias

print("Q, K, V per head:", q.shape, " attention weights:", weights.shape)
print("Keras weights:   ", keras_weights.shape, " output:", output.shape)
# float32 sums in another order differ in the last digits: compare with a tolerance
# (the output goes through more sums than the weights: its round-off is larger)
print("weights == Keras, to float32 precision:",
      np.allclose(weights, keras_weights, rtol=1e-5, atol=1e-6))
print("output == Keras, to float32 precision: ",
      np.allclose(output, keras_output, rtol=1e-5, atol=1e-5))
print("every row of weights sums to 1:", np.allclose(weights.sum(axis=-1), 1))

# The course sheet divides by sqrt(d_model) instead of sqrt(d_k):
sheet_weights = softmax(q @ np.swapaxes(k, -1, -2) / np.sqrt(d_model))
print(f"sheet's sqrt(d_model): max |weights - Keras|: "
      f"{np.abs(sheet_weights - keras_weights).max():.2f}")
