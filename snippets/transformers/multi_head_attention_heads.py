"""
Title: Two attention heads learn two different jobs
Description: One trained MHA layer predicts each token's left and right neighbour.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
n, steps, vocab = 1000, 8, 10
tokens = rng.integers(1, vocab, size=(n, steps))
previous = np.pad(tokens[:, :-1], ((0, 0), (1, 0)))  # left neighbour, 0 at the start
following = np.pad(tokens[:, 1:], ((0, 0), (0, 1)))  # right neighbour, 0 at the end
# each position: a one-hot token id next to a one-hot position, so attention sees order
positions = np.broadcast_to(np.eye(steps), (n, steps, steps))
x = np.concatenate([np.eye(vocab)[tokens], positions], axis=-1).astype("float32")

inputs = keras.Input((steps, vocab + steps))
attention = layers.MultiHeadAttention(num_heads=2, key_dim=16)
mixed = attention(inputs, inputs)  # self-attention
outputs = [layers.Dense(vocab, activation="softmax", name=name)(mixed)
           for name in ("previous", "following")]
model = keras.Model(inputs, outputs)
model.compile(keras.optimizers.Adam(1e-2), "sparse_categorical_crossentropy",
              metrics=["accuracy", "accuracy"])
history = model.fit(x, [previous, following], epochs=8, batch_size=50,
                    verbose=0).history
print(f"accuracy, previous token:  {history['previous_accuracy'][-1]:.3f}")
print(f"accuracy, following token: {history['following_accuracy'][-1]:.3f}")

_, scores = attention(x[:1], x[:1], return_attention_scores=True)
scores = keras.ops.convert_to_numpy(scores)[0]  # (heads, query position, key position)
for head, weights in enumerate(scores):
    offsets = weights.argmax(axis=-1) - np.arange(steps)  # key pos. minus query pos.
    print(f"head {head}: most-attended offset per query position {offsets.tolist()}")

fig, axes = plt.subplots(1, 2, figsize=(8, 3.8), layout="constrained")
for head, (ax, weights) in enumerate(zip(axes, scores)):
    image = ax.imshow(weights, cmap="viridis", vmin=0, vmax=1)
    ax.set_title(f"head {head}")
    ax.set_xlabel("key position (attended to)")
    ax.set_ylabel("query position")
fig.colorbar(image, ax=axes, label="attention weight")
fig.suptitle("Attention weights of each head, for one sequence")
plt.show()
