"""
Title: Skip-gram Word2Vec with negative sampling, trained in Keras
Description: Two Embedding tables, a dot product and a sigmoid, on data/corpus.txt.
"""

# --8<-- [start:data]
from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

DATA = Path("data")  # the site's data files, in ./data where you run this
keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
window, negatives, dim = 2, 4, 32

sentences = (DATA / "corpus.txt").read_text().splitlines()[:3000]  # a quarter: seconds
vectorize = layers.TextVectorization()
vectorize.adapt(sentences)
vocab = vectorize.get_vocabulary()  # vocab[0] = "" (padding), vocab[1] = "[UNK]"
index = {word: i for i, word in enumerate(vocab)}
corpus = [[index[w] for w in s.split()] for s in sentences]

counts = np.bincount([i for s in corpus for i in s], minlength=len(vocab)).astype(float)
frequency = counts / counts.sum()
keep = np.minimum(1.0, np.sqrt(1e-2 / np.maximum(frequency, 1e-12)))  # drop some "the"s
noise = counts**0.75 / (counts**0.75).sum()  # the unigram^(3/4) noise distribution

# (target, context, 1) for every word within the window, then `negatives` noise words
targets, contexts = [], []
for sentence in corpus:
    sentence = [w for w in sentence if rng.random() < keep[w]]
    for i, target in enumerate(sentence):
        for j in range(max(0, i - window), min(len(sentence), i + window + 1)):
            if j != i:
                targets.append(target)
                contexts.append(sentence[j])
n = len(targets)
target_ids = np.concatenate([targets, np.repeat(targets, negatives)])
context_ids = np.concatenate([contexts, rng.choice(len(vocab), n * negatives, p=noise)])
labels = np.concatenate([np.ones(n), np.zeros(n * negatives)]).astype("float32")
order = rng.permutation(len(labels))
print(f"{len(vocab)} words, {n} positive pairs, {len(labels)} rows with negatives")
# --8<-- [end:data]

# --8<-- [start:model]
target_in = keras.Input((), dtype="int32", name="target")
context_in = keras.Input((), dtype="int32", name="context")
target_embedding = layers.Embedding(len(vocab), dim, name="target_embedding")
context_embedding = layers.Embedding(len(vocab), dim, name="context_embedding")
target_vector = target_embedding(target_in)
context_vector = context_embedding(context_in)
score = layers.Dot(axes=-1)([target_vector, context_vector])
model = keras.Model([target_in, context_in], layers.Activation("sigmoid")(score))
model.compile(keras.optimizers.Adam(0.02), "binary_crossentropy")
history = model.fit([target_ids[order], context_ids[order]], labels[order],
                    batch_size=1024, epochs=3, verbose=0).history
print("loss per epoch:", np.round(history["loss"], 3))
# --8<-- [end:model]

# --8<-- [start:query]
# The word vectors are the target (input) table; compare them by cosine similarity.
W = target_embedding.get_weights()[0]
unit = W / np.maximum(np.linalg.norm(W, axis=1, keepdims=True), 1e-12)


def nearest(query, exclude=(), k=3):
    sims = unit @ (query / np.linalg.norm(query))
    sims[[0, 1]] = -np.inf  # padding and [UNK] are not words
    sims[[index[w] for w in exclude]] = -np.inf
    return " ".join(vocab[i] for i in np.argsort(-sims)[:k])


def analogy(a, b, c, k=3):
    """a is to b as c is to ?: nearest to b - a + c, the three query words excluded."""
    return nearest(unit[index[b]] - unit[index[a]] + unit[index[c]], (a, b, c), k)


for word in ("king", "paris", "great", "awful"):
    print(f"nearest to {word:>6}: {nearest(unit[index[word]], [word], k=4)}")
answers = {}
for a, b, c in [("man", "king", "woman"), ("france", "paris", "italy"),
                ("boy", "girl", "prince"), ("germany", "berlin", "japan")]:
    answers[a, b, c] = analogy(a, b, c)
    print(f"{b} - {a} + {c} -> {answers[a, b, c]}")
raw = nearest(unit[index["king"]] - unit[index["man"]] + unit[index["woman"]], k=3)
print(f"king - man + woman -> {raw}   (query words NOT excluded)")
# --8<-- [end:query]

# --8<-- [start:static]
# One vector per word type: "play" is a noun in one sentence and a verb in the other.
two = vectorize(["the play was superb", "the children play in the street"])
print("ids:", keras.ops.convert_to_numpy(two).tolist())  # "children" is [UNK] (id 1)
vecs = keras.ops.convert_to_numpy(target_embedding(two))
same = np.array_equal(vecs[0, 1], vecs[1, 2])
print(f'"play" gets the same vector in both sentences: {same}')
# --8<-- [end:static]

# --8<-- [start:plot]
countries = ["france", "italy", "spain", "germany", "japan", "egypt", "russia",
             "greece"]
capitals = ["paris", "rome", "madrid", "berlin", "tokyo", "cairo", "moscow", "athens"]
offsets = unit[[index[w] for w in capitals]] - unit[[index[w] for w in countries]]
offsets /= np.linalg.norm(offsets, axis=1, keepdims=True)
pairwise = (offsets @ offsets.T)[np.triu_indices(8, 1)]
print(f"country -> capital offsets: mean pairwise cosine {pairwise.mean():.2f}")
points = W[[index[w] for w in countries + capitals]]
centred = points - points.mean(axis=0)
xy = centred @ np.linalg.svd(centred, full_matrices=False)[2][:2].T  # PCA to 2-D
plt.figure(figsize=(6, 4.5))
for i, (country, capital) in enumerate(zip(countries, capitals)):
    (x0, y0), (x1, y1) = xy[i], xy[i + 8]
    plt.annotate("", (x1, y1), (x0, y0), arrowprops={"arrowstyle": "->", "alpha": 0.5})
    plt.text(x0, y0, country, color="tab:blue", fontsize=8)
    plt.text(x1, y1, capital, color="tab:red", fontsize=8)
plt.scatter(xy[:, 0], xy[:, 1], s=0)
plt.xlabel("PC1")
plt.ylabel("PC2")
plt.title("Skip-gram vectors: country -> capital (PCA to 2-D)")
plt.show()
# --8<-- [end:plot]
