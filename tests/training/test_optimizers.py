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


def test_string_names_give_the_same_defaults(defaults):
    for name, cls in (("adam", "Adam"), ("sgd", "SGD"), ("rmsprop", "RMSprop")):
        optimizer = keras.optimizers.get(name)
        assert type(optimizer).__name__ == cls
        for key, value in defaults.namespace["defaults"][cls].items():
            assert float(getattr(optimizer, key)) == pytest.approx(value)


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
    assert max(others) < 1.5 * min(others)  # the other three end close together


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


WRAPPERS = {"LossScaleOptimizer", "MultiOptimizer"}


def _optimizer_classes():
    """Every optimizer class exported by keras.optimizers, the base class excluded."""
    return [obj for name, obj in vars(keras.optimizers).items()
            if inspect.isclass(obj) and issubclass(obj, keras.optimizers.Optimizer)
            and obj is not keras.optimizers.Optimizer]


def test_every_optimizer_accepts_weight_decay_and_the_clipping_arguments():
    classes = _optimizer_classes()
    assert len(classes) > 10 and {"SGD", "Adam", "AdamW", "RMSprop"} <= {c.__name__ for c in classes}
    for cls in classes:
        params = inspect.signature(cls.__init__).parameters
        has = {"weight_decay", "clipnorm", "clipvalue", "global_clipnorm"} <= set(params)
        assert has is (cls.__name__ not in WRAPPERS), cls.__name__


def test_the_wrappers_refuse_clipping_and_leave_it_to_the_wrapped_optimizer():
    with pytest.raises(ValueError, match="inner_optimizer"):
        keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(), clipnorm=1.0)
    wrapped = keras.optimizers.LossScaleOptimizer(keras.optimizers.SGD(clipnorm=1.0))
    assert wrapped.inner_optimizer.clipnorm == 1.0


@pytest.mark.parametrize("beta", np.linspace(0.0, 0.99, 12))
def test_ema_form_equals_keras_momentum_for_every_beta(beta):
    """u_t = -alpha v_t by induction: Keras with lr = alpha (1 - beta) is the EMA form."""
    curvature = np.array([1.0, 10.0, 0.3], "float32")
    start = np.array([-4.0, 2.0, 3.0], "float32")
    for alpha in (0.01, 0.05, 0.15):
        w = keras.Variable(start)
        optimizer = keras.optimizers.SGD(learning_rate=alpha * (1 - beta), momentum=beta)
        w_ema, v = start.astype("float64"), np.zeros(3)
        for _ in range(20):
            optimizer.apply_gradients([(curvature * w.numpy(), w)])
            v = beta * v + (1 - beta) * curvature * w_ema
            w_ema = w_ema - alpha * v
        np.testing.assert_allclose(w.numpy(), w_ema, rtol=1e-4, atol=1e-5)


def test_first_adam_step_is_lr_times_sign_for_every_gradient_well_above_epsilon():
    """Keras: step = lr * g / (|g| + eps / sqrt(1 - beta_2)) on the first step."""
    magnitudes = np.logspace(-3, 6, 200).astype("float32")
    g = magnitudes * np.where(np.arange(200) % 2, 1.0, -1.0).astype("float32")
    w = keras.Variable(np.zeros(200, "float32"))
    keras.optimizers.Adam(learning_rate=0.01).apply_gradients([(g, w)])
    np.testing.assert_allclose(w.numpy(), -0.01 * np.sign(g), rtol=5e-3)
    tiny = keras.Variable(np.zeros(3, "float32"))  # near epsilon and below; zero
    keras.optimizers.Adam(learning_rate=0.01).apply_gradients(
        [(np.array([1e-6, 1e-8, 0.0], "float32"), tiny)])
    steps = np.abs(tiny.numpy())
    assert steps[0] < 0.5 * 0.01 and steps[1] < 0.01 * 0.01 and steps[2] == 0.0


def test_with_adam_an_l2_penalty_shrinks_weights_with_large_gradients_less():
    """Same weights and penalty; one coordinate gets large noisy data gradients, one small.
    SGD shrinks both by the same amount; Adam divides the penalty by sqrt(v)."""
    lam, steps = 0.1, 200
    scale = np.array([10.0, 0.01], "float32")
    shrink = {}
    for name, make in (("sgd", lambda: keras.optimizers.SGD(0.01)),
                       ("adam", lambda: keras.optimizers.Adam(0.01))):
        finals = []
        for penalty in (0.0, lam):
            w, optimizer = keras.Variable(np.ones(2, "float32")), make()
            for t in range(steps):
                data = scale * (1 if t % 2 else -1)  # data gradients that cancel out
                optimizer.apply_gradients([(data + 2 * penalty * w.numpy(), w)])
            finals.append(w.numpy())
        shrink[name] = finals[0] - finals[1]  # what the penalty took off each weight
    np.testing.assert_allclose(shrink["sgd"][0], shrink["sgd"][1], rtol=0.1)
    assert shrink["adam"][0] < 0.2 * shrink["adam"][1]


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
