"""
Title: Self-attention sees a set: "dog bites man" versus "man bites dog"
Description: Here mha(x, x) is self-attention; without positions, order does not matter.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np

keras.utils.set_random_seed(0)
d_model = 16
vocab = {"dog": 0, "bites": 1, "man": 2}
unit_normal = keras.initializers.RandomNormal(stddev=1.0)  # same scale as the encoding
embedding = keras.layers.Embedding(len(vocab), d_model,
                                   embeddings_initializer=unit_normal)
mha = keras.layers.MultiHeadAttention(num_heads=2, key_dim=d_model // 2)

# Self-attention: query, key and value all come from the same sequence x.
x = np.random.default_rng(0).normal(size=(1, 4, d_model)).astype("float32")
short_call = keras.ops.convert_to_numpy(mha(x, x))  # key defaults to value
explicit = keras.ops.convert_to_numpy(mha(query=x, value=x, key=x))
print("mha(x, x) == mha(query=x, value=x, key=x):",
      np.array_equal(short_call, explicit))


def sinusoidal_encoding(length, depth):
    angles = np.arange(length)[:, None] / 10000 ** (np.arange(0, depth, 2) / depth)
    table = np.zeros((length, depth), dtype="float32")
    table[:, 0::2], table[:, 1::2] = np.sin(angles), np.cos(angles)
    return table


def self_attend(words, positions=False):
    x = embedding(np.array([[vocab[w] for w in words]]))
    if positions:
        x = x + sinusoidal_encoding(len(words), d_model)
    out, weights = mha(x, x, return_attention_scores=True)
    return keras.ops.convert_to_numpy(out)[0], keras.ops.convert_to_numpy(weights)[0, 0]


sentence, swapped = ["dog", "bites", "man"], ["man", "bites", "dog"]
perm = [2, 1, 0]  # swapped[i] == sentence[perm[i]]
out, weights = self_attend(sentence)
out_swapped, weights_swapped = self_attend(swapped)
print("no positions:   output rows are permuted the same way:",
      np.allclose(out_swapped, out[perm], atol=1e-6))
print("                output of 'dog' identical in both sentences:",
      np.allclose(out_swapped[2], out[0], atol=1e-6))

out_pe, _ = self_attend(sentence, positions=True)
out_pe_swapped, _ = self_attend(swapped, positions=True)
gap = np.abs(out_pe_swapped - out_pe[perm]).max()
print("with positions: output rows are permuted the same way:",
      np.allclose(out_pe_swapped, out_pe[perm], atol=1e-6), f"(max gap {gap:.2f})")

fig, axes = plt.subplots(1, 2, figsize=(8, 3.8), layout="constrained")
for ax, words, w in ((axes[0], sentence, weights), (axes[1], swapped, weights_swapped)):
    ax.imshow(w, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(3), words)
    ax.set_yticks(range(3), words)
    for (row, col), value in np.ndenumerate(w):
        ax.text(col, row, f"{value:.2f}", ha="center", va="center", fontsize=9)
    ax.set_title(" ".join(words))
    ax.set_xlabel("key")
axes[0].set_ylabel("query")
fig.suptitle("Head 1, no positions: same weights, rows and columns swapped")
plt.show()
