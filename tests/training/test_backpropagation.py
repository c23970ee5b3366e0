"""Facts stated on docs/training/backpropagation.md."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import layers


@pytest.fixture(scope="module")
def chain_rule(snippet):
    return snippet("snippets/training/backpropagation_chain_rule.py")


@pytest.fixture(scope="module")
def loop(snippet):
    return snippet("snippets/training/backpropagation_training_loop.py")


@pytest.fixture(scope="module")
def stop(snippet):
    return snippet("snippets/training/backpropagation_stop_gradient.py")


def test_chain_rule_by_hand_equals_gradient_tape(chain_rule):
    ns = chain_rule.namespace
    np.testing.assert_allclose(ns["by_hand_dw"], ns["tape_dw"].numpy(), rtol=1e-5)
    assert ns["by_hand_db"] == pytest.approx(float(ns["tape_db"]), rel=1e-5)


def test_dz_dw_is_the_input_and_dz_db_is_one(chain_rule):
    ns = chain_rule.namespace
    np.testing.assert_allclose(ns["tape_dw"].numpy() / float(ns["tape_db"]), ns["x"], rtol=1e-5)


def test_sigmoid_derivative_is_a_times_one_minus_a():
    z = tf.Variable(np.linspace(-4, 4, 9), dtype="float32")
    with tf.GradientTape() as tape:
        a = tf.sigmoid(z)
    np.testing.assert_allclose(tape.gradient(a, z).numpy(), (a * (1 - a)).numpy(), rtol=1e-5)


def test_the_loop_adds_the_regularization_losses(loop):
    ns = loop.namespace
    for data, reg, total in ns["history"]:
        assert reg > 0
        assert total == pytest.approx(data + reg, rel=1e-6)
    assert len(ns["model"].losses) == 2


def test_model_losses_are_the_l2_penalties_of_the_kernels(loop):
    model = loop.namespace["model"]
    kernels = [layer.kernel.numpy() for layer in model.layers if hasattr(layer, "kernel")]
    expected = sum(1e-3 * np.sum(np.square(k)) for k in kernels)
    assert float(tf.add_n(model.losses)) == pytest.approx(expected, rel=1e-5)


def test_the_loop_trains(loop):
    history = loop.namespace["history"]
    assert history[-1][0] < 0.3 * history[0][0]


def test_the_loop_updates_exactly_the_trainable_variables(loop):
    model = loop.namespace["model"]
    assert len(model.trainable_variables) == 4  # two kernels, two biases
    assert all(v.trainable for v in model.trainable_variables)


def test_training_true_turns_dropout_on():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((16,)), layers.Dropout(0.5)])
    x = np.ones((4, 16), "float32")
    assert np.array_equal(model(x).numpy(), x)  # the sheet's model(x_train): no dropout
    assert not np.array_equal(model(x, training=True).numpy(), x)


def test_the_sheets_code_raises_on_trainable_variable():
    """The sheet's apply_gradients line uses `model.trainable_variable` (no s)."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,)), layers.Dense(1)])
    optimizer = keras.optimizers.SGD()
    x_train, y_train = np.ones((4, 3), "float32"), np.zeros((4, 1), "float32")
    loss_fn = keras.losses.MeanSquaredError()
    with tf.GradientTape() as tape:
        predictions = model(x_train)
        loss = loss_fn(y_train, predictions)
    gradients = tape.gradient(loss, model.trainable_variables)
    with pytest.raises(AttributeError, match="trainable_variable"):
        optimizer.apply_gradients(zip(gradients, model.trainable_variable))


def test_stop_gradient_blocks_the_gradient(stop):
    ns = stop.namespace
    assert float(ns["y_blocked"]) == float(ns["y"])  # same value...
    assert ns["grad_blocked"] is None  # ...but no gradient path to w
    assert float(ns["grad_both"]) == float(ns["grad_y"]) == 2.0
    assert float(ns["grad_chase"]) == pytest.approx(2 * (6.0 - 7.0) * 2.0)


def test_keras_ops_stop_gradient_gives_zero_gradient_too():
    w = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        loss = w * 2.0 + keras.ops.stop_gradient(w * 5.0)
    assert float(tape.gradient(loss, w)) == 2.0


def test_a_loss_computed_outside_the_tape_has_no_gradient():
    w = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = w * 2.0
    loss = y * 3.0  # after the block: not recorded
    assert tape.gradient(loss, w) is None


def test_a_plain_tape_gives_one_set_of_gradients():
    w = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = w * 2.0
    assert float(tape.gradient(y, w)) == 2.0
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.gradient(y, w)


def test_apply_gradients_skips_a_none_gradient_with_a_warning():
    a, b = keras.Variable(1.0), keras.Variable(2.0)
    with pytest.warns(UserWarning, match="Gradients do not exist"):
        keras.optimizers.SGD(0.1).apply_gradients([(tf.constant(1.0), a), (None, b)])
    assert float(a.numpy()) == pytest.approx(0.9)
    assert float(b.numpy()) == 2.0


def test_batch_norm_in_inference_mode_neither_normalizes_by_batch_nor_updates():
    bn = layers.BatchNormalization()
    x = np.random.default_rng(0).normal(5.0, 2.0, size=(64, 3)).astype("float32")
    out = bn(x).numpy()  # no training argument, as in the sheet's model(x_train)
    np.testing.assert_allclose(bn.moving_mean.numpy(), 0.0)
    assert out.mean() > 4  # not centred: moving mean 0 and variance 1 were used
    bn(x, training=True)
    assert np.all(bn.moving_mean.numpy() > 0)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear", "gelu"])
def test_a_zero_feature_gets_a_gradient_of_exactly_zero_for_its_weight(activation):
    """dz/dw_i = x_i: a feature that is 0 in every example gets 0 (not None), whatever
    the activation, the loss, the weights or the other features."""
    rng = np.random.default_rng(0)
    for seed in range(20):
        x = rng.normal(size=(16, 5)).astype("float32")
        zero = seed % 5
        x[:, zero] = 0.0
        layer = layers.Dense(3, activation=activation)
        layer.build((None, 5))
        layer.kernel.assign(rng.normal(size=(5, 3)).astype("float32"))
        y = rng.normal(size=(16, 3)).astype("float32")
        loss_fn = (keras.losses.MeanSquaredError() if seed % 2
                   else keras.losses.MeanAbsoluteError())
        with tf.GradientTape() as tape:
            loss = loss_fn(y, layer(x))
        grad = tape.gradient(loss, layer.kernel).numpy()
        assert np.array_equal(grad[zero], np.zeros(3, "float32"))
        assert np.abs(np.delete(grad, zero, axis=0)).max() > 0


def test_tape_gradient_computes_but_leaves_the_weights_unchanged(chain_rule):
    """Backpropagation only computes the gradients; the optimizer changes the weights."""
    w = tf.Variable([0.3, -0.2, 0.1])
    x = chain_rule.namespace["x"]
    with tf.GradientTape() as tape:
        loss = (tf.sigmoid(tf.tensordot(w, x, axes=1)) - 1.0) ** 2
    grad = tape.gradient(loss, w)
    np.testing.assert_array_equal(w.numpy(), np.array([0.3, -0.2, 0.1], "float32"))
    keras.optimizers.SGD(0.1).apply_gradients([(grad, w)])
    assert not np.array_equal(w.numpy(), np.array([0.3, -0.2, 0.1], "float32"))


def test_a_hidden_activations_gradient_is_the_sum_over_the_next_layers_paths():
    """dL/da_j = sum_k dL/dz_k w_jk, for random two-layer networks."""
    rng = np.random.default_rng(1)
    for _ in range(10):
        x = tf.constant(rng.normal(size=(4, 6)).astype("float32"))
        w1, w2 = (tf.constant(rng.normal(size=s).astype("float32"))
                  for s in ((6, 5), (5, 3)))
        with tf.GradientTape(persistent=True) as tape:
            a = tf.tanh(x @ w1)
            tape.watch(a)
            z = a @ w2
            loss = tf.reduce_sum(tf.sigmoid(z) ** 2)
        dl_da, dl_dz = tape.gradient(loss, a), tape.gradient(loss, z)
        np.testing.assert_allclose(dl_da.numpy(), (dl_dz @ tf.transpose(w2)).numpy(),
                                   rtol=1e-5, atol=1e-6)


def test_without_stop_gradient_the_target_is_moved_too():
    """Target from the model itself: unstopped, its own path adds to the gradient."""
    w = tf.Variable(3.0)
    x, x_next = 2.0, 1.5
    with tf.GradientTape(persistent=True) as tape:
        stopped = (w * x - tf.stop_gradient(w * x_next)) ** 2
        chased = (w * x - w * x_next) ** 2
    gap = 3.0 * x - 3.0 * x_next
    assert float(tape.gradient(stopped, w)) == pytest.approx(2 * gap * x)
    # the extra term -2 * gap * x_next moves the target towards the prediction
    assert float(tape.gradient(chased, w)) == pytest.approx(2 * gap * (x - x_next))


def _matmul_flops(function, x):
    """Multiply-adds x 2 of every MatMul in the traced graph of function(x)."""
    total = 0
    for op in function.get_concrete_function(x).graph.get_operations():
        if op.type == "MatMul":
            a, b = op.inputs[0].shape, op.inputs[1].shape
            rows = a[1] if op.get_attr("transpose_a") else a[0]
            inner = a[0] if op.get_attr("transpose_a") else a[1]
            cols = b[0] if op.get_attr("transpose_b") else b[1]
            total += 2 * rows * inner * cols
    return total


@pytest.mark.parametrize("widths", [(64, 10), (64, 128, 10), (300, 32, 32, 32, 2), (8, 512, 1)])
def test_a_backward_pass_of_dense_layers_costs_one_to_two_forward_passes(widths):
    model = keras.Sequential([keras.Input((widths[0],))]
                             + [keras.layers.Dense(w, activation="relu") for w in widths[1:]])
    x = tf.zeros((32, widths[0]))

    @tf.function
    def forward(x):
        return model(x)

    @tf.function
    def forward_and_backward(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(model(x))
        return tape.gradient(loss, model.trainable_variables)

    forward_flops = _matmul_flops(forward, x)
    backward_flops = _matmul_flops(forward_and_backward, x) - forward_flops
    assert forward_flops == 2 * 32 * sum(a * b for a, b in zip(widths, widths[1:]))
    # dW for every layer (= its forward cost) plus dX for every layer but the first
    assert forward_flops <= backward_flops <= 2 * forward_flops
