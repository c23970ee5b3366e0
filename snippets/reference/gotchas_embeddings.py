"""
Title: Gotcha: random embeddings learn nothing about words missing from small data
Description: Trained on 48 sentences; the test uses only adjectives unseen in training.
"""

from pathlib import Path

import keras
import numpy as np
from keras import layers
from keras.initializers import Constant

DATA = Path("data")  # the site's data files, in ./data where you run this
keras.utils.set_random_seed(0)
rows = [line.split("\t") for line in (DATA / "sentiment.tsv").read_text().splitlines()]
seen = {"good", "great", "excellent", "bad", "awful", "terrible"}  # training only
unseen = {"superb", "brilliant", "lovely", "dreadful", "boring", "lousy"}  # test only
plain = [(int(label), s) for label, s in rows  # the adjective is the only cue
         if "not" not in s.split() and "felt" not in s]
train = [(y, s) for y, s in plain if seen & set(s.split())][:48]
test = [(y, s) for y, s in plain if unseen & set(s.split())][:400]
vectorize = layers.TextVectorization(output_sequence_length=24)
vectorize.adapt([s for _, s in rows])
vocab = vectorize.get_vocabulary()
x_train, y_train = vectorize([s for _, s in train]), np.array([y for y, _ in train])
x_test, y_test = vectorize([s for _, s in test]), np.array([y for y, _ in test])


def classifier(embedding):
    model = keras.Sequential([keras.Input((24,), dtype="int64"), embedding,
                              layers.GlobalAveragePooling1D(),
                              layers.Dense(16, activation="relu"),
                              layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(0.02), "binary_crossentropy",
                  metrics=["accuracy"])
    return model


# --8<-- [start:wrong]
random_init = layers.Embedding(len(vocab), 50, mask_zero=True)  # random vectors
# --8<-- [end:wrong]

# --8<-- [start:right]
vectors = {}
for line in (DATA / "vectors.txt").read_text().splitlines():  # GloVe text format
    word, *numbers = line.split()
    vectors[word] = np.array(numbers, dtype="float32")
matrix = np.array([vectors.get(word, np.zeros(50, "float32")) for word in vocab])
pretrained = layers.Embedding(len(vocab), 50, mask_zero=True, trainable=False,
                              embeddings_initializer=Constant(matrix))
# --8<-- [end:right]

# --8<-- [start:check]
accuracy = {}
for name, embedding in (("random init", random_init),
                        ("pretrained, frozen", pretrained)):
    keras.utils.set_random_seed(0)
    model = classifier(embedding)
    model.fit(x_train, y_train, epochs=10, batch_size=8, verbose=0)
    accuracy[name] = model.evaluate(x_test, y_test, verbose=0)[1]
    print(f"{name:>18}: accuracy on unseen adjectives {accuracy[name]:.3f}")
# --8<-- [end:check]
