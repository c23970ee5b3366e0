"""
Title: The default hyperparameters of Keras's SGD, RMSprop, Adam and AdamW
Description: Reads learning rate, momentum, rho, betas, epsilon from fresh optimizers.
"""

import keras

names = ("learning_rate", "momentum", "rho", "beta_1", "beta_2", "epsilon",
         "weight_decay")
defaults = {}
for optimizer in (keras.optimizers.SGD(), keras.optimizers.RMSprop(),
                  keras.optimizers.Adam(), keras.optimizers.AdamW()):
    found = {}
    for name in names:
        value = getattr(optimizer, name, None)
        if value is not None:
            found[name] = round(float(value), 8)  # learning_rate is a Variable
    defaults[type(optimizer).__name__] = found

for optimizer_name, found in defaults.items():
    print(f"{optimizer_name:<8}", ", ".join(f"{k}={v:g}" for k, v in found.items()))
