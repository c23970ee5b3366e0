"""
Title: A custom training loop with GradientTape, including regularization losses
Description: One step: model(x, training=True), loss + sum(model.losses), then update.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.normal(size=(512, 8)).astype("float32")
y = (x @ rng.normal(size=(8, 1)) + 0.1 * rng.normal(size=(512, 1))).astype("float32")

model = keras.Sequential([
    keras.Input((8,)),
    layers.Dense(32, activation="relu", kernel_regularizer=keras.regularizers.L2(1e-3)),
    layers.Dropout(0.2),
    layers.Dense(1, kernel_regularizer=keras.regularizers.L2(1e-3)),
])
loss_fn = keras.losses.MeanSquaredError()
optimizer = keras.optimizers.Adam(learning_rate=1e-2)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(512, seed=0).batch(64)

history = []  # (data loss, regularization loss, total loss) of the last batch per epoch
for epoch in range(5):
    for x_batch, y_batch in dataset:
        with tf.GradientTape() as tape:
            predictions = model(x_batch, training=True)  # Dropout is active
            data_loss = loss_fn(y_batch, predictions)
            reg_loss = tf.add_n(model.losses)  # the L2 penalties, one per regularizer
            loss = data_loss + reg_loss
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    history.append((float(data_loss), float(reg_loss), float(loss)))
    # 2 significant digits: the next ones can change with the CPU's rounding order
    print(f"epoch {epoch + 1}: data loss {history[-1][0]:.2g}, "
          f"L2 penalties {history[-1][1]:.2g}")

print("regularization terms in model.losses:", len(model.losses))
print("trainable variables:", [v.path for v in model.trainable_variables])
