"""
Title: One-hot vectors: size, sparsity, orthogonality and unknown words
Description: Eight words one-hot encoded by keras.layers.StringLookup, and measured.
"""

import keras
import numpy as np

vocabulary = ["king", "queen", "man", "woman", "paris", "france", "good", "bad"]
lookup = keras.layers.StringLookup(vocabulary=vocabulary, output_mode="one_hot")
V = lookup.vocabulary_size()  # the 8 words plus one slot for unknown words
print(f"columns: {[str(token) for token in lookup.get_vocabulary()]}")

one_hot = keras.ops.convert_to_numpy(lookup(np.array(vocabulary))).astype("float32")
for word, row in zip(vocabulary, one_hot):
    print(f"{word:>7} {row.astype(int)}")

print(f"dimension {one_hot.shape[1]} = vocabulary size V = {V}")
print(f"fraction of zeros {np.mean(one_hot == 0):.4f} = 1 - 1/V = {1 - 1 / V:.4f}")

norms = np.linalg.norm(one_hot, axis=1)
cosine = one_hot @ one_hot.T / np.outer(norms, norms)
for a, b in [("king", "queen"), ("king", "paris"), ("good", "bad")]:
    print(f"cosine({a}, {b}) = {cosine[vocabulary.index(a), vocabulary.index(b)]:.1f}")
off_diagonal = cosine[~np.eye(len(vocabulary), dtype=bool)]
print(f"largest cosine between two different words: {off_diagonal.max():.1f}")

unseen = ["princess", "tokyo", "excellent"]  # not in the vocabulary
oov = keras.ops.convert_to_numpy(lookup(np.array(unseen)))
for word, row in zip(unseen, oov):
    print(f"{word:>9} {row}")
