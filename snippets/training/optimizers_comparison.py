"""
Title: SGD, SGD with momentum, RMSprop and Adam on one task, from the same weights
Description: Training-loss curves of four Keras optimizers at their default rates.
"""

import keras
import matplotlib.pyplot as plt
from keras import layers
from sklearn.datasets import load_digits

keras.utils.set_random_seed(0)
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target

base = keras.Sequential([
    keras.Input((64,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
initial_weights = base.get_weights()  # every run starts from these exact values

optimizers = {
    "SGD": keras.optimizers.SGD(),  # learning_rate=0.01
    "SGD + momentum 0.9": keras.optimizers.SGD(momentum=0.9),
    "RMSprop": keras.optimizers.RMSprop(),  # learning_rate=0.001
    "Adam": keras.optimizers.Adam(),  # learning_rate=0.001
}
histories = {}
for name, optimizer in optimizers.items():
    model = keras.models.clone_model(base)  # same architecture, fresh weights...
    model.set_weights(initial_weights)  # ...overwritten with the shared start
    model.compile(optimizer, "sparse_categorical_crossentropy")
    keras.utils.set_random_seed(0)  # same batch order for every optimizer
    history = model.fit(x, y, epochs=15, batch_size=128, verbose=0).history
    histories[name] = history["loss"]

for name, losses in histories.items():
    print(f"{name:<19} loss after epoch 1: {losses[0]:.3f}, "
          f"after epoch 15: {losses[-1]:.3f}")

for name, losses in histories.items():
    plt.plot(range(1, 16), losses, marker=".", label=name)
plt.yscale("log")
plt.xlabel("epoch")
plt.ylabel("training loss (log scale)")
plt.title("Four optimizers, same model, same initial weights")
plt.legend()
plt.show()
