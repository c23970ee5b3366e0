"""
Title: Batch normalization: activations in a deep MLP, with and without BN
Description: Histograms of each tanh layer's outputs; the same MLP trained both ways.
"""

import keras
import matplotlib.pyplot as plt
from keras import layers
from sklearn.datasets import load_digits

keras.utils.set_random_seed(0)
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target
depth = 6


def make_mlp(batch_norm):
    """Six Dense+tanh layers, started with too-small weights (stddev 0.05)."""
    inputs = keras.Input((64,))
    h, activations = inputs, []
    for _ in range(depth):
        small = keras.initializers.RandomNormal(0.0, 0.05)
        h = layers.Dense(64, use_bias=not batch_norm,  # BN's beta replaces the bias
                         kernel_initializer=small)(h)
        if batch_norm:
            h = layers.BatchNormalization()(h)  # before the nonlinearity, as the paper
        h = layers.Activation("tanh")(h)
        activations.append(h)
    outputs = layers.Dense(10, activation="softmax")(h)
    return keras.Model(inputs, outputs), keras.Model(inputs, activations)


fig, axes = plt.subplots(2, depth, figsize=(12, 4), sharex=True)
stds, histories = {}, {}
for row, batch_norm in enumerate((False, True)):
    keras.utils.set_random_seed(0)
    model, probe = make_mlp(batch_norm)
    # training=True: what a layer sees during fit (BN uses the batch's statistics)
    acts = [keras.ops.convert_to_numpy(a) for a in probe(x[:512], training=True)]
    stds[batch_norm] = [float(a.std()) for a in acts]
    name = "with BN" if batch_norm else "without BN"
    for layer, (ax, a) in enumerate(zip(axes[row], acts), start=1):
        ax.hist(a.ravel(), bins=40, range=(-1, 1))
        ax.set_yticks([])
        ax.set_title(f"layer {layer}, {name}", fontsize=9)
    model.compile(keras.optimizers.SGD(0.1), "sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    histories[batch_norm] = model.fit(x, y, epochs=5, batch_size=64,
                                      verbose=0).history
fig.suptitle("Outputs of each tanh layer at initialization")
plt.show()

for batch_norm, name in ((False, "without BN"), (True, "with BN   ")):
    spread = " ".join(f"{s:.3f}" for s in stds[batch_norm])
    print(f"{name}: std of each layer's output: {spread}")
for batch_norm, name in ((False, "without BN"), (True, "with BN   ")):
    h = histories[batch_norm]
    print(f"{name}: training accuracy after epochs 1..5:",
          " ".join(f"{a:.2f}" for a in h["accuracy"]))
