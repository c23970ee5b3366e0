"""
Title: Batch normalization: training and inference outputs, rebuilt by hand
Description: Batch statistics in training, moving averages at inference, Keras defaults.
"""

import keras
import numpy as np

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
# 3 features far from mean 0 / variance 1: means 5, -2, 0 and spreads 3, 0.5, 10
x = rng.normal([5.0, -2.0, 0.0], [3.0, 0.5, 10.0], size=(256, 3)).astype("float32")

bn = keras.layers.BatchNormalization()
bn.build(x.shape)
momentum, epsilon = bn.momentum, bn.epsilon
print(f"defaults: momentum={momentum}, epsilon={epsilon}")

# One training step: normalize with this batch's mean and (biased) variance ...
train_out = keras.ops.convert_to_numpy(bn(x, training=True))
gamma, beta = bn.gamma.numpy(), bn.beta.numpy()  # learned; start at 1 and 0
batch_mean, batch_var = x.mean(axis=0), x.var(axis=0)
by_hand_train = gamma * (x - batch_mean) / np.sqrt(batch_var + epsilon) + beta

# ... and move the running statistics a small step towards the batch's.
moving_mean_by_hand = momentum * 0.0 + (1 - momentum) * batch_mean  # starts at 0
moving_var_by_hand = momentum * 1.0 + (1 - momentum) * batch_var  # starts at 1
moving_mean, moving_var = bn.moving_mean.numpy(), bn.moving_variance.numpy()

# Inference: the same formula with the moving averages instead of the batch's.
infer_out = keras.ops.convert_to_numpy(bn(x, training=False))
by_hand_infer = gamma * (x - moving_mean) / np.sqrt(moving_var + epsilon) + beta

np.set_printoptions(precision=3, suppress=True)
print("batch mean:    ", batch_mean, "  batch variance:", batch_var)
# the means are 0 up to round-off, of either sign: show their size
print("training output, |mean| per feature:", np.abs(train_out.mean(axis=0)))
print("training output, std per feature:   ", train_out.std(axis=0))
# Keras computes x * inv + (beta - mean * inv), inv = gamma / sqrt(var + eps): the same
# formula, rounded differently. Outputs near 0 keep the round-off of x: atol 1e-5.
print("training output == by hand, to float32 precision: ",
      np.allclose(train_out, by_hand_train, rtol=1e-5, atol=1e-5))
print("moving mean after 1 step:  ", moving_mean, " by hand:", moving_mean_by_hand)
print("moving var after 1 step:   ", moving_var, " by hand:", moving_var_by_hand)
print("inference output == by hand, to float32 precision:",
      np.allclose(infer_out, by_hand_infer, rtol=1e-5, atol=1e-5))
print("inference output, mean per feature: ", infer_out.mean(axis=0))

# The running statistics forget their start only slowly: after n steps on this batch,
# moving_mean = momentum**n * 0 + (1 - momentum**n) * batch_mean.
steps = 1 + 299  # the step above, then 299 more
for _ in range(steps - 1):
    bn(x, training=True)
share_of_batch = 1 - momentum**steps
print(f"after {steps} steps the moving mean is {share_of_batch:.3f} x the batch mean:",
      bn.moving_mean.numpy())
infer_late = keras.ops.convert_to_numpy(bn(x, training=False))
print("inference output, mean per feature: ", infer_late.mean(axis=0))
