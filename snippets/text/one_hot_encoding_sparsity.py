"""
Title: One-hot at corpus scale, and one-hot times a matrix = an embedding lookup
Description: One-hot rows of a sentence over the corpus vocabulary, multiplied by W.
"""

from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np

DATA = Path("data")  # the site's data files, in ./data where you run this
lookup = keras.layers.StringLookup()  # word -> integer id; id 0 is kept for [UNK]
lookup.adapt((DATA / "corpus.txt").read_text().split())  # every word of the corpus
V = lookup.vocabulary_size()

sentence = "she was a wise queen"
words = np.array(sentence.split())
ids = keras.ops.convert_to_numpy(lookup(words))
one_hot = keras.ops.convert_to_numpy(keras.ops.one_hot(ids, V))  # shape (words, V)
print(f"ids {ids.tolist()} -> one-hot matrix {one_hot.shape}")
print(f"{np.mean(one_hot == 0):.2%} zeros (1 - 1/V = {1 - 1 / V:.2%})")

# Multiplying by a V x D matrix only selects rows: exactly what Embedding does.
W = np.random.default_rng(0).normal(size=(V, 8)).astype("float32")
embedding = keras.layers.Embedding(V, 8, weights=[W])
looked_up = keras.ops.convert_to_numpy(embedding(ids))
# exact, not just close: each entry is 1 * one weight, plus products that are 0
print("one_hot @ W == Embedding(ids), exactly:", np.array_equal(one_hot @ W, looked_up))

plt.figure(figsize=(8, 2.2))
plt.imshow(one_hot, aspect="auto", cmap="Greys", interpolation="nearest")
plt.yticks(range(len(words)), words)
plt.xlabel(f"column (vocabulary of V = {V})")
plt.title(f"One-hot rows of '{sentence}': one 1 per row")
plt.tight_layout()
plt.show()
