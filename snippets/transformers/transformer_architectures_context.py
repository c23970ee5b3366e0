"""
Title: Which outputs see which tokens: encoder, decoder and encoder-decoder
Description: Changes one token and reports which output positions change in each model.
"""

import keras
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
vocab, d_model, length, t = 50, 16, 10, 6  # the token at position t will change


def self_attention_stack(h, causal):
    for _ in range(2):  # two residual self-attention layers
        h = h + layers.MultiHeadAttention(2, 8)(h, h, use_causal_mask=causal)
    return h


def embed(ids):  # (positions left out: they do not change who can see whom)
    return layers.Embedding(vocab, d_model)(ids)


src = keras.Input((length,), dtype="int32")
tgt = keras.Input((length,), dtype="int32")
encoder_only = keras.Model(src, self_attention_stack(embed(src), causal=False))
decoder_only = keras.Model(tgt, self_attention_stack(embed(tgt), causal=True))

memory = self_attention_stack(embed(src), causal=False)  # the encoder's output
h = self_attention_stack(embed(tgt), causal=True)  # the decoder's own tokens...
h = h + layers.MultiHeadAttention(2, 8)(h, memory)  # ...then cross-attention
encoder_decoder = keras.Model([src, tgt], h)

rng = np.random.default_rng(0)
tokens = rng.integers(0, vocab, size=(1, length))
edited = tokens.copy()
edited[0, t] = (tokens[0, t] + 1) % vocab  # one token changed, at position t


def changed(model, before, after):
    """Largest change of each output position's vector."""
    diff = model.predict(after, verbose=0) - model.predict(before, verbose=0)
    return np.abs(diff[0]).max(axis=-1)


changes = {
    "encoder-only": changed(encoder_only, tokens, edited),
    "decoder-only": changed(decoder_only, tokens, edited),
    "enc-dec, source token changed": changed(encoder_decoder, [tokens, tokens],
                                             [edited, tokens]),
    "enc-dec, target token changed": changed(encoder_decoder, [tokens, tokens],
                                             [tokens, edited]),
}
print(f"token {t} changed; output positions 0-{length - 1}: x = changed, . = same")
for name, change in changes.items():
    print(f"{name:>30}:", " ".join("x" if c > 1e-6 else "." for c in change))
