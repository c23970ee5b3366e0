"""
Title: SimpleRNN parameter count
Description: Checks u·(d + u + 1) against the weights Keras creates.
"""

from keras import layers


def simple_rnn_params(input_dim, units):
    # one input kernel (d x u), one recurrent kernel (u x u), one bias (u)
    return units * (input_dim + units + 1)


print(f"{'d (input)':>9} {'u (units)':>9} {'formula':>9} {'Keras':>9}")
for input_dim, units in [(1, 1), (8, 16), (32, 64), (300, 128)]:
    rnn = layers.SimpleRNN(units)
    rnn.build((None, None, input_dim))
    print(f"{input_dim:>9} {units:>9} {simple_rnn_params(input_dim, units):>9,} "
          f"{rnn.count_params():>9,}")
