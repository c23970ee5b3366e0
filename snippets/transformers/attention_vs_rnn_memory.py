"""
Title: Attention vs RNN memory: n × n attention scores against a fixed-size state
Description: Reads the attention-score and LSTM-state shapes from Keras and sizes them.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
batch, heads, d_model = 4, 2, 32
attention = layers.MultiHeadAttention(num_heads=heads, key_dim=d_model // heads)
lstm = layers.LSTM(d_model, return_sequences=True, return_state=True)

print(f"{'n':>4} {'attention scores':>18} {'LSTM outputs':>14} {'LSTM state h':>13}")
shapes = {}
for n in (8, 32, 128, 512):
    x = np.random.default_rng(n).normal(size=(batch, n, d_model)).astype("float32")
    _, scores = attention(x, x, return_attention_scores=True)
    outputs, h, c = lstm(x)  # all n hidden states, then the last h and c
    shapes[n] = {"scores": tuple(scores.shape), "outputs": tuple(outputs.shape),
                 "h": tuple(h.shape), "c": tuple(c.shape)}
    print(f"{n:>4} {str(shapes[n]['scores']):>18} {str(shapes[n]['outputs']):>14} "
          f"{str(shapes[n]['h']):>13}")
weights = keras.ops.convert_to_numpy(scores)
print("each row of scores sums to 1:", np.allclose(weights.sum(axis=-1), 1, atol=1e-5))


# Bytes in float32 for one layer of a BERT-base-sized model: batch 32, 12 heads,
# width 768. Attention stores batch*heads*n*n scores; an LSTM of the same width
# stores batch*n*units outputs over the sequence and batch*units per state.
def score_bytes(n, batch=32, heads=12):
    return batch * heads * n * n * 4


def lstm_output_bytes(n, batch=32, units=768):
    return batch * n * units * 4


def lstm_state_bytes(n, batch=32, units=768):
    return 2 * batch * units * 4  # h and c, whatever n is


MiB = 2**20
lengths = [2**k for k in range(4, 14)]  # 16 ... 8192
print(f"\n{'n':>5} {'scores, MiB':>12} {'LSTM outputs, MiB':>18} {'LSTM h+c, MiB':>14}")
for n in (64, 128, 512, 2048, 8192):
    print(f"{n:>5} {score_bytes(n) / MiB:>12,.1f} {lstm_output_bytes(n) / MiB:>18,.1f} "
          f"{lstm_state_bytes(n) / MiB:>14,.2f}")

plt.figure(figsize=(6, 4))
plt.loglog(lengths, [score_bytes(n) / MiB for n in lengths], marker="o",
           label="attention scores: batch·heads·n²")
plt.loglog(lengths, [lstm_output_bytes(n) / MiB for n in lengths], marker="s",
           label="LSTM outputs over the sequence: batch·n·units")
plt.loglog(lengths, [lstm_state_bytes(n) / MiB for n in lengths], marker="^",
           label="LSTM state h, c: batch·units each")
plt.xlabel("sequence length n (tokens)")
plt.ylabel("MiB in float32 (one layer)")
plt.legend(fontsize=8)
plt.title("Memory per layer: batch 32, 12 heads, width 768")
plt.show()
