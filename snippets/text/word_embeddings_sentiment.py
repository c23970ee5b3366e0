"""
Title: Embeddings trained on a sentiment task, projected to 2-D
Description: Embedding + average + Dense trained on reviews; words plotted by PCA.
"""

from pathlib import Path

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

DATA = Path("data")  # the site's data files, in ./data where you run this
keras.utils.set_random_seed(0)

rows = [line.split("\t") for line in (DATA / "sentiment.tsv").read_text().splitlines()]
labels = np.array([int(label) for label, _ in rows])
sentences = [sentence for _, sentence in rows]

vectorize = layers.TextVectorization(output_sequence_length=24)  # ids, 0 = padding
vectorize.adapt(sentences)
vocab = vectorize.get_vocabulary()  # vocab[0] = "" (padding), vocab[1] = "[UNK]"
x = vectorize(np.array(sentences))

embedding = layers.Embedding(input_dim=len(vocab), output_dim=8, mask_zero=True)
model = keras.Sequential([
    keras.Input((24,), dtype="int64"),
    embedding,
    layers.GlobalAveragePooling1D(),  # mean of the word vectors (padding masked)
    layers.Dense(1, activation="sigmoid"),
])
model.compile(keras.optimizers.Adam(1e-2), "binary_crossentropy", metrics=["accuracy"])
history = model.fit(x[:3200], labels[:3200], validation_data=(x[3200:], labels[3200:]),
                    epochs=5, batch_size=32, verbose=0).history
print(f"vocabulary: {len(vocab)} tokens, embedding matrix {embedding.embeddings.shape}")
print(f"validation accuracy after {len(history['loss'])} epochs: "
      f"{history['val_accuracy'][-1]:.3f}")
correct = (model.predict(x[3200:], verbose=0)[:, 0] > 0.5) == labels[3200:]
negated = np.array(["not" in s.split() for s in sentences[3200:]])
print(f"  on sentences without 'not': {correct[~negated].mean():.3f}, "
      f"with 'not': {correct[negated].mean():.3f}")

positive = ["good", "great", "excellent", "wonderful", "amazing", "fantastic", "superb",
            "lovely", "brilliant", "delightful"]
negative = ["bad", "awful", "terrible", "horrible", "poor", "dreadful", "boring",
            "lousy", "dull", "disappointing"]
neutral = ["movie", "film", "meal", "book", "song", "show", "hotel", "trip", "game",
           "story"]
groups = {"positive": positive, "negative": negative, "neutral (nouns)": neutral}
index = {word: i for i, word in enumerate(vocab)}
W = embedding.get_weights()[0]
words = positive + negative + neutral
vectors = W[[index[w] for w in words]]

unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
cosine = unit @ unit.T
pos, neg = slice(0, 10), slice(10, 20)
upper = np.triu_indices(10, 1)
within = np.r_[cosine[pos, pos][upper], cosine[neg, neg][upper]]
between = cosine[pos, neg].ravel()
print(f"mean cosine, adjectives of the same polarity:     {within.mean():.3f}")
print(f"mean cosine, adjectives of opposite polarity:     {between.mean():.3f}")

# PCA with numpy: centre, then project on the top two right singular vectors.
centred = vectors - vectors.mean(axis=0)
_, singular, components = np.linalg.svd(centred, full_matrices=False)
xy = centred @ components[:2].T
explained = singular**2 / (singular**2).sum()
print(f"variance explained by PC1, PC2: {explained[0]:.2f}, {explained[1]:.2f}")
spread = {name: np.abs(xy[i * 10:(i + 1) * 10, 0]).mean()
          for i, name in enumerate(groups)}
print("mean |PC1| per group:", {name: round(float(v), 2) for name, v in spread.items()})

plt.figure(figsize=(7.5, 4.5))
colours = ["tab:blue", "tab:red", "tab:gray"]
for i, (name, colour) in enumerate(zip(groups, colours)):
    plt.scatter(xy[i * 10:(i + 1) * 10, 0], xy[i * 10:(i + 1) * 10, 1], color=colour,
                label=name)
for word, (px, py) in zip(words, xy):
    plt.annotate(word, (px, py), textcoords="offset points", xytext=(4, 3), fontsize=7)
plt.xlabel("PC1")
plt.ylabel("PC2")
plt.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
plt.title("Word embeddings after training on sentiment (PCA to 2-D)")
plt.show()
