"""
Title: Attention vs RNN on a long-range task: a key token 99 steps back
Description: An LSTM and a one-block Transformer of similar size learn a far dependency.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers, ops

keras.utils.set_random_seed(0)
length, n = 100, 2000
rng = np.random.default_rng(0)
labels = rng.integers(0, 2, size=n)
tokens = rng.integers(1, 10, size=(n, length))  # 99 distractors, ids 1-9 ...
tokens[:, 0] = 10 + labels  # ... after a key token (10 or 11) that alone sets the label
split = 1600


class PositionEmbedding(layers.Layer):
    """Adds a trainable vector per position (see the positional encoding page)."""

    def __init__(self, max_length, d_model, **kwargs):
        super().__init__(**kwargs)
        self.table = self.add_weight(shape=(max_length, d_model), initializer="uniform")

    def call(self, x):
        return x + self.table[: ops.shape(x)[1]]


def transformer_classifier(vocab_size, max_length, d_model=32, heads=2, ff_dim=64):
    ids = keras.Input((None,), dtype="int32")
    x = layers.Embedding(vocab_size, d_model)(ids)
    x = PositionEmbedding(max_length, d_model)(x)
    mha = layers.MultiHeadAttention(num_heads=heads, key_dim=d_model // heads)
    attended, scores = mha(x, x, return_attention_scores=True)
    x = layers.LayerNormalization()(x + attended)  # residual, then layer norm
    ffn = layers.Dense(d_model)(layers.Dense(ff_dim, activation="relu")(x))
    x = layers.LayerNormalization()(x + ffn)
    last = x[:, -1, :]  # read out at the last position, as the LSTM does
    model = keras.Model(ids, layers.Dense(1, activation="sigmoid")(last))
    return model, keras.Model(ids, scores)


def lstm_classifier(vocab_size, d_model=32, units=32):
    ids = keras.Input((None,), dtype="int32")
    x = layers.Embedding(vocab_size, d_model)(ids)
    last = layers.LSTM(units)(x)  # the hidden state after the last step
    return keras.Model(ids, layers.Dense(1, activation="sigmoid")(last))


transformer, transformer_scores = transformer_classifier(12, length)
models = {"LSTM": lstm_classifier(12), "Transformer": transformer}
histories = {}
for name, model in models.items():
    embeddings = sum(w.numpy().size for w in model.weights
                     if "embedding" in w.path or "table" in w.path)
    print(f"{name}: {model.count_params():,} parameters, "
          f"{model.count_params() - embeddings:,} without embedding tables")
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="binary_crossentropy",
                  metrics=["accuracy"])
    histories[name] = model.fit(tokens[:split], labels[:split],
                                validation_data=(tokens[split:], labels[split:]),
                                epochs=4, batch_size=64, verbose=0).history
    print(f"  val accuracy per epoch: {np.round(histories[name]['val_accuracy'], 3)}")

# Where does the last position look? Its attention weights, averaged over heads.
weights = ops.convert_to_numpy(transformer_scores(tokens[split:]))[:, :, -1, :]
on_key = weights[:, :, 0].mean()
print(f"last position's attention on the key token (position 0): {on_key:.2f} "
      f"(uniform would be {1 / length:.2f})")

plt.figure(figsize=(6, 3.5))
for name, history in histories.items():
    epochs = range(1, len(history["val_accuracy"]) + 1)
    plt.plot(epochs, history["val_accuracy"], marker="o", label=name)
plt.axhline(0.5, color="gray", linestyle="--", label="chance")
plt.xlabel("epoch")
plt.ylabel("validation accuracy")
plt.ylim(0.4, 1.02)
plt.legend()
plt.title(f"Label set by the first of {length} tokens, read out at the last")
plt.show()
