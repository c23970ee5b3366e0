"""
Title: One-hot vs embedding vs pretrained: size, sparsity and parameters
Description: Measures each encoding of the shipped review sentences, and one-hot's OOV.
"""

from pathlib import Path

import keras
import numpy as np
from keras import layers

DATA = Path("data")  # the site's data files, in ./data where you run this
keras.utils.set_random_seed(0)

sentences = [line.split("\t")[1]
             for line in (DATA / "sentiment.tsv").read_text().splitlines()]
vectorize = layers.TextVectorization(output_sequence_length=24)
vectorize.adapt(sentences)
V, D, length = vectorize.vocabulary_size(), 50, 24
ids = keras.ops.convert_to_numpy(vectorize(sentences))  # (4000, 24) token ids
real = ids != 0  # tokens that are not padding

one_hot = keras.ops.convert_to_numpy(keras.ops.one_hot(ids, V))  # (4000, 24, V)
zeros = 1 - one_hot[real].sum() / one_hot[real].size
print(f"vocabulary V = {V}, embedding dimension D = {D}")
print(f"one-hot:   {one_hot.shape[-1]} numbers per token, {zeros:.2%} of them zero, "
      f"{one_hot.nbytes / 1e6:.1f} MB for the data set as float32")

embedding = layers.Embedding(V, D)
dense = keras.ops.convert_to_numpy(embedding(ids))  # (4000, 24, D)
print(f"embedding: {dense.shape[-1]} numbers per token, "
      f"{np.mean(dense[real] == 0):.2%} of them zero, "
      f"{dense.nbytes / 1e6:.1f} MB; trainable parameters "
      f"{embedding.count_params()} = V x D")

frozen = layers.Embedding(V, D, trainable=False)
frozen.build()
print(f"pretrained, frozen: {len(frozen.trainable_weights)} trainable weights, "
      f"{frozen.count_params()} fixed numbers")

for vocab_size in (1_000, 10_000, 100_000):
    print(f"V = {vocab_size:>7,}: one-hot zeros {1 - 1 / vocab_size:.3%}, "
          f"table V x 100 = {vocab_size * 100:>10,} parameters")

# Every pair of different one-hot vectors is orthogonal: no word is closer to another.
rows = np.eye(V)[[vectorize(["great"])[0, 0], vectorize(["superb"])[0, 0],
                  vectorize(["awful"])[0, 0]]]
print("one-hot cosine great/superb, great/awful:", rows[0] @ rows[1], rows[0] @ rows[2])

# One-hot has the out-of-vocabulary problem too: unseen words share the [UNK] column.
unknown = keras.ops.convert_to_numpy(vectorize(["what a magnificent movie",
                                                "what a ghastly movie"]))
print("ids of 'magnificent' and 'ghastly':", unknown[0, 2], unknown[1, 2],
      "-> both", vectorize.get_vocabulary()[unknown[0, 2]])
