"""
Title: Layer normalization ignores the batch; batch normalization does not
Description: One sentence normalized alone, in other batches and with more padding.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
steps, d = 6, 8
sentence = rng.normal(size=(1, steps, d)).astype("float32")
batches = {"alone": sentence}  # the same sentence, first in four different batches
for name, loc, sd in [("+ 3 similar", 0, 1), ("+ 3 shifted", 3, 1),
                      ("+ 3 wider", 0, 5)]:
    others = rng.normal(loc, sd, size=(3, steps, d)).astype("float32")
    batches[name] = np.concatenate([sentence, others])

layer_norm, batch_norm = layers.LayerNormalization(), layers.BatchNormalization()


def first_sentence(layer, batch, **kwargs):
    return keras.ops.convert_to_numpy(layer(batch, **kwargs))[0]


ln = {name: first_sentence(layer_norm, b, training=True) for name, b in batches.items()}
bn = {name: first_sentence(batch_norm, b, training=True) for name, b in batches.items()}
bn_inference = {name: first_sentence(batch_norm, b, training=False)
                for name, b in batches.items()}
def close(a, b):  # equal up to float32 rounding
    return np.allclose(a, b, rtol=0, atol=1e-6)


def same_in_every_batch(outputs):
    return all(close(out, outputs["alone"]) for out in outputs.values())


largest_change = max(np.abs(out - bn["alone"]).max() for out in bn.values())
print("LayerNormalization, same output in every batch:", same_in_every_batch(ln))
print("BatchNormalization, training:  same in every batch:", same_in_every_batch(bn),
      f"(largest change {largest_change:.2f})")
print("BatchNormalization, inference: same in every batch:",
      same_in_every_batch(bn_inference))
print("LayerNormalization, training == inference:",
      close(ln["alone"], first_sentence(layer_norm, sentence, training=False)))
print("BatchNormalization, training == inference:",
      close(bn["alone"], bn_inference["alone"]))

# padding: 4 real tokens, padded with zeros to length 6 or 12
short = np.pad(sentence[:, :4], ((0, 0), (0, 2), (0, 0)))
long = np.pad(sentence[:, :4], ((0, 0), (0, 8), (0, 0)))
for name, layer in [("LayerNormalization", layer_norm),
                    ("BatchNormalization", batch_norm)]:
    real_short = first_sentence(layer, short, training=True)[:4]
    real_long = first_sentence(layer, long, training=True)[:4]
    print(f"{name}, real tokens unchanged by more padding:",
          close(real_short, real_long))

token = 0  # plot the first token's 8 normalized features in each batch
fig, axes = plt.subplots(1, 2, figsize=(9, 3.5), sharey=True, layout="constrained")
for ax, (title, outputs) in zip(axes, [("BatchNormalization (training)", bn),
                                       ("LayerNormalization", ln)]):
    for name, out in outputs.items():
        ax.plot(out[token], marker="o", label=name)
    ax.set_title(title)
    ax.set_xlabel("feature")
axes[0].set_ylabel("normalized value")
axes[1].legend(title="batch")
fig.suptitle("The same token, normalized inside four different batches")
plt.show()
