"""
Title: The shapes of Q, K and V inside keras.layers.MultiHeadAttention
Description: Where each dimension of the projections, weights and output comes from.
"""

import keras
import numpy as np

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
batch, target_len, source_len = 2, 5, 7
query_input = rng.normal(size=(batch, target_len, 32)).astype("float32")  # asks
source = rng.normal(size=(batch, source_len, 24)).astype("float32")  # is looked up

mha = keras.layers.MultiHeadAttention(num_heads=4, key_dim=8, value_dim=6)
output, weights = mha(query_input, source, return_attention_scores=True)  # key = value

for dense in (mha.query_dense, mha.key_dense, mha.value_dense, mha.output_dense):
    print(f"{dense.name:>16} kernel {tuple(dense.kernel.shape)}")

Q = mha.query_dense(query_input)  # (batch, target_len, heads, key_dim)
K = mha.key_dense(source)  # (batch, source_len, heads, key_dim)
V = mha.value_dense(source)  # (batch, source_len, heads, value_dim)
for name, tensor in (("query input", query_input), ("key/value input", source),
                     ("Q", Q), ("K", K), ("V", V), ("attention weights", weights),
                     ("output", output)):
    print(f"{name:>17}: {tuple(tensor.shape)}")
