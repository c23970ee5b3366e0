"""
Title: return_sequences and stacked SimpleRNN layers
Description: Output shapes with and without return_sequences; stacking without it fails.
"""

import keras
import numpy as np
from keras import layers

x = np.zeros((8, 10, 4), dtype="float32")  # (batch, steps, features)
print("return_sequences=False:", tuple(layers.SimpleRNN(16)(x).shape))
sequences = layers.SimpleRNN(16, return_sequences=True)(x)
print("return_sequences=True: ", tuple(sequences.shape))

# Stacked: every recurrent layer that feeds another one returns the whole sequence.
stacked = keras.Sequential([
    keras.Input((10, 4)),
    layers.SimpleRNN(32, return_sequences=True),  # (batch, 10, 32): one h_t per step
    layers.SimpleRNN(16, return_sequences=True),  # (batch, 10, 16)
    layers.SimpleRNN(8),                          # (batch, 8): the last h_t only
    layers.Dense(1),
])
for layer in stacked.layers:
    print(f"{type(layer).__name__:>9} -> {layer.output.shape}")

# Without return_sequences the second layer receives (batch, units): no time axis.
try:
    keras.Sequential([keras.Input((10, 4)), layers.SimpleRNN(16), layers.SimpleRNN(8)])
except ValueError as error:
    message = str(error)
    print("ValueError:", message[message.index("expected"):].splitlines()[0])
