"""
Title: The position-wise feed-forward network and its parameter count
Description: Same MLP on every token: per-token calls, permutations and Conv1D(1) agree.
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
d_model = 16
d_ff = 4 * d_model  # the expansion of the original Transformer
ffn = keras.Sequential([
    keras.Input((None, d_model)),
    layers.Dense(d_ff, activation="relu"),  # expand
    layers.Dense(d_model),                  # project back to d_model
])
x = rng.normal(size=(2, 6, d_model)).astype("float32")  # 2 sequences of 6 tokens
whole = keras.ops.convert_to_numpy(ffn(x))

tokens = [keras.ops.convert_to_numpy(ffn(x[:, t:t + 1])) for t in range(6)]  # one each
one_by_one = np.concatenate(tokens, axis=1)
print("sequence at once == each token alone:",
      np.allclose(whole, one_by_one, atol=1e-6))
order = rng.permutation(6)
shuffled = keras.ops.convert_to_numpy(ffn(x[:, order]))
print("shuffling the tokens shuffles the outputs:",
      np.allclose(shuffled, whole[:, order], atol=1e-6))

conv = keras.Sequential([keras.Input((None, d_model)),
                         layers.Conv1D(d_ff, kernel_size=1, activation="relu"),
                         layers.Conv1D(d_model, kernel_size=1)])
conv.set_weights([w[None] if w.ndim == 2 else w for w in ffn.get_weights()])
print("same as two Conv1D with kernel_size=1:",
      np.allclose(keras.ops.convert_to_numpy(conv(x)), whole, atol=1e-6))


def ffn_params(d_model, d_ff):
    return (d_model * d_ff + d_ff) + (d_ff * d_model + d_model)  # two Dense layers


print(f"{'d_model':>7} {'d_ff':>6} {'formula':>10} {'Keras':>10}")
for d, dff in [(16, 64), (128, 512), (512, 2048), (768, 3072)]:
    model = keras.Sequential([keras.Input((None, d)),
                              layers.Dense(dff, activation="relu"), layers.Dense(d)])
    print(f"{d:>7} {dff:>6} {ffn_params(d, dff):>10,} {model.count_params():>10,}")
