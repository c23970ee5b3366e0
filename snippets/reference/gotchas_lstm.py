"""
Title: Gotcha: stacked LSTMs need return_sequences=True
Description: The second LSTM needs one vector per step; without them Keras raises.
"""

import keras
from keras import layers

# --8<-- [start:wrong]
try:
    keras.Sequential([
        keras.Input((10, 4)),  # 10 steps, 4 features
        layers.LSTM(8),  # returns only the last state: (batch, 8)
        layers.LSTM(8),  # expects (batch, steps, features)
    ])
    error = None
except ValueError as exc:
    error = exc
# --8<-- [end:wrong]

# --8<-- [start:right]
model = keras.Sequential([
    keras.Input((10, 4)),
    layers.LSTM(8, return_sequences=True),  # (batch, 10, 8): one output per step
    layers.LSTM(8),  # the last recurrent layer returns (batch, 8)
])
# --8<-- [end:right]

# --8<-- [start:check]
reason = str(error).splitlines()[0].split("incompatible with the layer: ")[-1]
print(f"without return_sequences: {type(error).__name__}: {reason}")
for number, layer in enumerate(model.layers, start=1):
    print(f"with return_sequences: LSTM {number} outputs {layer.output.shape}")
# --8<-- [end:check]
