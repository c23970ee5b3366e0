"""
Title: Load GloVe-format vectors into a Keras Embedding layer
Description: Aligns data/vectors.txt with a TextVectorization vocabulary via Constant.
"""

from pathlib import Path

import keras
import numpy as np
from keras import layers

DATA = Path("data")  # the site's data files, in ./data where you run this

# GloVe's text format: one word per line, then its numbers, separated by spaces.
pretrained = {}
for line in (DATA / "vectors.txt").read_text().splitlines():
    word, *numbers = line.split()
    pretrained[word] = np.array(numbers, dtype="float32")
dim = len(pretrained["the"])
print(f"{len(pretrained)} pretrained vectors of dimension {dim}")

# The vocabulary comes from all the text we have (no labels needed).
sentences = [line.split("\t")[1]
             for line in (DATA / "sentiment.tsv").read_text().splitlines()]
vectorize = layers.TextVectorization(output_sequence_length=24)
vectorize.adapt(sentences)
vocab = vectorize.get_vocabulary()

# Row i of the matrix is the vector of vocab[i]; words without a vector get zeros.
matrix = np.zeros((len(vocab), dim), dtype="float32")
for i, word in enumerate(vocab):
    if word in pretrained:
        matrix[i] = pretrained[word]
missing = [w for w in vocab if w not in pretrained]
print(f"vocabulary {len(vocab)}: {len(vocab) - len(missing)} with a vector, "
      f"{len(missing)} zero rows, e.g. {' '.join(missing[2:8])} and padding, [UNK]")

embedding = layers.Embedding(len(vocab), dim, mask_zero=True, trainable=False,
                             embeddings_initializer=keras.initializers.Constant(matrix))
ids = vectorize(["what a superb movie"])
vectors = keras.ops.convert_to_numpy(embedding(ids))[0]
print("ids:", keras.ops.convert_to_numpy(ids)[0, :5].tolist())
print("row for 'superb' == its line in vectors.txt:",
      np.array_equal(vectors[2], pretrained["superb"]))
print("trainable weights:", len(embedding.trainable_weights),
      " non-trainable:", len(embedding.non_trainable_weights))

unit = {w: v / np.linalg.norm(v) for w, v in pretrained.items()}
for word in ("superb", "dreadful"):
    sims = {other: float(unit[word] @ u) for other, u in unit.items() if other != word}
    top = sorted(sims, key=sims.get, reverse=True)[:5]
    print(f"nearest to {word} in the pretrained vectors: {' '.join(top)}")
