"""Facts stated on docs/training/optimizers.md."""

import inspect

import keras
import numpy as np
import pytest


@pytest.fixture(scope="module")
def comparison(snippet):
    return snippet("snippets/training/optimizers_comparison.py")


@pytest.fixture(scope="module")
def momentum(snippet):
    return snippet("snippets/training/optimizers_momentum.py")


@pytest.fixture(scope="module")
def defaults(snippet):
    return snippet("snippets/training/optimizers_defaults.py")


def test_keras_momentum_is_v_beta_minus_lr_g(momentum):
    ns = momentum.namespace
    assert np.abs(ns["keras_momentum"] - ns["keras_form"]).max() < 1e-6
    assert ("Keras SGD(momentum=0.9) == v <- beta*v - lr*g, w <- w + v, "
            "to float32 precision: True") in momentum.stdout


def test_ema_form_equals_keras_with_learning_rate_times_one_minus_beta(momentum):
    ns = momentum.namespace
    np.testing.assert_allclose(ns["rescaled"], ns["ema_form"], rtol=1e-5, atol=1e-5)
    assert ("EMA form (alpha=0.1) == Keras with learning_rate=0.01, "
            "to float32 precision: True") in momentum.stdout


def test_ema_form_differs_from_keras_with_the_same_learning_rate(momentum):
    ns = momentum.namespace
    assert np.abs(ns["same_lr"] - ns["ema_form"]).max() > 1.0


def test_nesterov_is_off_and_momentum_is_zero_by_default():
    sgd = keras.optimizers.SGD()
    assert sgd.momentum == 0.0 and sgd.nesterov is False


@pytest.mark.parametrize("cls, expected", [
    (keras.optimizers.SGD, {"learning_rate": 0.01, "momentum": 0.0}),
    (keras.optimizers.RMSprop, {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0,
                                "epsilon": 1e-7}),
    (keras.optimizers.Adam, {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
                             "epsilon": 1e-7}),
    (keras.optimizers.AdamW, {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
                              "epsilon": 1e-7, "weight_decay": 0.004}),
])
def test_keras_defaults(defaults, cls, expected):
    signature = inspect.signature(cls.__init__).parameters
    for name, value in expected.items():
        assert signature[name].default == pytest.approx(value)
    assert defaults.namespace["defaults"][cls.__name__] == pytest.approx(expected)


def test_string_names_give_the_same_defaults():
    assert float(keras.optimizers.get("adam").learning_rate) == pytest.approx(0.001)
    assert float(keras.optimizers.get("sgd").learning_rate) == pytest.approx(0.01)
    assert float(keras.optimizers.get("rmsprop").learning_rate) == pytest.approx(0.001)


def test_rmsprop_step_is_lr_g_over_sqrt_of_ema_of_g_squared_plus_eps():
    w = keras.Variable(np.array([1.0, -2.0], "float32"))
    g = np.array([0.5, 4.0], "float32")
    keras.optimizers.RMSprop(learning_rate=0.1).apply_gradients([(g, w)])
    v = 0.1 * g**2  # (1 - rho) * g^2 from a zero start
    expected = np.array([1.0, -2.0]) - 0.1 * g / np.sqrt(v + 1e-7)
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-5)


def test_first_adam_step_has_size_lr_in_every_coordinate():
    """Bias correction makes the first step lr * sign(g), whatever the gradient's scale."""
    w = keras.Variable(np.zeros(3, "float32"))
    g = np.array([0.1, -5.0, 200.0], "float32")
    keras.optimizers.Adam(learning_rate=0.01).apply_gradients([(g, w)])
    np.testing.assert_allclose(w.numpy(), -0.01 * np.sign(g), rtol=1e-3)


def test_all_runs_start_from_the_same_weights(comparison):
    ns = comparison.namespace
    first_losses = {name: h[0] for name, h in ns["histories"].items()}
    assert len(ns["histories"]) == 4
    # the same start: every first-epoch loss is below the loss of the shared initial weights
    base = ns["base"]
    base.compile(loss="sparse_categorical_crossentropy")
    start_loss = base.evaluate(ns["x"], ns["y"], verbose=0)
    assert all(loss < start_loss + 0.05 for loss in first_losses.values())
    np.testing.assert_array_equal(base.get_weights()[0], ns["initial_weights"][0])


def test_plain_sgd_at_its_default_rate_is_slowest_here(comparison):
    histories = comparison.namespace["histories"]
    final = {name: h[-1] for name, h in histories.items()}
    others = [final[n] for n in ("SGD + momentum 0.9", "RMSprop", "Adam")]
    assert all(loss < 0.5 * final["SGD"] for loss in others)


def test_every_optimizer_lowers_the_loss(comparison):
    for losses in comparison.namespace["histories"].values():
        assert losses[-1] < losses[0]


def test_the_figure_has_four_curves(comparison):
    (figure,) = comparison.figures
    assert len(figure.axes[0].get_lines()) == 4


def _state_tensors_per_weight(optimizer):
    layer = keras.layers.Dense(4)
    layer.build((None, 3))
    optimizer.build(layer.trainable_variables)
    per_weight = [v for v in optimizer.variables
                  if tuple(v.shape) == tuple(layer.kernel.shape)]
    return len(per_weight)


def test_adam_keeps_two_state_tensors_per_weight_momentum_one_sgd_none():
    assert _state_tensors_per_weight(keras.optimizers.Adam()) == 2
    assert _state_tensors_per_weight(keras.optimizers.SGD(momentum=0.9)) == 1
    assert _state_tensors_per_weight(keras.optimizers.SGD()) == 0


def test_every_optimizer_accepts_weight_decay():
    for cls in (keras.optimizers.SGD, keras.optimizers.RMSprop, keras.optimizers.Adam):
        assert "weight_decay" in inspect.signature(cls.__init__).parameters


def test_adamw_decay_is_decoupled_from_the_adam_step():
    start, g = np.array([2.0, -3.0], "float32"), np.array([0.5, 0.5], "float32")
    w_adam, w_adamw = keras.Variable(start), keras.Variable(start)
    keras.optimizers.Adam(learning_rate=0.01).apply_gradients([(g, w_adam)])
    keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.1).apply_gradients([(g, w_adamw)])
    # AdamW = Adam's step plus lr * weight_decay * w, whatever the gradient's size
    np.testing.assert_allclose(w_adamw.numpy(), w_adam.numpy() - 0.01 * 0.1 * start, rtol=1e-5)


def test_compiling_again_with_a_string_creates_a_fresh_optimizer():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    model.fit(np.ones((8, 2)), np.ones((8, 1)), epochs=1, verbose=0)
    first = model.optimizer
    assert int(first.iterations) > 0
    model.compile("adam", "mse")
    assert model.optimizer is not first and int(model.optimizer.iterations) == 0


def test_adam_matches_the_page_formula_over_several_steps():
    rng = np.random.default_rng(0)
    w = keras.Variable(np.array([1.0, -1.0, 0.5], "float32"))
    optimizer = keras.optimizers.Adam(learning_rate=0.01)
    w_hand, m, v = w.numpy().astype("float64"), np.zeros(3), np.zeros(3)
    b1, b2, eps = 0.9, 0.999, 1e-7
    for t in range(1, 6):
        g = rng.normal(size=3).astype("float32")
        optimizer.apply_gradients([(g, w)])
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        w_hand = w_hand - 0.01 * np.sqrt(1 - b2**t) / (1 - b1**t) * m / (np.sqrt(v) + eps)
    np.testing.assert_allclose(w.numpy(), w_hand, rtol=1e-5, atol=1e-6)


def test_rmsprop_matches_the_page_formula_over_several_steps():
    rng = np.random.default_rng(1)
    w = keras.Variable(np.array([1.0, -1.0], "float32"))
    optimizer = keras.optimizers.RMSprop(learning_rate=0.01)
    w_hand, s = w.numpy().astype("float64"), np.zeros(2)
    for _ in range(5):
        g = rng.normal(size=2).astype("float32")
        optimizer.apply_gradients([(g, w)])
        s = 0.9 * s + 0.1 * g**2
        w_hand = w_hand - 0.01 * g / np.sqrt(s + 1e-7)
    np.testing.assert_allclose(w.numpy(), w_hand, rtol=1e-5, atol=1e-6)
