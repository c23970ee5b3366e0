"""
Title: Parameters and compute per token: encoder-decoder vs decoder-only
Description: Counts Keras weights per block; estimates forward FLOPs as 2 x parameters.
"""

from keras import layers

d_model, num_heads, ff_dim, L = 512, 8, 2048, 6  # the base model of Vaswani et al.
shape = (None, None, d_model)


def attention_params():
    mha = layers.MultiHeadAttention(num_heads, key_dim=d_model // num_heads)
    mha.build(shape, shape)
    return mha.count_params()


def ffn_params():
    expand, project = layers.Dense(ff_dim), layers.Dense(d_model)
    expand.build(shape)
    project.build((None, None, ff_dim))
    return expand.count_params() + project.count_params()


def norm_params():
    norm = layers.LayerNormalization()
    norm.build(shape)
    return norm.count_params()


self_block = attention_params() + ffn_params() + 2 * norm_params()  # encoder block
cross_block = self_block + attention_params() + norm_params()  # + cross-attention
print(f"encoder (or decoder-only) block: {self_block:>10,} parameters")
print(f"encoder-decoder's decoder block: {cross_block:>10,} parameters")

# Forward FLOPs per token ~ 2 x the parameters the token passes through
# (Kaplan et al., 2020; attention scores and embeddings left out).
n_source, n_target = 512, 128  # e.g. summarization: long input, short output
stacks = {  # (parameters, those a source token passes, those a target token passes)
    f"encoder-decoder {L}+{L}": (L * (self_block + cross_block),
                                 L * self_block, L * cross_block),
    f"decoder-only {2 * L}": (2 * L * self_block,) * 3,  # source = the prompt
    f"decoder-only {L}": (L * self_block,) * 3,
}
print(f"\n{'stack':>20} {'parameters':>12} {'GFLOPs, 512 + 128 tokens':>25}")
for name, (params, per_source, per_target) in stacks.items():
    flops = 2 * (n_source * per_source + n_target * per_target)
    print(f"{name:>20} {params:>12,} {flops / 1e9:>25.1f}")
