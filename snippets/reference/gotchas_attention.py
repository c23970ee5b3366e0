"""
Title: Gotcha: unscaled dot products saturate the attention softmax
Description: Width-256 dot products, softmaxed with and without dividing by sqrt(d_k).
"""

import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
d_k = 256
q = tf.constant(rng.normal(size=(1000, 1, d_k)), "float32")  # 1000 queries
k = tf.constant(rng.normal(size=(1000, 10, d_k)), "float32")  # 10 keys each
upstream = tf.constant(rng.normal(size=(1000, 1, 10)), "float32")  # some dL/dweights

# --8<-- [start:wrong]
with tf.GradientTape() as tape:
    scores_wrong = tf.matmul(q, k, transpose_b=True)
    tape.watch(scores_wrong)
    weights_wrong = tf.nn.softmax(scores_wrong, axis=-1)
    loss_wrong = tf.reduce_sum(weights_wrong * upstream)
grad_wrong = tape.gradient(loss_wrong, scores_wrong)
# --8<-- [end:wrong]

# --8<-- [start:right]
with tf.GradientTape() as tape:
    scores_right = tf.matmul(q, k, transpose_b=True) / tf.math.sqrt(float(d_k))
    tape.watch(scores_right)
    weights_right = tf.nn.softmax(scores_right, axis=-1)
    loss_right = tf.reduce_sum(weights_right * upstream)
grad_right = tape.gradient(loss_right, scores_right)
# --8<-- [end:right]

# --8<-- [start:check]
stats = {}
for name, scores, weights, grad in (
        ("unscaled", scores_wrong, weights_wrong, grad_wrong),
        ("/ sqrt(d_k)", scores_right, weights_right, grad_right)):
    top = float(tf.reduce_mean(tf.reduce_max(weights, axis=-1)))
    spread = float(tf.math.reduce_std(scores))
    flow = float(tf.reduce_mean(tf.abs(grad)))
    stats[name] = (spread, top, flow)
    print(f"{name:>11}: std of scores {spread:5.2f}, mean largest weight {top:.3f}, "
          f"mean |dL/dscore| {flow:.1e}")
# --8<-- [end:check]
