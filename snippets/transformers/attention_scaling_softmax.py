"""
Title: Without the 1/sqrt(d_k) scale, softmax saturates and its gradients vanish
Description: Max weight, entropy and gradient of attention over 16 keys, against d_k.
"""

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
trials, n_keys = 500, 16
dims = [1, 4, 16, 64, 256, 1024]
upstream = tf.constant(rng.standard_normal((trials, n_keys)), tf.float32)


def softmax_stats(logits):
    """Mean max weight, mean entropy (nats), median gradient norm w.r.t. the logits."""
    logits = tf.constant(logits, tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        weights = tf.nn.softmax(logits, axis=-1)
        loss = tf.reduce_sum(weights * upstream)  # any loss that uses the weights
    grad = tape.gradient(loss, logits).numpy()
    w = weights.numpy()
    entropy = -(w * np.log(np.clip(w, 1e-30, None))).sum(axis=-1)
    grad_norm = np.linalg.norm(grad, axis=-1)
    return w.max(axis=-1).mean(), entropy.mean(), np.median(grad_norm)


stats = {"unscaled": [], "scaled": []}
for d_k in dims:
    q = rng.standard_normal((trials, 1, d_k), dtype="float32")
    k = rng.standard_normal((trials, n_keys, d_k), dtype="float32")
    scores = (q * k).sum(axis=-1)  # (trials, n_keys): one query against 16 keys
    stats["unscaled"].append(softmax_stats(scores))
    stats["scaled"].append(softmax_stats(scores / np.sqrt(d_k)))

print(f"uniform weights over {n_keys} keys: max weight {1 / n_keys:.4f}, "
      f"entropy {np.log(n_keys):.2f}")
print("   d_k    max weight      entropy (nats)  median gradient norm")
print("       unscaled scaled  unscaled scaled   unscaled    scaled")
for i, d_k in enumerate(dims):
    (m_u, e_u, g_u), (m_s, e_s, g_s) = stats["unscaled"][i], stats["scaled"][i]
    print(f"{d_k:6d} {m_u:8.3f} {m_s:6.3f} {e_u:9.3f} {e_s:6.3f}",
          f"{g_u:10.1e} {g_s:9.1e}")

fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), layout="constrained")
names = ["mean max weight", "mean entropy (nats)", "median gradient norm"]
for j, (ax, name) in enumerate(zip(axes, names)):
    for label, marker in (("unscaled", "o"), ("scaled", "s")):
        ax.plot(dims, [row[j] for row in stats[label]], marker=marker,
                label=f"{label}: q·k" + (" / √d_k" if label == "scaled" else ""))
    ax.set_xscale("log", base=2)
    ax.set_xlabel("d_k")
    ax.set_title(name)
axes[2].set_yscale("log")
axes[0].legend()
fig.suptitle(f"Softmax over {n_keys} random keys, {trials} random queries per d_k")
plt.show()
