"""
Title: Data augmentation for images with Keras preprocessing layers
Description: Random rotations, shifts and zooms of 8x8 digits; off at inference.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf
from keras import layers
from sklearn.datasets import load_digits

keras.utils.set_random_seed(0)
digits = load_digits()
images = (digits.images / 16.0).astype("float32")[..., None]  # (1797, 8, 8, 1)
labels = digits.target

augment = keras.Sequential([
    layers.RandomRotation(0.05, fill_mode="constant"),  # up to ±0.05 turn (±18°)
    layers.RandomTranslation(0.125, 0.125, fill_mode="constant"),  # up to ±1 pixel
    layers.RandomZoom(0.15, fill_mode="constant"),
])  # no RandomFlip: a mirrored 2, 3 or 7 is not the same digit

# In a tf.data pipeline the function changes the image and passes the label through.
dataset = tf.data.Dataset.from_tensor_slices((images[:8], labels[:8])).batch(8)
augmented = dataset.map(lambda x, y: (augment(x, training=True), y))
x_aug, y_aug = next(iter(augmented))
x_aug, y_aug = x_aug.numpy(), y_aug.numpy()
print("labels before:", labels[:8], " after:", y_aug)
change = np.abs(x_aug - images[:8]).mean()
print(f"mean |change| per pixel, training=True:  {change:.3f}")

off = keras.ops.convert_to_numpy(augment(images[:8], training=False))
print("training=False returns the input unchanged:", np.array_equal(off, images[:8]))

# Inside a model the layers are active in fit and no-ops in predict/evaluate.
model = keras.Sequential([keras.Input((8, 8, 1)), augment, layers.Flatten()])
predicted = model.predict(images[:8], verbose=0)
print("model.predict leaves images unchanged:",
      np.array_equal(predicted, images[:8].reshape(8, 64)))

fig, axes = plt.subplots(4, 6, figsize=(6, 4.4), layout="constrained")
for row in range(4):
    versions = [images[row]] + [keras.ops.convert_to_numpy(
        augment(images[row:row + 1], training=True))[0] for _ in range(5)]
    for col, (ax, img) in enumerate(zip(axes[row], versions)):
        ax.imshow(img[..., 0], cmap="gray_r", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        if row == 0:
            ax.set_title("original" if col == 0 else f"augmented {col}", fontsize=8)
    axes[row, 0].set_ylabel(f"label {labels[row]}")
fig.suptitle("Digits and five random augmentations of each")
plt.show()
