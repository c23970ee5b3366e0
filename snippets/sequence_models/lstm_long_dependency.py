"""
Title: An LSTM remembers one token across 40 steps
Description: A small LSTM learns a label set by the first of 40 tokens.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
length, n = 40, 4000
rng = np.random.default_rng(0)
labels = rng.integers(0, 2, size=n)
tokens = rng.integers(1, 10, size=(n, length))  # 39 distractor tokens ids 1-9 ...
tokens[:, 0] = 10 + labels  # ... after a key token (10 or 11) that alone sets the label

model = keras.Sequential([
    keras.Input((length,)),
    layers.Embedding(input_dim=12, output_dim=8),
    layers.LSTM(32),  # only the last hidden state reaches the classifier
    layers.Dense(1, activation="sigmoid"),
])
model.compile(keras.optimizers.Adam(3e-3), "binary_crossentropy", metrics=["accuracy"])
history = model.fit(tokens[:3200], labels[:3200],
                    validation_data=(tokens[3200:], labels[3200:]),
                    epochs=6, batch_size=64, verbose=0).history

for epoch, (train, val) in enumerate(zip(history["accuracy"], history["val_accuracy"])):
    print(f"epoch {epoch + 1}: train accuracy {train:.3f}, val accuracy {val:.3f}")

epochs = range(1, len(history["accuracy"]) + 1)
plt.figure(figsize=(6, 3.5))
plt.plot(epochs, history["accuracy"], marker="o", label="training")
plt.plot(epochs, history["val_accuracy"], marker="o", label="validation")
plt.axhline(0.5, color="gray", linestyle="--", label="chance")
plt.xlabel("epoch")
plt.ylabel("accuracy")
plt.ylim(0.4, 1.02)
plt.legend()
plt.title("LSTM(32): label set by the first of 40 tokens")
plt.show()
