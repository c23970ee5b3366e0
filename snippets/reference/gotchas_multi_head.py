"""
Title: Gotcha: MultiHeadAttention's key_dim is per head, and an int
Description: A key_dim of d_model / num_heads fails (a float); any positive int works.
"""

import numpy as np
from keras import layers

d_model, num_heads = 64, 8
x = np.random.default_rng(0).normal(size=(2, 5, d_model)).astype("float32")

# --8<-- [start:wrong]
try:
    layers.MultiHeadAttention(num_heads=num_heads, key_dim=d_model / num_heads)
except ValueError as exc:  # 64 / 8 is 8.0, a float
    error = exc
wide = layers.MultiHeadAttention(num_heads=num_heads, key_dim=d_model)  # runs
# --8<-- [end:wrong]

# --8<-- [start:right]
mha = layers.MultiHeadAttention(num_heads=num_heads, key_dim=d_model // num_heads)
# --8<-- [end:right]

# --8<-- [start:check]
print(f"key_dim=d_model / num_heads: {type(error).__name__}:")
print(f"    {error}")


def mha_params(d, h, k):
    """Q, K, V: d*h*k weights + h*k biases each; output: h*k*d weights + d biases."""
    return 3 * (d * h * k + h * k) + h * k * d + d


for name, layer in (("key_dim=d_model", wide), ("key_dim=d_model // num_heads", mha)):
    out = layer(x, x)
    formula = mha_params(d_model, num_heads, layer.key_dim)
    print(f"{name:>28}: output {tuple(out.shape)}, {layer.count_params():,} parameters "
          f"(formula {formula:,})")
# --8<-- [end:check]
