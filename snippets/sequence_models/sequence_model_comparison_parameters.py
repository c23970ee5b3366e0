"""
Title: Parameters of SimpleRNN, LSTM and GRU with the same units
Description: Three formulas checked against the weights Keras creates for each layer.
"""

from keras import layers


def simple_rnn_params(d, u):
    return u * (d + u) + u  # one block: input kernel, recurrent kernel, bias


def lstm_params(d, u):
    return 4 * (u * (d + u) + u)  # four blocks: input, forget, candidate, output


def gru_params(d, u):
    # three blocks (update, reset, candidate); Keras's default reset_after=True
    # gives each block two biases, one for the input and one for the recurrent part
    return 3 * (u * (d + u) + 2 * u)


formulas = {"SimpleRNN": simple_rnn_params, "LSTM": lstm_params, "GRU": gru_params}
print(f"{'d':>4} {'u':>4} {'layer':>9} {'formula':>9} {'Keras':>9} {'/ SimpleRNN':>11}")
for d, u in [(8, 32), (32, 64), (300, 128)]:
    for name, formula in formulas.items():
        layer = getattr(layers, name)(u)
        layer.build((None, None, d))
        ratio = layer.count_params() / simple_rnn_params(d, u)
        print(f"{d:>4} {u:>4} {name:>9} {formula(d, u):>9,} {layer.count_params():>9,} "
              f"{ratio:>11.2f}")

gru = layers.GRU(64)
gru.build((None, None, 32))
for weight in gru.weights:  # the bias has two rows: input bias and recurrent bias
    print(f"GRU {weight.name:>16}: {tuple(weight.shape)}")
