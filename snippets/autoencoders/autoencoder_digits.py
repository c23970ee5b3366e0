"""
Title: A bottleneck autoencoder on 8x8 digits: reconstructions and a 2-D latent space
Description: A Dense 64-32-2-32-64 autoencoder trained to reproduce its input (MSE).
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.datasets import load_digits  # 8x8 digit images shipped with scikit-learn

keras.utils.set_random_seed(0)
digits = load_digits()
order = np.random.default_rng(0).permutation(len(digits.data))
x = (digits.data[order] / 16.0).astype("float32")  # pixels scaled to [0, 1]
labels = digits.target[order]  # used only to colour the latent plot, never in training
x_train, x_val = x[:1500], x[1500:]
input_size, latent_size = x.shape[1], 2

encoder = keras.Sequential([
    keras.Input((input_size,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(latent_size),  # the bottleneck: the latent code
], name="encoder")
decoder = keras.Sequential([
    keras.Input((latent_size,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(input_size, activation="sigmoid"),  # back to 64 pixels in [0, 1]
], name="decoder")
autoencoder = keras.Sequential([encoder, decoder], name="autoencoder")
autoencoder.compile(keras.optimizers.Adam(0.01), loss="mse")  # reconstruction loss

# The input is also the target: no labels are needed.
history = autoencoder.fit(x_train, x_train, validation_data=(x_val, x_val),
                          epochs=30, batch_size=150, verbose=0).history

codes = encoder.predict(x_val, verbose=0)
reconstructions = autoencoder.predict(x_val, verbose=0)
mean_image = x_train.mean(axis=0)  # trivial baseline: always predict the average digit
print(f"input {x_val.shape} -> latent code {codes.shape} "
      f"-> output {reconstructions.shape}")
# 2 decimals: after 30 epochs the next digit depends on the CPU's float rounding order
print(f"reconstruction loss (MSE), epoch 1 -> {len(history['loss'])}: "
      f"train {history['loss'][0]:.2f} -> {history['loss'][-1]:.2f}, "
      f"validation {history['val_loss'][0]:.2f} -> {history['val_loss'][-1]:.2f}")
val_mse = np.mean((x_val - reconstructions) ** 2)
baseline_mse = np.mean((x_val - mean_image) ** 2)
print(f"validation MSE: autoencoder {val_mse:.2f}, "
      f"mean-image baseline {baseline_mse:.2f}")

fig, axes = plt.subplots(2, 8, figsize=(8, 2.4))
for i in range(8):
    for row, images in enumerate((x_val, reconstructions)):
        axes[row, i].imshow(images[i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        axes[row, i].set_xticks([])
        axes[row, i].set_yticks([])
axes[0, 0].set_ylabel("input")
axes[1, 0].set_ylabel("output")
fig.suptitle("Validation digits (top), reconstructed from 2 numbers each (bottom)")
plt.show()

fig, ax = plt.subplots(figsize=(5.5, 4.5))
points = ax.scatter(codes[:, 0], codes[:, 1], c=labels[1500:], cmap="tab10", s=12)
fig.colorbar(points, ax=ax, ticks=range(10), label="digit (not seen in training)")
ax.set_xlabel("latent dimension 1")
ax.set_ylabel("latent dimension 2")
ax.set_title("Latent space: each validation digit's 2-D code")
plt.show()

fig, ax = plt.subplots(figsize=(5.5, 3.5))
epochs = range(1, len(history["loss"]) + 1)
ax.plot(epochs, history["loss"], label="training")
ax.plot(epochs, history["val_loss"], label="validation")
ax.axhline(baseline_mse, color="gray", linestyle="--", label="mean-image baseline")
ax.set_xlabel("epoch")
ax.set_ylabel("MSE between input and output")
ax.set_title("Reconstruction loss during training")
ax.legend()
plt.show()
