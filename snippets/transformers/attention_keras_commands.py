"""
Title: The sheet's attention commands, filled in, in Keras 3
Description: Self-attention from Dense layers and tf ops, as a Keras model, and ops.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

keras.utils.set_random_seed(0)
d_model, d_k, d_v = 16, 8, 8
inputs = np.random.default_rng(0).normal(size=(2, 5, d_model)).astype("float32")

# Attention(Q, K, V) = softmax(Q · K^T / sqrt(d_k)) · V
# Self-attention: Q, K, V all from the same input
query = layers.Dense(d_k)(inputs)
key = layers.Dense(d_k)(inputs)
value = layers.Dense(d_v)(inputs)

# Compute attention scores (eager tensors: tf functions are fine here)
scores = tf.matmul(query, key, transpose_b=True)  # (batch, 5, 5)
scores = scores / tf.math.sqrt(tf.cast(d_k, tf.float32))  # d_k, not d_model
attention_weights = tf.nn.softmax(scores, axis=-1)
output = tf.matmul(attention_weights, value)  # (batch, 5, d_v)
print("weights:", tuple(attention_weights.shape), " output:", tuple(output.shape))

# Inside a functional model the tensors are symbolic: use keras.ops, not tf.*
x = keras.Input((None, d_model))
q, k, v = layers.Dense(d_k)(x), layers.Dense(d_k)(x), layers.Dense(d_v)(x)
w = ops.softmax(ops.matmul(q, ops.swapaxes(k, -1, -2)) / d_k**0.5, axis=-1)
model = keras.Model(x, ops.matmul(w, v))
print("model output for 5 and for 9 tokens:", tuple(model(inputs).shape),
      tuple(model(np.zeros((2, 9, d_model))).shape))

# keras.ops.dot_product_attention does the same; its default scale is 1/sqrt(d_k).
# It expects (batch, seq, heads, d_k): add a heads axis of size 1.
fused = ops.dot_product_attention(query[:, :, None], key[:, :, None], value[:, :, None])
print("dot_product_attention == manual, to float32 precision:",
      np.allclose(ops.convert_to_numpy(fused[:, :, 0]), output.numpy(),
                  rtol=1e-5, atol=1e-6))
