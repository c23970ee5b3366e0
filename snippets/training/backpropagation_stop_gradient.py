"""
Title: tf.stop_gradient: TensorFlow's "detach"
Description: A value wrapped in stop_gradient is a constant for backpropagation.
"""

import tensorflow as tf

w = tf.Variable(3.0)
x = 2.0

with tf.GradientTape(persistent=True) as tape:
    y = w * x
    y_blocked = tf.stop_gradient(w * x)  # same value, no path back to w
    both = w * x + tf.stop_gradient(w * x)  # only the first term carries a gradient
    target = tf.stop_gradient(w * x + 1.0)  # e.g. a target computed by the model itself
    chase = (w * x - target) ** 2

grad_y = tape.gradient(y, w)
grad_blocked = tape.gradient(y_blocked, w)
grad_both = tape.gradient(both, w)
grad_chase = tape.gradient(chase, w)
del tape

print(f"values: y = {float(y)}, stop_gradient(y) = {float(y_blocked)}")
print(f"dy/dw = {float(grad_y)}")
print(f"d stop_gradient(y)/dw = {grad_blocked}")
print(f"d [y + stop_gradient(y)]/dw = {float(grad_both)}  (only the first term)")
print(f"d (y - stop_gradient(y + 1))^2/dw = {float(grad_chase)}  (2 (y - target) x)")
