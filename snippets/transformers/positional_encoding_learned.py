"""
Title: Learned positional embedding as a Keras layer
Description: A layer adding a trainable vector per position to each token embedding.
"""

import keras
import numpy as np
from keras import layers, ops


@keras.saving.register_keras_serializable(package="cheatsheet")
class TokenAndPositionEmbedding(layers.Layer):
    """token_embedding(ids) + position_embedding(0, 1, ..., length - 1)."""

    def __init__(self, vocab_size, max_length, d_model, **kwargs):
        super().__init__(**kwargs)
        self.vocab_size = vocab_size
        self.max_length = max_length
        self.d_model = d_model
        self.token_embedding = layers.Embedding(vocab_size, d_model, mask_zero=True)
        self.position_embedding = layers.Embedding(max_length, d_model)

    def build(self, input_shape):
        self.token_embedding.build(input_shape)
        self.position_embedding.build((self.max_length,))

    def call(self, token_ids):
        length = ops.shape(token_ids)[-1]  # this batch's length, not max_length
        positions = ops.arange(length)
        return self.token_embedding(token_ids) + self.position_embedding(positions)

    def compute_mask(self, token_ids, mask=None):
        return self.token_embedding.compute_mask(token_ids)  # padding id 0 stays masked

    def get_config(self):
        return {**super().get_config(), "vocab_size": self.vocab_size,
                "max_length": self.max_length, "d_model": self.d_model}


keras.utils.set_random_seed(0)
embed = TokenAndPositionEmbedding(vocab_size=50, max_length=32, d_model=16)
for length in (7, 32):
    ids = np.random.default_rng(length).integers(1, 50, size=(4, length))
    print(f"ids {ids.shape} -> embeddings {tuple(embed(ids).shape)}")

# The position table is a weight of the layer, so fitting a model updates it.
model = keras.Sequential([keras.Input((None,), dtype="int32"), embed,
                          layers.GlobalAveragePooling1D(), layers.Dense(1)])
model.compile("adam", "mse")
before = embed.position_embedding.get_weights()[0].copy()
ids = np.random.default_rng(1).integers(1, 50, size=(64, 12))
model.fit(ids, np.ones((64, 1)), epochs=1, verbose=0)
after = embed.position_embedding.get_weights()[0]
print("trainable weights:", [w.path for w in embed.trainable_weights])
print("rows of the position table changed by one epoch of 12-token inputs:",
      int((np.abs(after - before).sum(axis=1) > 0).sum()), "of", len(before))
