"""
Title: The three attention masks: encoder, decoder and cross-attention
Description: Draws each mask and checks it against Keras's MultiHeadAttention weights.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
src_len, tgt_len, d_model = 6, 5, 16
rng = np.random.default_rng(0)
source = rng.normal(size=(1, src_len, d_model)).astype("float32")  # encoder input
target = rng.normal(size=(1, tgt_len, d_model)).astype("float32")  # decoder input

# What each attention may see: rows are queries, columns are keys (True = allowed).
masks = {
    "Encoder self-attention\n(bidirectional)": np.ones((src_len, src_len), bool),
    "Decoder self-attention\n(causal)": np.tril(np.ones((tgt_len, tgt_len), bool)),
    "Cross-attention\n(decoder queries, encoder keys)":
        np.ones((tgt_len, src_len), bool),
}

# The same three attentions in Keras; weights has shape (batch, heads, queries, keys).
_, encoder_weights = layers.MultiHeadAttention(2, 8)(
    source, source, return_attention_scores=True)
_, decoder_weights = layers.MultiHeadAttention(2, 8)(
    target, target, use_causal_mask=True, return_attention_scores=True)
_, cross_weights = layers.MultiHeadAttention(2, 8)(
    target, source, return_attention_scores=True)  # query = decoder, value = encoder
weights = [keras.ops.convert_to_numpy(w)[0] for w in
           (encoder_weights, decoder_weights, cross_weights)]

for (name, mask), w in zip(masks.items(), weights):
    name = name.replace("\n", " ")
    allowed = (w > 0) == mask  # compared for every head
    print(f"{name}: {w.shape[0]} heads x {w.shape[1:]} weights, "
          f"non-zero exactly where the mask allows: {allowed.all()}")
print("causal mask (1 = may attend):")
print(masks["Decoder self-attention\n(causal)"].astype(int))

fig, axes = plt.subplots(1, 3, figsize=(10, 4.3), layout="constrained")
for ax, (name, mask) in zip(axes, masks.items()):
    ax.imshow(mask, cmap="Blues", vmin=0, vmax=1.3)
    ax.set_title(name, fontsize=10)
    ax.set_xlabel("key position (attended to)")
    ax.set_xticks(range(mask.shape[1]))
    ax.set_yticks(range(mask.shape[0]))
    ax.set_xticks(np.arange(mask.shape[1] + 1) - 0.5, minor=True)  # cell borders
    ax.set_yticks(np.arange(mask.shape[0] + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
axes[0].set_ylabel("query position")
fig.suptitle("Attention masks: dark = may attend, pale = masked out")
plt.show()
