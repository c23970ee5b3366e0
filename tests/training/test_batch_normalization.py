"""Facts stated on docs/training/batch_normalization.md."""

import inspect

import keras
import numpy as np
import pytest
from sklearn.datasets import load_digits


@pytest.fixture(scope="module")
def formula(snippet):
    return snippet("snippets/training/batch_normalization_formula.py")


@pytest.fixture(scope="module")
def activations(snippet):
    return snippet("snippets/training/batch_normalization_activations.py")


def test_keras_defaults_are_momentum_0_99_and_epsilon_1e_3(formula):
    params = inspect.signature(keras.layers.BatchNormalization.__init__).parameters
    assert params["momentum"].default == 0.99
    assert params["epsilon"].default == 1e-3
    assert params["center"].default is True and params["scale"].default is True
    assert (formula.namespace["momentum"], formula.namespace["epsilon"]) == (0.99, 1e-3)
    assert "defaults: momentum=0.99, epsilon=0.001" in formula.stdout


def test_gamma_and_beta_start_at_one_and_zero(formula):
    ns = formula.namespace
    assert np.array_equal(ns["gamma"], np.ones(3)) and np.array_equal(ns["beta"], np.zeros(3))
    assert [w.name for w in ns["bn"].trainable_weights] == ["gamma", "beta"]


def test_training_mode_uses_the_batch_mean_and_biased_variance(formula):
    ns = formula.namespace
    np.testing.assert_allclose(ns["train_out"], ns["by_hand_train"], atol=1e-5)
    assert "training output == by hand, to float32 precision:  True" in formula.stdout
    np.testing.assert_allclose(ns["train_out"].mean(axis=0), 0, atol=1e-5)
    # unit variance up to epsilon: var / (var + eps)
    expected_std = np.sqrt(ns["batch_var"] / (ns["batch_var"] + ns["epsilon"]))
    np.testing.assert_allclose(ns["train_out"].std(axis=0), expected_std, rtol=1e-4)


def test_moving_averages_follow_momentum_times_old_plus_one_minus_momentum_times_batch(
        formula):
    ns = formula.namespace
    np.testing.assert_allclose(ns["moving_mean"], ns["moving_mean_by_hand"], rtol=1e-5)
    np.testing.assert_allclose(ns["moving_var"], ns["moving_var_by_hand"], rtol=1e-5)


def test_inference_mode_uses_the_moving_averages(formula):
    ns = formula.namespace
    np.testing.assert_allclose(ns["infer_out"], ns["by_hand_infer"], atol=1e-5)
    assert "inference output == by hand, to float32 precision: True" in formula.stdout
    # after one step the moving averages are still near 0 and 1: barely normalized
    np.testing.assert_allclose(ns["infer_out"].mean(axis=0), ns["batch_mean"],
                               rtol=0.1, atol=0.05)


def test_moving_mean_after_n_steps_is_one_minus_momentum_to_the_n_of_the_batch_mean(
        formula):
    ns = formula.namespace
    np.testing.assert_allclose(ns["bn"].moving_mean.numpy(),
                               ns["share_of_batch"] * ns["batch_mean"], rtol=1e-3)
    assert np.all(np.abs(ns["infer_late"].mean(axis=0)) < 0.2)


def test_a_plain_call_and_predict_use_inference_mode():
    x = np.random.default_rng(0).normal(5.0, 2.0, size=(64, 2)).astype("float32")
    bn = keras.layers.BatchNormalization()
    plain = keras.ops.convert_to_numpy(bn(x))
    np.testing.assert_allclose(plain, x / np.sqrt(1 + 1e-3), rtol=1e-5)  # stats 0 and 1
    model = keras.Sequential([keras.Input((2,)), bn])
    np.testing.assert_allclose(model.predict(x, verbose=0), plain, rtol=1e-6)


def test_a_frozen_layer_runs_in_inference_mode_even_with_training_true():
    x = np.random.default_rng(0).normal(5.0, 2.0, size=(64, 2)).astype("float32")
    bn = keras.layers.BatchNormalization()
    bn.trainable = False
    out = keras.ops.convert_to_numpy(bn(x, training=True))
    np.testing.assert_allclose(out, x / np.sqrt(1 + 1e-3), rtol=1e-5)
    assert np.array_equal(bn.moving_mean.numpy(), np.zeros(2))  # not updated


def test_a_bias_before_bn_is_cancelled_by_the_mean_subtraction():
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    bn = keras.layers.BatchNormalization()
    a = keras.ops.convert_to_numpy(bn(x, training=True))
    b = keras.ops.convert_to_numpy(bn(x + np.float32(7.0), training=True))
    np.testing.assert_allclose(a, b, atol=1e-4)


def test_without_bn_the_spread_of_activations_collapses_layer_by_layer(activations):
    stds = activations.namespace["stds"][False]
    assert all(later < earlier / 2 for earlier, later in zip(stds, stds[1:]))
    assert stds[-1] < 0.01


def test_with_bn_every_layer_keeps_the_same_spread(activations):
    stds = activations.namespace["stds"][True]
    assert all(0.5 < s < 0.8 for s in stds)


def test_with_bn_the_deep_mlp_trains_and_without_it_stays_at_chance(activations):
    histories = activations.namespace["histories"]
    assert histories[True]["accuracy"][-1] > 0.95
    assert histories[False]["accuracy"][-1] < 0.2


def test_the_figure_has_one_histogram_per_layer_and_setting(activations):
    (figure,) = activations.figures
    titles = [ax.get_title() for ax in figure.axes]
    assert titles[0] == "layer 1, without BN" and titles[-1] == "layer 6, with BN"
    assert len(titles) == 12


def test_the_sheets_placement_after_the_activation_also_trains():
    """The sheet's code: BatchNormalization after Dense(activation='relu')."""
    keras.utils.set_random_seed(0)
    digits = load_digits()
    x, y = (digits.data / 16.0).astype("float32"), digits.target
    accuracy = {}
    for after in (True, False):
        keras.utils.set_random_seed(0)
        if after:  # the sheet's order
            hidden = [keras.layers.Dense(64, activation="relu"),
                      keras.layers.BatchNormalization()]
        else:  # the paper's order
            hidden = [keras.layers.Dense(64), keras.layers.BatchNormalization(),
                      keras.layers.Activation("relu")]
        model = keras.Sequential([keras.Input((64,)), *hidden,
                                  keras.layers.Dense(10, activation="softmax")])
        model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
        model.fit(x[:1200], y[:1200], epochs=10, batch_size=32, verbose=0)
        accuracy[after] = model.evaluate(x[1200:], y[1200:], verbose=0)[1]
    assert accuracy[True] > 0.85 and accuracy[False] > 0.85
    assert abs(accuracy[True] - accuracy[False]) < 0.05


def test_in_training_an_examples_output_depends_on_its_batch_but_not_with_layer_norm():
    x = np.random.default_rng(0).normal(size=(8, 3)).astype("float32")
    for layer, depends in ((keras.layers.BatchNormalization(), True),
                           (keras.layers.LayerNormalization(), False)):
        first = keras.ops.convert_to_numpy(layer(x[:4], training=True))[0]
        other = keras.ops.convert_to_numpy(layer(x[[0, 5, 6, 7]], training=True))[0]
        assert (not np.allclose(first, other, atol=1e-3)) == depends


def test_in_inference_an_examples_output_does_not_depend_on_its_batch():
    rng = np.random.default_rng(1)
    bn = keras.layers.BatchNormalization()
    x = rng.normal(3.0, 2.0, size=(64, 3)).astype("float32")
    bn(x, training=True)  # moving averages away from their start
    alone = keras.ops.convert_to_numpy(bn(x[:1], training=False))[0]
    for size in (2, 5, 32, 64):
        for _ in range(5):
            others = rng.normal(rng.uniform(-10, 10), rng.uniform(0.1, 10),
                                size=(size - 1, 3)).astype("float32")
            batch = np.concatenate([x[:1], others])
            out = keras.ops.convert_to_numpy(bn(batch, training=False))[0]
            np.testing.assert_allclose(out, alone, rtol=1e-6, atol=1e-6)


def test_moving_mean_is_one_minus_momentum_to_the_n_of_the_batch_mean_after_every_step():
    x = np.random.default_rng(0).normal([5.0, -2.0], [3.0, 0.5], size=(64, 2)).astype("float32")
    bn = keras.layers.BatchNormalization()
    for n in range(1, 301):
        bn(x, training=True)
        np.testing.assert_allclose(bn.moving_mean.numpy(), (1 - 0.99**n) * x.mean(axis=0),
                                   rtol=1e-3)


def test_evaluate_uses_the_moving_averages_too():
    x = np.random.default_rng(0).normal(5.0, 2.0, size=(64, 2)).astype("float32")
    model = keras.Sequential([keras.Input((2,)), keras.layers.BatchNormalization()])
    model.compile(loss="mse")
    target = x / np.sqrt(1 + 1e-3)  # what the start values 0 and 1 give
    assert model.evaluate(x, target, verbose=0) == pytest.approx(0.0, abs=1e-8)


def test_small_batches_make_training_and_inference_disagree_more():
    """Moving averages set to the population's statistics; batch statistics of small
    batches are further from them, and so is the training-mode output."""
    rng = np.random.default_rng(0)
    data = rng.normal([5.0, -2.0, 0.0], [3.0, 0.5, 10.0], size=(4096, 3)).astype("float32")
    bn = keras.layers.BatchNormalization()
    bn.build(data.shape)
    bn.moving_mean.assign(data.mean(axis=0))
    bn.moving_variance.assign(data.var(axis=0))
    gap = {}
    for size in (2, 4, 16, 64, 256):
        batches = data[: (4096 // size) * size].reshape(-1, size, 3)[:64]
        gap[size] = np.mean([np.abs(keras.ops.convert_to_numpy(bn(b, training=True))
                                    - keras.ops.convert_to_numpy(bn(b, training=False))).mean()
                             for b in batches])
    sizes = sorted(gap)
    assert all(gap[a] > gap[b] for a, b in zip(sizes, sizes[1:]))


def test_any_constant_added_to_a_feature_is_cancelled_in_training_mode():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3)).astype("float32")
    bn = keras.layers.BatchNormalization()
    plain = keras.ops.convert_to_numpy(bn(x, training=True))
    for magnitude in np.logspace(-3, 3, 25):
        c = (magnitude * rng.choice([-1.0, 1.0], size=3)).astype("float32")
        shifted = keras.ops.convert_to_numpy(bn(x + c, training=True))
        # float32 keeps about 7 digits of x + c: the error grows with |c|
        np.testing.assert_allclose(shifted, plain, atol=1e-4 + 1e-6 * magnitude)
