"""
Title: GRU parameter count, with and without reset_after, next to LSTM and SimpleRNN
Description: Checks 3·u·(d + u) + 6u (default) and 3·u·(d + u) + 3u against Keras.
"""

from keras import layers


def gru_params(input_dim, units, reset_after=True):
    # 3 blocks (update gate, reset gate, candidate): input kernel (d x u) and
    # recurrent kernel (u x u); biases: 2 sets of 3u with reset_after, else 1 set
    bias_sets = 2 if reset_after else 1
    return 3 * units * (input_dim + units) + bias_sets * 3 * units


def count(layer, input_dim):
    layer.build((None, None, input_dim))
    return layer.count_params()


print(f"{'':>9} {'reset_after=True (default)':>26} {'reset_after=False':>20}")
print(f"{'d':>4} {'u':>4} {'formula':>13} {'Keras':>12} {'formula':>10} {'Keras':>9}")
for input_dim, units in [(1, 1), (8, 16), (32, 64), (300, 128)]:
    print(f"{input_dim:>4} {units:>4} {gru_params(input_dim, units):>13,} "
          f"{count(layers.GRU(units), input_dim):>12,} "
          f"{gru_params(input_dim, units, reset_after=False):>10,} "
          f"{count(layers.GRU(units, reset_after=False), input_dim):>9,}")

input_dim, units = 32, 64
counts = {name: count(layer, input_dim) for name, layer in [
    ("SimpleRNN", layers.SimpleRNN(units)),
    ("GRU", layers.GRU(units)),
    ("GRU, reset_after=False", layers.GRU(units, reset_after=False)),
    ("LSTM", layers.LSTM(units)),
]}
print(f"\nd = {input_dim}, u = {units}:")
for name, n in counts.items():
    print(f"{name:>22}: {n:>6,} parameters, {n / counts['LSTM']:.3f} of the LSTM's")
