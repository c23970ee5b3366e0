"""
Title: CBOW Word2Vec with negative sampling, trained in Keras
Description: The average of the context words' embeddings scores the middle word.
"""

from pathlib import Path

import keras
import numpy as np
from keras import layers

DATA = Path("data")  # the site's data files, in ./data where you run this
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
window, negatives, dim = 2, 4, 32

sentences = (DATA / "corpus.txt").read_text().splitlines()[:3000]
vectorize = layers.TextVectorization()
vectorize.adapt(sentences)
vocab = vectorize.get_vocabulary()
index = {word: i for i, word in enumerate(vocab)}
corpus = [[index[w] for w in s.split()] for s in sentences]

counts = np.bincount([i for s in corpus for i in s], minlength=len(vocab)).astype(float)
frequency = counts / counts.sum()
keep = np.minimum(1.0, np.sqrt(1e-2 / np.maximum(frequency, 1e-12)))
noise = counts**0.75 / (counts**0.75).sum()

# One row per position: its window of context ids (padded with 0) and the middle word
windows, middles = [], []
for sentence in corpus:
    sentence = [w for w in sentence if rng.random() < keep[w]]
    for i, middle in enumerate(sentence):
        lo, hi = max(0, i - window), min(len(sentence), i + window + 1)
        context = [sentence[j] for j in range(lo, hi) if j != i]
        if context:
            windows.append(context + [0] * (2 * window - len(context)))
            middles.append(middle)
n = len(middles)
window_ids = np.concatenate([windows, np.repeat(windows, negatives, axis=0)])
word_ids = np.concatenate([middles, rng.choice(len(vocab), n * negatives, p=noise)])
labels = np.concatenate([np.ones(n), np.zeros(n * negatives)]).astype("float32")
order = rng.permutation(len(labels))
print(f"{n} windows, {len(labels)} rows with negatives")

context_in = keras.Input((2 * window,), dtype="int32", name="context")
word_in = keras.Input((), dtype="int32", name="word")
context_embedding = layers.Embedding(len(vocab), dim, mask_zero=True,
                                     name="context_table")
word_embedding = layers.Embedding(len(vocab), dim, name="word_table")
# the mask from mask_zero=True makes the average skip the padding
average = layers.GlobalAveragePooling1D()(context_embedding(context_in))
score = layers.Dot(axes=-1)([average, word_embedding(word_in)])
model = keras.Model([context_in, word_in], layers.Activation("sigmoid")(score))
model.compile(keras.optimizers.Adam(0.01), "binary_crossentropy")
history = model.fit([window_ids[order], word_ids[order]], labels[order],
                    batch_size=512, epochs=3, verbose=0).history
print("loss per epoch:", np.round(history["loss"], 3))

# In CBOW the input (context) table holds the word vectors.
W = context_embedding.get_weights()[0]
unit = W / np.maximum(np.linalg.norm(W, axis=1, keepdims=True), 1e-12)


def analogy(a, b, c, k=3):
    """a is to b as c is to ?: cosine to b - a + c; padding, [UNK], a, b, c excluded."""
    query = unit[index[b]] - unit[index[a]] + unit[index[c]]
    sims = unit @ (query / np.linalg.norm(query))
    sims[[0, 1, index[a], index[b], index[c]]] = -np.inf
    return " ".join(vocab[i] for i in np.argsort(-sims)[:k])


answers = {}
for a, b, c in [("man", "king", "woman"), ("france", "paris", "italy"),
                ("boy", "girl", "prince"), ("germany", "berlin", "japan")]:
    answers[a, b, c] = analogy(a, b, c)
    print(f"{b} - {a} + {c} -> {answers[a, b, c]}")
