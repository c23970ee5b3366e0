"""
Title: LSTM parameter count
Description: Checks 4·(u·(d + u) + u) against the weights Keras creates.
"""

from keras import layers


def lstm_params(input_dim, units):
    # 4 blocks (input gate, forget gate, cell candidate, output gate), each with
    # an input kernel (d x u), a recurrent kernel (u x u) and a bias (u)
    return 4 * (units * (input_dim + units) + units)


print(f"{'d (input)':>9} {'u (units)':>9} {'formula':>9} {'Keras':>9}")
for input_dim, units in [(1, 1), (8, 16), (32, 64), (300, 128)]:
    lstm = layers.LSTM(units)
    lstm.build((None, None, input_dim))
    print(f"{input_dim:>9} {units:>9} {lstm_params(input_dim, units):>9,} "
          f"{lstm.count_params():>9,}")

lstm = layers.LSTM(64)
lstm.build((None, None, 32))
for weight in lstm.weights:  # the four gates' blocks are stacked along the last axis
    print(f"{weight.name:>16}: {tuple(weight.shape)}")
