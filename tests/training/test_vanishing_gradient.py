"""Facts stated on docs/training/vanishing_gradient.md."""

import keras
import numpy as np
import pytest


@pytest.fixture(scope="module")
def rnn_vs_lstm(snippet):
    return snippet("snippets/training/vanishing_gradient_rnn_vs_lstm.py")


@pytest.fixture(scope="module")
def clipping(snippet):
    return snippet("snippets/training/vanishing_gradient_clipping.py")


def _ratio(norm):
    return norm[0] / norm[-1]  # gradient reaching step 1 / gradient reaching the last step


def test_simple_rnn_gradient_vanishes_over_100_steps(rnn_vs_lstm):
    norm = rnn_vs_lstm.namespace["norms"]["SimpleRNN"]
    assert _ratio(norm) < 1e-10


def test_default_lstm_decays_less_but_still_vanishes_at_initialization(rnn_vs_lstm):
    norms = rnn_vs_lstm.namespace["norms"]
    lstm, rnn = norms["LSTM (forget bias 1, the default)"], norms["SimpleRNN"]
    assert _ratio(lstm) > 1e3 * _ratio(rnn)  # orders of magnitude less decay...
    assert _ratio(lstm) < 1e-6  # ...yet at initialization the first steps get almost nothing


def test_an_lstm_whose_forget_gate_stays_open_keeps_the_gradient(rnn_vs_lstm):
    norm = rnn_vs_lstm.namespace["norms"]["LSTM with forget bias 5"]
    assert _ratio(norm) > 0.1


def test_the_gradient_decays_roughly_monotonically_for_simple_rnn(rnn_vs_lstm):
    norm = rnn_vs_lstm.namespace["norms"]["SimpleRNN"]
    assert norm[:50].max() < norm[50:].min()


def test_the_plot_is_log_scale_with_three_curves(rnn_vs_lstm):
    (figure,) = rnn_vs_lstm.figures
    ax = figure.axes[0]
    assert ax.get_yscale() == "log"
    assert len(ax.get_lines()) == 3


def test_clipnorm_caps_each_gradient_norm(clipping):
    applied = clipping.namespace["applied"]
    big, small = applied["clipnorm=1"]
    assert np.linalg.norm(big) == pytest.approx(1.0, rel=1e-6)
    np.testing.assert_allclose(big / np.linalg.norm(big), [0.6, -0.8], rtol=1e-6)  # direction
    np.testing.assert_allclose(small, [0.3, 0.4], rtol=1e-6)  # below the cap: untouched


def test_clipvalue_clips_each_element_and_changes_direction(clipping):
    big, small = clipping.namespace["applied"]["clipvalue=1"]
    np.testing.assert_allclose(big, [1.0, -1.0])
    np.testing.assert_allclose(small, [0.3, 0.4], rtol=1e-6)


def test_global_clipnorm_scales_all_gradients_together(clipping):
    big, small = clipping.namespace["applied"]["global_clipnorm=1"]
    global_norm = np.sqrt(np.sum(big**2) + np.sum(small**2))
    assert global_norm == pytest.approx(1.0, rel=1e-6)
    np.testing.assert_allclose(small, np.array([0.3, 0.4]) / np.sqrt(50**2 + 0.5**2), rtol=1e-5)


def test_no_clipping_applies_the_raw_gradient(clipping):
    big, small = clipping.namespace["applied"]["no clipping"]
    np.testing.assert_allclose(big, [30.0, -40.0])


def test_only_one_clipping_argument_is_allowed():
    with pytest.raises(ValueError, match="Only one of"):
        keras.optimizers.SGD(clipnorm=1.0, clipvalue=1.0)


def test_clipnorm_also_applies_inside_fit():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False,
                                                                   kernel_initializer="zeros")])
    model.compile(keras.optimizers.SGD(learning_rate=1.0, clipnorm=0.5), "mse")
    model.fit(np.array([[100.0]]), np.array([[100.0]]), epochs=1, verbose=0)
    assert abs(float(model.layers[0].kernel.numpy()[0, 0])) == pytest.approx(0.5, rel=1e-6)


def test_simple_rnn_gradient_falls_block_by_block(rnn_vs_lstm):
    norm = rnn_vs_lstm.namespace["norms"]["SimpleRNN"]
    block_means = norm.reshape(10, 10).mean(axis=1)  # ten blocks of ten steps
    assert np.all(np.diff(block_means) > 0)  # larger at every block closer to the loss


def test_open_forget_gates_keep_step_1_within_an_order_of_magnitude(rnn_vs_lstm):
    norm = rnn_vs_lstm.namespace["norms"]["LSTM with forget bias 5"]
    assert 0.1 < _ratio(norm) < 10


def test_global_norm_helper_exists_for_logging():
    import tensorflow as tf
    grads = [tf.constant([3.0, 0.0]), tf.constant([0.0, 4.0])]
    assert float(tf.linalg.global_norm(grads)) == pytest.approx(5.0)


def test_default_lstm_forget_gates_start_well_below_one(rnn_vs_lstm):
    ns = rnn_vs_lstm.namespace
    units = ns["units"]
    keras.utils.set_random_seed(0)
    lstm = keras.layers.LSTM(units)
    lstm.build((None, ns["steps"], ns["features"]))
    kernel, _, bias = (w.numpy() for w in lstm.weights)
    z_forget = ns["x"].numpy()[:, 0, :] @ kernel[:, units:2 * units] + bias[units:2 * units]
    forget = 1 / (1 + np.exp(-z_forget))  # first step, h_0 = 0
    assert 0.6 < forget.mean() < 0.85
    assert forget.mean() ** 100 < 1e-10  # 100 such factors along the cell


WRAPPERS = {"LossScaleOptimizer", "MultiOptimizer"}
CLIPPING = ("clipnorm", "clipvalue", "global_clipnorm")


def _update_rules():
    """Every optimizer class in keras.optimizers except the base class and the wrappers."""
    import inspect

    classes = [obj for name, obj in vars(keras.optimizers).items()
               if inspect.isclass(obj) and issubclass(obj, keras.optimizers.Optimizer)
               and obj is not keras.optimizers.Optimizer]
    assert WRAPPERS <= {c.__name__ for c in classes}
    return [c for c in classes if c.__name__ not in WRAPPERS]


def test_every_optimizer_takes_each_clipping_argument_and_refuses_two():
    import itertools

    for cls in _update_rules():
        for name in CLIPPING:
            assert getattr(cls(**{name: 1.0}), name) == 1.0, (cls.__name__, name)
        for pair in [*itertools.combinations(CLIPPING, 2), CLIPPING]:
            with pytest.raises(ValueError, match="Only one of"):
                cls(**{name: 1.0 for name in pair})


def test_clipnorm_is_g_times_c_over_max_of_norm_and_c_for_every_norm():
    rng = np.random.default_rng(0)
    for c in (0.1, 1.0, 10.0):
        for norm in np.logspace(-3, 3, 25):
            g = rng.normal(size=5).astype("float32")
            g *= np.float32(norm / np.linalg.norm(g))
            w = keras.Variable(np.zeros(5, "float32"))
            keras.optimizers.SGD(learning_rate=1.0, clipnorm=c).apply_gradients([(g, w)])
            np.testing.assert_allclose(-w.numpy(), g * c / max(np.linalg.norm(g), c),
                                       rtol=1e-5, atol=1e-9)


def test_no_clipping_argument_ever_makes_a_gradient_larger():
    rng = np.random.default_rng(1)
    for name in CLIPPING:
        for scale in np.logspace(-4, 4, 17):
            grads = [(scale * rng.normal(size=s)).astype("float32") for s in (3, 4)]
            weights = [keras.Variable(np.zeros_like(g)) for g in grads]
            keras.optimizers.SGD(learning_rate=1.0, **{name: 1.0}).apply_gradients(
                zip(grads, weights))
            for g, w in zip(grads, weights):
                applied = -w.numpy()
                assert np.all(np.abs(applied) <= np.abs(g) * (1 + 1e-6))  # element-wise
                assert np.all(applied * g >= 0)  # and never flips a sign


def test_tanh_derivative_is_one_minus_h_squared_and_at_most_one():
    import tensorflow as tf

    z = tf.constant(np.linspace(-20, 20, 40001), tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(z)
        h = tf.tanh(z)
    derivative = tape.gradient(h, z).numpy()
    np.testing.assert_allclose(derivative, 1 - h.numpy() ** 2, atol=1e-12)
    assert derivative.max() == pytest.approx(1.0) and np.all(derivative <= 1.0)
    assert derivative[[0, -1]].max() < 1e-15  # saturated: near 0
