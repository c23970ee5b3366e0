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
