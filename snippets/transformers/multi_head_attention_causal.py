"""
Title: A causal mask in multi-head attention
Description: With use_causal_mask=True, every future position gets exactly zero weight.
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
np.set_printoptions(precision=2, suppress=True)
rng = np.random.default_rng(0)
attention = layers.MultiHeadAttention(num_heads=2, key_dim=8)

x = rng.normal(size=(1, 5, 16)).astype("float32")  # one sequence of 5 tokens
_, causal = attention(x, x, use_causal_mask=True, return_attention_scores=True)
causal = keras.ops.convert_to_numpy(causal)  # (batch, heads, query, key)
for head in range(2):
    print(f"head {head}, row = query position, column = key position:")
    print(causal[0, head])
