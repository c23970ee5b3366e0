"""
Title: Training time per epoch: SimpleRNN vs LSTM vs GRU
Description: The same data, model and batch size; only the recurrent layer changes.
"""

import time

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(0)
tokens = rng.integers(1, 100, size=(1024, 50))  # 1,024 sequences of 50 token ids
labels = rng.integers(0, 2, size=1024)

for name in ["SimpleRNN", "LSTM", "GRU"]:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((50,)),
        layers.Embedding(input_dim=100, output_dim=16),
        getattr(layers, name)(32),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile("adam", "binary_crossentropy")
    model.fit(tokens, labels, batch_size=64, epochs=1, verbose=0)  # builds and traces
    start = time.perf_counter()
    model.fit(tokens, labels, batch_size=64, epochs=2, verbose=0)
    per_epoch = (time.perf_counter() - start) / 2
    print(f"{name:>9}: {model.layers[1].count_params():>5,} parameters, "
          f"{per_epoch * 1000:.0f} ms per epoch of 16 batches")
