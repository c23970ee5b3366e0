"""Facts stated on docs/transformers/layer_normalization.md."""

import keras
import numpy as np
import pytest
from keras import layers, ops


@pytest.fixture(scope="module")
def formula(snippet):
    return snippet("snippets/transformers/layer_normalization_formula.py")


@pytest.fixture(scope="module")
def versus(snippet):
    return snippet("snippets/transformers/layer_normalization_vs_batch_norm.py")


def numpy(tensor):
    return ops.convert_to_numpy(tensor)


def close(a, b):
    return np.allclose(a, b, rtol=0, atol=1e-6)


# formula -----------------------------------------------------------------------------


def test_keras_defaults_axis_minus_one_and_epsilon_1e_3(formula):
    layer = layers.LayerNormalization()
    assert layer.axis == -1
    assert layer.epsilon == 1e-3
    assert layer.center and layer.scale
    assert "axis: -1, epsilon: 0.001" in formula.stdout


def test_keras_matches_the_formula(formula):
    ns = formula.namespace
    np.testing.assert_allclose(ns["keras_out"], ns["by_hand"], rtol=1e-5, atol=1e-5)
    assert "Keras matches the formula: True" in formula.stdout


@pytest.mark.parametrize("shape, epsilon", [((3, 16), 1e-3), ((2, 5, 7), 1e-5), ((4, 3, 32), 1e-6)])
def test_formula_for_other_shapes_and_epsilons(shape, epsilon):
    rng = np.random.default_rng(1)
    x = (rng.normal(size=shape) * 3 + 2).astype("float32")
    layer = layers.LayerNormalization(epsilon=epsilon)
    layer.build(shape)
    gamma, beta = (rng.normal(size=shape[-1]).astype("float32") for _ in range(2))
    layer.set_weights([gamma, beta])
    mean, var = x.mean(-1, keepdims=True), x.var(-1, keepdims=True)
    np.testing.assert_allclose(numpy(layer(x)), gamma * (x - mean) / np.sqrt(var + epsilon) + beta,
                               rtol=1e-5, atol=1e-5)


def test_each_token_comes_out_with_mean_0_and_std_1(formula):
    stats = formula.namespace["normalized"].astype("float64")
    np.testing.assert_allclose(stats.mean(axis=-1), 0, atol=1e-5)
    std = stats.std(axis=-1)
    np.testing.assert_allclose(np.delete(std[0], 3), 1, atol=2e-3)
    np.testing.assert_allclose(std[1], 1, atol=2e-3)


def test_epsilon_dominates_a_token_with_tiny_variance(formula):
    ns = formula.namespace
    std = ns["normalized"][0, 3].astype("float64").std()
    variance = ns["x"][0, 3].astype("float64").var()
    assert std < 0.5
    assert std == pytest.approx(np.sqrt(variance / (variance + 1e-3)), rel=1e-3)


def test_two_parameters_per_feature():
    layer = layers.LayerNormalization()
    layer.build((None, 10, 64))
    assert layer.count_params() == 2 * 64
    assert [w.name for w in layer.weights] == ["gamma", "beta"]


def test_epsilon_changes_only_tokens_of_tiny_variance():
    rng = np.random.default_rng(2)
    x = np.stack([rng.normal(size=16), rng.normal(size=16) * 0.01]).astype("float32")
    keras_default, small = layers.LayerNormalization(), layers.LayerNormalization(epsilon=1e-5)
    a, b = numpy(keras_default(x)), numpy(small(x))
    assert np.abs(a[0] - b[0]).max() < 2e-3  # unit variance: epsilon hardly matters
    assert np.abs(a[1] - b[1]).max() > 0.5  # variance 1e-4: the outputs differ a lot


def test_rms_normalization_skips_the_mean():
    rng = np.random.default_rng(3)
    x = (rng.normal(size=(2, 4, 8)) + 3).astype("float32")
    rms = layers.RMSNormalization()
    assert rms.epsilon == 1e-6
    expected = x / np.sqrt((x**2).mean(-1, keepdims=True) + rms.epsilon)
    np.testing.assert_allclose(numpy(rms(x)), expected, rtol=1e-5, atol=1e-6)
    assert rms.count_params() == 8  # a scale per feature, no shift
    assert np.abs(numpy(rms(x)).mean(-1)).min() > 0.5  # not centred


# layer norm vs batch norm ------------------------------------------------------------


def test_layer_norm_output_does_not_depend_on_the_batch(versus):
    ln, alone = versus.namespace["ln"], versus.namespace["ln"]["alone"]
    assert len(ln) == 4
    assert all(close(out, alone) for out in ln.values())
    assert "LayerNormalization, same output in every batch: True" in versus.stdout


def test_batch_norm_in_training_depends_on_the_companions(versus):
    bn = versus.namespace["bn"]
    changes = [np.abs(out - bn["alone"]).max() for name, out in bn.items() if name != "alone"]
    assert all(change > 0.1 for change in changes)
    assert versus.namespace["largest_change"] > 1.0
    assert "training:  same in every batch: False" in versus.stdout


def test_batch_norm_in_inference_does_not_but_differs_from_training(versus):
    ns = versus.namespace
    assert all(close(out, ns["bn_inference"]["alone"]) for out in ns["bn_inference"].values())
    assert not close(ns["bn"]["alone"], ns["bn_inference"]["alone"])
    assert "LayerNormalization, training == inference: True" in versus.stdout
    assert "BatchNormalization, training == inference: False" in versus.stdout


def test_padding_changes_batch_norm_but_not_layer_norm(versus):
    assert "LayerNormalization, real tokens unchanged by more padding: True" in versus.stdout
    assert "BatchNormalization, real tokens unchanged by more padding: False" in versus.stdout


def test_keras_batch_norm_with_a_mask_ignores_padding_but_not_the_batch(versus):
    sentence = versus.namespace["sentence"][:, :4]
    bn = layers.BatchNormalization()
    runs = []
    for pad in (2, 8):
        padded = np.pad(sentence, ((0, 0), (0, pad), (0, 0)))
        mask = np.arange(4 + pad)[None, :] < 4
        runs.append(numpy(bn(padded, training=True, mask=mask))[0, :4])
    np.testing.assert_allclose(runs[0], runs[1], atol=1e-5)
    other = np.random.default_rng(4).normal(3, 1, size=(1, 4, 8)).astype("float32")
    in_batch = numpy(bn(np.concatenate([sentence, other]), training=True))[0]
    assert not np.allclose(in_batch, runs[0], atol=1e-2)


def test_the_figure_shows_four_batches_in_two_panels(versus):
    (figure,) = versus.figures
    titles = [ax.get_title() for ax in figure.axes]
    assert titles == ["BatchNormalization (training)", "LayerNormalization"]
    assert all(len(ax.get_lines()) == 4 for ax in figure.axes)


class SheetBlock(keras.layers.Layer):
    """The course sheet's encoder block, with BatchNormalization where LayerNormalization goes."""

    def __init__(self, d_model, num_heads, ff_dim, norm):
        super().__init__()
        self.attention = layers.MultiHeadAttention(num_heads=num_heads, key_dim=d_model // num_heads)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"), layers.Dense(d_model)])
        self.norm1, self.norm2 = norm(), norm()

    def call(self, x, training=None):
        x = self.norm1(x + self.attention(x, x), training=training)
        return self.norm2(x + self.ffn(x), training=training)


@pytest.mark.parametrize("norm, batch_dependent", [(layers.LayerNormalization, False),
                                                   (layers.BatchNormalization, True)])
def test_a_transformer_block_with_batch_norm_depends_on_the_batch(norm, batch_dependent):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(5)
    sentence = rng.normal(size=(1, 6, 16)).astype("float32")
    others = rng.normal(2, 3, size=(7, 6, 16)).astype("float32")
    block = SheetBlock(16, 4, 64, norm)
    alone = numpy(block(sentence, training=True))[0]
    in_batch = numpy(block(np.concatenate([sentence, others]), training=True))[0]
    assert close(alone, in_batch) is not batch_dependent


def test_normalizing_over_the_sequence_axis_too_lets_padding_in(versus):
    sentence = versus.namespace["sentence"][:, :4]
    short, long = (np.pad(sentence, ((0, 0), (0, pad), (0, 0))) for pad in (2, 8))
    for_short, for_long = layers.LayerNormalization(axis=[1, 2]), layers.LayerNormalization(axis=[1, 2])
    assert not close(numpy(for_short(short))[0, :4], numpy(for_long(long))[0, :4])
    assert tuple(for_short.gamma.shape) == (6, 8)  # one scale per position and feature ...
    import tensorflow as tf

    for length in range(1, 17):  # ... so the layer only takes its first length
        other = np.pad(sentence, ((0, 0), (0, length - 4), (0, 0))) if length >= 4 \
            else sentence[:, :length]
        if length == 6:
            assert numpy(for_short(other)).shape == (1, 6, 8)
        else:
            with pytest.raises(tf.errors.InvalidArgumentError, match="Input to reshape"):
                for_short(other)


def test_rms_scaling_on_layer_normalization_is_deprecated():
    with pytest.warns(UserWarning, match="rms_scaling=True`, which is deprecated"):
        layers.LayerNormalization(rms_scaling=True)


def test_every_token_gets_mean_0_and_std_sqrt_var_over_var_plus_eps_whatever_its_offset():
    """Std 1 whenever the variance is large next to epsilon; below that, epsilon takes over."""
    rng = np.random.default_rng(6)
    layer = layers.LayerNormalization()
    for offset in np.linspace(-100, 100, 21):
        for spread in np.logspace(-2, 2, 17):
            x = (offset + spread * rng.normal(size=(1, 3, 64))).astype("float32")
            y = numpy(layer(x)).astype("float64")
            var = x.astype("float64").var(axis=-1)
            np.testing.assert_allclose(y.mean(axis=-1), 0, atol=1e-5 + 1e-7 * abs(offset) / spread)
            np.testing.assert_allclose(y.std(axis=-1), np.sqrt(var / (var + 1e-3)),
                                       rtol=1e-3 + 1e-6 * abs(offset) / spread)
            if spread >= 0.35:  # variance above 0.1
                assert np.all(y.std(axis=-1) > 0.99)


def test_epsilons_effect_shrinks_as_the_tokens_variance_grows():
    rng = np.random.default_rng(7)
    base = rng.normal(size=64)
    base = (base - base.mean()) / base.std()
    keras_default, small = layers.LayerNormalization(), layers.LayerNormalization(epsilon=1e-5)
    gaps = []
    for variance in np.logspace(-5, 3, 33):
        x = (np.sqrt(variance) * base)[None].astype("float32")
        gaps.append(np.abs(numpy(keras_default(x)) - numpy(small(x))).max())
    gaps = np.array(gaps)
    assert np.all(np.diff(gaps[3:]) < 0)  # smaller at every larger variance
    variances = np.logspace(-5, 3, 33)
    assert np.all(gaps[variances >= 0.1] < 0.02) and np.all(gaps[variances <= 1e-3] > 0.5)
