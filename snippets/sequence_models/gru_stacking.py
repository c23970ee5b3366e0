"""
Title: Stacking LSTM and GRU layers with return_sequences
Description: Shapes through a correct stack; the error if return_sequences is forgotten.
"""

import keras
from keras import layers


def stack(recurrent_layer, sequences_for_all_but_last=True):
    return keras.Sequential([
        keras.Input((20, 8)),  # (batch, steps, features)
        recurrent_layer(64, return_sequences=sequences_for_all_but_last),
        recurrent_layer(32, return_sequences=sequences_for_all_but_last),
        recurrent_layer(16),  # the last one: return_sequences=False, the default
        layers.Dense(1, activation="sigmoid"),
    ])


for recurrent_layer in (layers.LSTM, layers.GRU):
    model = stack(recurrent_layer)
    shapes = " -> ".join(str(layer.output.shape) for layer in model.layers)
    print(f"{recurrent_layer.__name__:>4}: {shapes}")

try:  # the sheet's gotcha: stacked LSTMs without return_sequences=True
    stack(layers.LSTM, sequences_for_all_but_last=False)
except ValueError as error:
    error_message = str(error)
    print("forgotten: ValueError:",
          error_message[error_message.index("expected"):].splitlines()[0])
