"""
Title: L1 and L2 regularization: the penalty Keras adds to the loss
Description: The penalty in model.losses and the loss, rebuilt from the kernel by hand.
"""

import inspect

import keras
import numpy as np
from keras import layers, regularizers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.normal(size=(64, 8)).astype("float32")
y = rng.normal(size=(64, 1)).astype("float32")

for cls in (regularizers.L1, regularizers.L2):
    ((arg, param),) = inspect.signature(cls).parameters.items()
    print(f"regularizers.{cls.__name__}() default: {arg}={param.default}")

penalties = {}
for name, reg in (("L1(0.01)", regularizers.L1(0.01)),
                  ("L2(0.01)", regularizers.L2(0.01))):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)),
                              layers.Dense(1, kernel_regularizer=reg)])
    model.compile("sgd", "mse")
    w = model.layers[0].kernel.numpy()
    by_hand = 0.01 * (np.abs(w).sum() if name.startswith("L1") else (w**2).sum())
    in_losses = float(sum(keras.ops.convert_to_numpy(t) for t in model.losses))
    mse = float(np.mean((model.predict(x, verbose=0) - y) ** 2))
    reported = model.evaluate(x, y, verbose=0)  # the loss that fit minimizes
    penalties[name] = (by_hand, in_losses, mse, reported)
    # NumPy and Keras sum in other orders: compare to float32 precision
    same = np.isclose(in_losses, by_hand, rtol=1e-5, atol=1e-6)
    adds_up = np.isclose(reported, mse + in_losses, rtol=1e-5, atol=1e-6)
    print(f"{name}: penalty by hand {by_hand:.4f}, MSE {mse:.3f}")
    print(f"  model.losses == penalty: {same}, evaluate == MSE + penalty: {adds_up}"
          "  (to float32 precision)")
