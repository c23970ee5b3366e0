"""
Title: Attention weights on a toy sentence, as a heatmap
Description: Hand-made queries and keys show who attends to whom, and what is missing.
"""

import matplotlib.pyplot as plt
import numpy as np


def softmax(scores):
    exp = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


tokens = ["the", "cat", "sat", "on", "the", "mat"]
kinds = ["det", "noun", "verb", "prep", "det", "noun"]
features = ["det", "noun", "verb", "prep"]  # d_k = 4: one feature per word kind
looks_for = {"det": "noun", "noun": "verb", "verb": "noun", "prep": "noun"}


def one_hot(names):
    return np.array([[float(name == f) for f in features] for name in names])


strength = 3.0
K = strength * one_hot(kinds)  # each key says what kind of word this is
Q = strength * one_hot([looks_for[kind] for kind in kinds])  # each query: what it wants
d_k = K.shape[1]
weights = softmax(Q @ K.T / np.sqrt(d_k))  # row t: how much token t attends to each

print("query \\ key " + " ".join(f"{t:>5}" for t in tokens))
for token, row in zip(tokens, weights):
    print(f"{token:>11} " + " ".join(f"{w:5.2f}" for w in row))

fig, ax = plt.subplots(figsize=(5.5, 4.2), layout="constrained")
image = ax.imshow(weights, cmap="Blues", vmin=0, vmax=1)
ax.set_xticks(range(len(tokens)), tokens)
ax.set_yticks(range(len(tokens)), tokens)
ax.set_xlabel("key (attended to)")
ax.set_ylabel("query (attending)")
for (row, col), w in np.ndenumerate(weights):
    ax.text(col, row, f"{w:.2f}", ha="center", va="center",
            color="white" if w > 0.5 else "black", fontsize=8)
fig.colorbar(image, label="attention weight")
ax.set_title("Attention weights (each row sums to 1)")
plt.show()
