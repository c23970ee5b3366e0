"""
Title: ModelCheckpoint: keep the best model on disk, with a file name per epoch
Description: With save_best_only, a file is written only when val_loss improves.
"""

import os
import tempfile

import keras
import matplotlib.pyplot as plt
import numpy as np
from keras import layers
from sklearn.datasets import load_digits

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target.copy()
noisy = rng.random(300) < 0.3  # wrong labels on 30% of the training images: overfitting
y[:300][noisy] = rng.integers(0, 10, size=noisy.sum())
x_train, y_train, x_val, y_val = x[:300], y[:300], x[1000:], y[1000:]

model = keras.Sequential([
    keras.Input((64,)),
    layers.Dense(256, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy")

folder = tempfile.mkdtemp()
checkpoint = keras.callbacks.ModelCheckpoint(
    filepath=os.path.join(folder, "model_{epoch:02d}_{val_loss:.2f}.keras"),
    monitor="val_loss",
    save_best_only=True,  # write only when val_loss beats its best so far
    mode="min",  # 'min' for a loss, 'max' for an accuracy
)
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=3, restore_best_weights=True)
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=20,
                    batch_size=50, callbacks=[checkpoint, early_stopping],
                    verbose=0).history

val_loss = history["val_loss"]
improved = [epoch for epoch in range(1, len(val_loss) + 1)
            if val_loss[epoch - 1] < min(val_loss[:epoch - 1], default=np.inf)]
written = sorted(os.listdir(folder))
print(f"trained {len(val_loss)} epochs; val_loss improved at epochs {improved}")
print("files written:", written)

best_file = keras.saving.load_model(os.path.join(folder, written[-1]))
same = np.array_equal(best_file.predict(x_val, verbose=0),
                      model.predict(x_val, verbose=0))
print("last file == model after restore_best_weights:", same)

fig, ax = plt.subplots(figsize=(6, 3.5))
epochs = range(1, len(val_loss) + 1)
ax.plot(epochs, val_loss, marker=".", label="val_loss")
ax.plot(improved, [val_loss[e - 1] for e in improved], "o", fillstyle="none",
        markersize=10, label="checkpoint written")
ax.set_xlabel("epoch")
ax.set_ylabel("validation loss")
ax.set_title("ModelCheckpoint(save_best_only=True) writes only on improvement")
ax.legend()
plt.show()
