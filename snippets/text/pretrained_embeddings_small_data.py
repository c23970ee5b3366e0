"""
Title: Pretrained vs random embeddings on 48 training sentences
Description: Test sentences use only adjectives unseen in training; frozen, then tuned.
"""

from pathlib import Path

import keras
import numpy as np
from keras import layers

DATA = Path("data")  # the site's data files, in ./data where you run this
keras.utils.set_random_seed(0)

pretrained = {}
for line in (DATA / "vectors.txt").read_text().splitlines():
    word, *numbers = line.split()
    pretrained[word] = np.array(numbers, dtype="float32")

rows = [line.split("\t") for line in (DATA / "sentiment.tsv").read_text().splitlines()]
seen = {"good", "great", "excellent", "wonderful", "amazing",  # in training only
        "bad", "awful", "terrible", "horrible", "poor"}
unseen = {"fantastic", "superb", "lovely", "brilliant", "delightful",  # in test only
          "dreadful", "boring", "lousy", "dull", "disappointing"}
# Keep sentences whose only sentiment cue is the adjective: no "not", no feelings.
plain = [(int(label), s) for label, s in rows
         if "not" not in s.split() and "felt" not in s.split()]
train = [(y, s) for y, s in plain if seen & set(s.split())][:48]
test = [(y, s) for y, s in plain if unseen & set(s.split())]
print(f"{len(train)} training sentences, {len(test)} test sentences")

vectorize = layers.TextVectorization(output_sequence_length=24)
vectorize.adapt([s for _, s in rows])  # vocabulary from all the text, labels unused
vocab = vectorize.get_vocabulary()
matrix = np.array([pretrained.get(w, np.zeros(50, "float32")) for w in vocab])
x_train, y_train = vectorize([s for _, s in train]), np.array([y for y, _ in train])
x_test, y_test = vectorize([s for _, s in test]), np.array([y for y, _ in test])


def make_model(embedding):
    model = keras.Sequential([
        keras.Input((24,), dtype="int64"),
        embedding,
        layers.GlobalAveragePooling1D(),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(keras.optimizers.Adam(0.02), "binary_crossentropy",
                  metrics=["accuracy"])
    return model


results = {}
keras.utils.set_random_seed(0)
random_init = make_model(layers.Embedding(len(vocab), 50, mask_zero=True))
random_init.fit(x_train, y_train, epochs=10, batch_size=8, verbose=0)
results["random init, trained"] = random_init.evaluate(x_test, y_test, verbose=0)[1]

keras.utils.set_random_seed(0)
trainable = layers.Embedding(len(vocab), 50, mask_zero=True,
                             embeddings_initializer=keras.initializers.Constant(matrix))
unfrozen = make_model(trainable)
unfrozen.fit(x_train, y_train, epochs=10, batch_size=8, verbose=0)
results["pretrained, trainable from the start"] = unfrozen.evaluate(x_test, y_test,
                                                                   verbose=0)[1]

keras.utils.set_random_seed(0)
frozen = layers.Embedding(len(vocab), 50, mask_zero=True, trainable=False,
                          embeddings_initializer=keras.initializers.Constant(matrix))
model = make_model(frozen)
model.fit(x_train, y_train, epochs=10, batch_size=8, verbose=0)
results["pretrained, frozen"] = model.evaluate(x_test, y_test, verbose=0)[1]
after_frozen = frozen.get_weights()[0]

# Fine-tune: unfreeze, recompile (needed for the change to count), small learning rate.
frozen.trainable = True
model.compile(keras.optimizers.Adam(1e-3), "binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=8, verbose=0)
results["pretrained, then fine-tuned"] = model.evaluate(x_test, y_test, verbose=0)[1]
after_tuning = frozen.get_weights()[0]

for name, accuracy in results.items():
    print(f"test accuracy, {name:<36} {accuracy:.3f}")
print("frozen fit left the matrix unchanged:", np.array_equal(after_frozen, matrix))
changed = np.flatnonzero(np.abs(after_tuning - matrix).sum(axis=1) > 0)
print(f"fine-tuning changed {len(changed)} of {len(vocab)} rows;",
      "rows of test-only adjectives changed:",
      any(vocab[i] in unseen for i in changed))
