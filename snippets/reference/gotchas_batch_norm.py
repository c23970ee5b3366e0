"""
Title: Batch norm before or after the activation: both train
Description: The sheet's order (after ReLU) and the paper's (before) on the digits data.
"""

import keras
from keras import layers
from sklearn.datasets import load_digits

keras.utils.set_random_seed(0)
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target
x_train, y_train, x_val, y_val = x[:1200], y[:1200], x[1200:], y[1200:]

# --8<-- [start:wrong]
after = keras.Sequential([  # the sheet's code: ReLU, then BN
    keras.Input((64,)),
    layers.Dense(64, activation="relu"),
    layers.BatchNormalization(),
    layers.Dense(10, activation="softmax"),
])
# --8<-- [end:wrong]

# --8<-- [start:right]
before = keras.Sequential([  # Ioffe & Szegedy (2015): BN on the pre-activation
    keras.Input((64,)),
    layers.Dense(64, use_bias=False),  # BN's beta replaces the bias
    layers.BatchNormalization(),
    layers.Activation("relu"),
    layers.Dense(10, activation="softmax"),
])
# --8<-- [end:right]

# --8<-- [start:check]
accuracy = {}
for name, model in (("BN after ReLU", after), ("BN before ReLU", before)):
    keras.utils.set_random_seed(0)
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=5, batch_size=64, verbose=0)
    accuracy[name] = model.evaluate(x_val, y_val, verbose=0)[1]
    print(f"{name}: validation accuracy after 5 epochs {accuracy[name]:.3f}")
# --8<-- [end:check]
