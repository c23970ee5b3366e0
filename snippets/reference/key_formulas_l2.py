"""
Title: Key formula: the L2 term that keras.regularizers.L2 adds to the loss
Description: The L2 term is l2 * sum(w^2), no 1/2; evaluate adds it to the data loss.
"""

import keras
import numpy as np
from keras import layers, regularizers

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
x = rng.normal(size=(64, 8)).astype("float32")
y = rng.normal(size=(64, 1)).astype("float32")
lam = 0.01

model = keras.Sequential([keras.Input((8,)),
                          layers.Dense(4, kernel_regularizer=regularizers.L2(lam)),
                          layers.Dense(1, kernel_regularizer=regularizers.L2(lam))])
model.compile("sgd", "mse")

kernels = [layer.kernel.numpy() for layer in model.layers]
penalty = lam * sum((w**2).sum() for w in kernels)  # lambda * sum of squared weights
in_losses = float(sum(keras.ops.convert_to_numpy(t) for t in model.losses))
mse = float(np.mean((model.predict(x, verbose=0) - y) ** 2))
total = model.evaluate(x, y, verbose=0)  # the loss fit minimizes

# Equal to float32 precision: a relative gap of 1e-5 or an absolute one of 1e-6.
print(f"lambda * sum(w^2):       {penalty:.4f}")
print(f"sum(model.losses):       {in_losses:.4f}  "
      f"(equal: {np.isclose(in_losses, penalty, rtol=1e-5, atol=1e-6)})")
print(f"lambda / 2 * sum(w^2):   {penalty / 2:.4f}  (the textbook form with 1/2)")
print(f"MSE + lambda * sum(w^2): {mse + penalty:.4f}")
print(f"model.evaluate:          {total:.4f}  "
      f"(equal: {np.isclose(total, mse + penalty, rtol=1e-5, atol=1e-6)})")
