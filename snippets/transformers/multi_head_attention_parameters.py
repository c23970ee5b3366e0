"""
Title: Multi-head attention parameter count, and what key_dim changes
Description: Q, K, V and output projections counted by hand and by Keras's count_params.
"""

import numpy as np
from keras import layers


def mha_params(d_model, num_heads, key_dim, value_dim=None):
    value_dim = value_dim or key_dim  # Keras's default: value_dim = key_dim
    query = key = d_model * num_heads * key_dim + num_heads * key_dim  # kernel + bias
    value = d_model * num_heads * value_dim + num_heads * value_dim
    output = num_heads * value_dim * d_model + d_model  # back to the query's size
    return query + key + value + output


x = np.zeros((1, 10, 64), dtype="float32")  # one sequence of 10 tokens, d_model = 64
print(f"{'heads':>5} {'key_dim':>7} {'value_dim':>9} {'formula':>8} {'Keras':>8} "
      f"{'output shape':>13}")
for num_heads, key_dim, value_dim in [(8, 8, None), (4, 16, None), (4, 16, 32),
                                      (1, 64, None), (8, 64, None)]:
    attention = layers.MultiHeadAttention(num_heads, key_dim, value_dim=value_dim)
    shape = tuple(attention(x, x).shape)  # calling the layer builds its weights
    print(f"{num_heads:>5} {key_dim:>7} {value_dim or key_dim:>9} "
          f"{mha_params(64, num_heads, key_dim, value_dim):>8,} "
          f"{attention.count_params():>8,} {str(shape):>13}")
