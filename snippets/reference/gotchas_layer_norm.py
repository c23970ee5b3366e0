"""
Title: Gotcha: BatchNormalization mixes tokens of other sentences and padding
Description: One sentence through BN and LN, with different batch-mates and padding.
"""

import keras
import numpy as np
from keras import layers

rng = np.random.default_rng(0)
sentence = rng.normal(size=(1, 6, 8)).astype("float32")  # 6 tokens, d_model = 8
mates_a = rng.normal(size=(3, 6, 8)).astype("float32")
mates_b = rng.normal(loc=1.0, size=(3, 6, 8)).astype("float32")
batch_a = np.concatenate([sentence, mates_a])  # same sentence, other batch-mates
batch_b = np.concatenate([sentence, mates_b])
with_padding = np.concatenate([sentence, np.zeros((1, 10, 8), "float32")], axis=1)

# --8<-- [start:wrong]
norm_wrong = layers.BatchNormalization()  # statistics over batch and time, per feature
# --8<-- [end:wrong]

# --8<-- [start:right]
norm_right = layers.LayerNormalization()  # statistics over each token's own features
# --8<-- [end:right]

# --8<-- [start:check]
gaps = {}
for name, norm in (("BatchNormalization", norm_wrong),
                   ("LayerNormalization", norm_right)):
    def first_sentence(batch):  # its 6 real tokens, normalized as in training
        return keras.ops.convert_to_numpy(norm(batch, training=True))[0, :6]

    gaps[name] = (np.abs(first_sentence(batch_a) - first_sentence(batch_b)).max(),
                  np.abs(first_sentence(sentence) - first_sentence(with_padding)).max())
    print(f"{name}: change from other batch-mates {gaps[name][0]:.2f}, "
          f"from 10 padding steps {gaps[name][1]:.2f}")
# --8<-- [end:check]
