"""
Title: With a mask, padded steps add nothing to a per-step loss
Description: A tagger's evaluate() on a padded batch equals the loss on real tokens.
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)


def build(mask_zero):
    """A tagger: one 3-class prediction per token."""
    ids = keras.Input((None,), dtype="int32")
    x = layers.Embedding(input_dim=10, output_dim=8, mask_zero=mask_zero)(ids)
    x = layers.LSTM(16, return_sequences=True)(x)
    tags = layers.TimeDistributed(layers.Dense(3, activation="softmax"))(x)
    model = keras.Model(ids, tags)
    model.compile(optimizer=keras.optimizers.Adam(0.02),
                  loss="sparse_categorical_crossentropy")
    return model


rng = np.random.default_rng(0)
lengths = rng.integers(2, 9, size=212)
texts = [rng.integers(1, 10, size=n) for n in lengths]  # token ids 1-9
labels = [ids % 3 for ids in texts]  # a tag per token, learnable from the token
x = keras.utils.pad_sequences(texts, padding="post")  # pad ids with 0 ...
y = keras.utils.pad_sequences(labels, padding="post")  # ... and tags with 0, a real tag

masked = build(mask_zero=True)
masked.fit(x[:200], y[:200], epochs=4, batch_size=20, verbose=0)
plain = build(mask_zero=False)
plain.set_weights(masked.get_weights())  # the same trained weights, no mask
texts, labels, x, y = texts[200:], labels[200:], x[200:], y[200:]  # held-out texts

# Reference: each text alone, no padding, cross-entropy averaged over all real tokens
token_losses = []
for ids, tags in zip(texts, labels):
    probabilities = keras.ops.convert_to_numpy(masked(ids[None]))[0]
    token_losses += list(-np.log(probabilities[np.arange(len(tags)), tags]))
reference = np.mean(token_losses)

n_real = sum(len(ids) for ids in texts)
print(f"padded batch {x.shape}: {x.size - n_real} of {x.size} steps are padding")
print(f"loss over the {n_real} real tokens, each text unpadded: {reference:.4f}")
for name, model in [("mask_zero=True", masked), ("mask_zero=False", plain)]:
    loss = model.evaluate(x, y, batch_size=len(x), verbose=0)
    print(f"evaluate() on the padded batch, {name + ':':<16} {loss:.4f}")
