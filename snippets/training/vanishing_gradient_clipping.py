"""
Title: Gradient clipping in Keras: clipnorm, clipvalue and global_clipnorm
Description: One exploding gradient, three ways to cap the step the optimizer takes.
"""

import keras
import numpy as np

gradients = [np.array([30.0, -40.0], "float32"), np.array([0.3, 0.4], "float32")]
print("gradient norms:", [float(np.linalg.norm(g)) for g in gradients])

settings = {
    "no clipping": {},
    "clipnorm=1": {"clipnorm": 1.0},
    "clipvalue=1": {"clipvalue": 1.0},
    "global_clipnorm=1": {"global_clipnorm": 1.0},
}
applied = {}
for name, clip in settings.items():
    weights = [keras.Variable(np.zeros(2, "float32")) for _ in gradients]
    optimizer = keras.optimizers.SGD(learning_rate=1.0, **clip)  # step = -gradient
    optimizer.apply_gradients(zip(gradients, weights))
    applied[name] = [-w.numpy() for w in weights]  # the gradient the optimizer used
    shown = ", ".join(f"{np.round(g, 3)} (norm {np.linalg.norm(g):.3f})"
                      for g in applied[name])
    print(f"{name:<18} applied: {shown}")
