"""
Title: SimpleRNN step by step: h_t = tanh(W x_t + U h_(t-1) + b)
Description: A numpy loop reproduces keras.layers.SimpleRNN's output at every step.
"""

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(0)
batch, steps, input_dim, units = 2, 5, 3, 4
x = rng.normal(size=(batch, steps, input_dim)).astype("float32")

rnn = layers.SimpleRNN(units, return_sequences=True)  # one output per step
rnn.build((None, steps, input_dim))
W, U, b = (rng.normal(scale=0.5, size=w.shape).astype("float32") for w in rnn.weights)
rnn.set_weights([W, U, b])  # kernel W (d x u), recurrent kernel U (u x u), bias b (u)
keras_out = keras.ops.convert_to_numpy(rnn(x))

# The same computation by hand: one shared cell applied at every step.
h = np.zeros((batch, units), dtype="float32")  # h_0 = 0, Keras's default initial state
loop_out = []
for t in range(steps):
    h = np.tanh(x[:, t] @ W + h @ U + b)
    loop_out.append(h)
loop_out = np.stack(loop_out, axis=1)

print("weights:", {w.name: tuple(w.shape) for w in rnn.weights})
print("default activation:", layers.SimpleRNN(units).get_config()["activation"])
print("Keras h_5 (first sequence):", np.round(keras_out[0, -1], 4))
print("loop  h_5 (first sequence):", np.round(loop_out[0, -1], 4))
print("all steps agree:", np.allclose(keras_out, loop_out, atol=1e-5))
