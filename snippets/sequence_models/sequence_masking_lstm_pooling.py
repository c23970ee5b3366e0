"""
Title: Padding changes an LSTM and an average unless the padded steps are masked
Description: Embedding(mask_zero=True) and Masking(mask_value=0.0) undo the padding.
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)


def build(mask_zero):
    """Token ids -> embeddings -> (last LSTM state, average over the steps)."""
    ids = keras.Input((None,), dtype="int32")
    # stddev 1 instead of the initial +-0.05: vectors the size of trained ones
    normal = keras.initializers.RandomNormal(stddev=1.0)
    vectors = layers.Embedding(input_dim=10, output_dim=4, mask_zero=mask_zero,
                               embeddings_initializer=normal)(ids)
    return keras.Model(ids, [layers.LSTM(6)(vectors),
                             layers.GlobalAveragePooling1D()(vectors)])


masked, plain = build(mask_zero=True), build(mask_zero=False)
plain.set_weights(masked.get_weights())  # the same weights; only the mask differs

tokens = [[5, 3, 8, 2]]  # one 4-token text, ids 1-9 (0 is reserved for padding)
lstm_ref, mean_ref = (keras.ops.convert_to_numpy(t) for t in plain(np.array(tokens)))
print("largest change from the unpadded run, after padding to 10 steps:")
print(f"{'':>16} {'padding':>8} {'LSTM output':>12} {'average':>8}")
results = {}
for name, model in [("mask_zero=False", plain), ("mask_zero=True", masked)]:
    for padding in ("pre", "post"):
        ids = keras.utils.pad_sequences(tokens, maxlen=10, padding=padding)
        lstm_out, mean_out = (keras.ops.convert_to_numpy(t) for t in model(ids))
        results[name, padding] = (lstm_out, mean_out)
        print(f"{name:>16} {padding:>8} {np.abs(lstm_out - lstm_ref).max():>12.3f} "
              f"{np.abs(mean_out - mean_ref).max():>8.3f}")

# Inputs that are already vectors (no Embedding): a Masking layer marks the steps
# whose features all equal mask_value.
rng = np.random.default_rng(0)
series = rng.normal(size=(1, 4, 3)).astype("float32")  # 4 steps of 3 features
padded_series = keras.utils.pad_sequences(series, maxlen=10, dtype="float32",
                                          padding="post")
lstm = layers.LSTM(6)
masking = layers.Masking(mask_value=0.0)
mask = masking.compute_mask(padded_series)
print("\nMasking(mask_value=0.0) keeps steps:", keras.ops.convert_to_numpy(mask)[0])
series_ref = keras.ops.convert_to_numpy(lstm(series))
series_plain = keras.ops.convert_to_numpy(lstm(padded_series))
series_masked = keras.ops.convert_to_numpy(lstm(masking(padded_series)))
print(f"without Masking: {np.abs(series_plain - series_ref).max():.3f}, "
      f"with Masking: {np.abs(series_masked - series_ref).max():.3f}")
