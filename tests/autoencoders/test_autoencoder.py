"""Facts stated on docs/autoencoders/autoencoder.md."""

import keras
import numpy as np
import pytest
from keras import layers
from sklearn.neighbors import KNeighborsClassifier


@pytest.fixture(scope="module")
def digits(snippet):
    return snippet("snippets/autoencoders/autoencoder_digits.py")


def test_output_shape_equals_input_shape(digits):
    ns = digits.namespace
    assert ns["reconstructions"].shape == ns["x_val"].shape
    assert ns["autoencoder"].output_shape == (None, 64)


def test_latent_code_has_the_bottleneck_size(digits):
    ns = digits.namespace
    assert ns["codes"].shape == (len(ns["x_val"]), ns["latent_size"]) == (297, 2)
    assert ns["encoder"].output_shape == (None, 2)


def test_sigmoid_output_stays_in_the_pixel_range(digits):
    ns = digits.namespace
    assert ns["x"].min() == 0.0 and ns["x"].max() == 1.0
    assert 0.0 <= ns["reconstructions"].min() and ns["reconstructions"].max() <= 1.0


def test_reconstruction_loss_is_the_mse_between_input_and_output(digits):
    ns = digits.namespace
    by_hand = np.mean((ns["x_val"] - ns["reconstructions"]) ** 2)
    keras_loss = ns["autoencoder"].evaluate(ns["x_val"], ns["x_val"], verbose=0)
    assert keras_loss == pytest.approx(by_hand, rel=1e-5)
    assert ns["history"]["val_loss"][-1] == pytest.approx(by_hand, rel=1e-5)


def test_the_loss_decreases(digits):
    history = digits.namespace["history"]
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert history["val_loss"][-1] < 0.6 * history["val_loss"][0]


def test_autoencoder_beats_predicting_the_mean_image(digits):
    ns = digits.namespace
    assert ns["val_mse"] < 0.7 * ns["baseline_mse"]
    train_mse = np.mean((ns["x_train"] - ns["autoencoder"].predict(ns["x_train"], verbose=0)) ** 2)
    assert train_mse < 0.7 * np.mean((ns["x_train"] - ns["mean_image"]) ** 2)


def test_latent_space_groups_digits_without_seeing_labels(digits):
    ns = digits.namespace
    train_codes = ns["encoder"].predict(ns["x_train"], verbose=0)
    knn = KNeighborsClassifier(5).fit(train_codes, ns["labels"][:1500])
    assert knn.score(ns["codes"], ns["labels"][1500:]) > 0.5  # chance is 0.1


def test_binary_crossentropy_also_works_as_reconstruction_loss(digits):
    ns = digits.namespace
    x, x_hat = ns["x_val"], ns["reconstructions"]
    by_hand = -np.mean(x * np.log(x_hat) + (1 - x) * np.log(1 - x_hat))
    keras_bce = keras.ops.convert_to_numpy(keras.losses.binary_crossentropy(x, x_hat)).mean()
    assert keras_bce == pytest.approx(by_hand, rel=1e-3)


def test_the_figures(digits):
    grid, latent, curve = digits.figures
    assert len(grid.axes) == 16
    assert latent.axes[0].get_title() == "Latent space: each validation digit's 2-D code"
    assert len(latent.axes) == 2  # scatter + colorbar
    assert [line.get_label() for line in curve.axes[0].get_lines()] == [
        "training", "validation", "mean-image baseline"]


# The sheet's code, as printed


def test_the_sheets_encoder_has_an_undefined_name():
    node_num = 32
    with pytest.raises(NameError, match="input_vvec_size"):
        layers.Dense(node_num, activation="relu", input_shape=(input_vvec_size,))  # noqa: F821 - the sheet's undefined name, on purpose


def test_input_shape_on_a_layer_is_deprecated_in_keras_3():
    with pytest.warns(UserWarning, match="Do not pass an `input_shape`"):
        layers.Dense(32, activation="relu", input_shape=(64,))


def test_the_sheets_decoder_cannot_reconstruct_its_input():
    node_num = 32  # any width other than the input size fails the same way
    encoder = keras.Sequential([keras.Input((64,)),
                                layers.Dense(node_num, activation="relu"),
                                layers.Dense(node_num, activation="relu")])
    decoder = keras.Sequential([layers.Dense(node_num, activation="relu"),
                                layers.Dense(node_num, activation="relu")])
    autoencoder = keras.Sequential([encoder, decoder])
    x = np.random.default_rng(0).uniform(size=(32, 64)).astype("float32")
    assert autoencoder(x).shape == (32, 32)  # not the input's shape
    autoencoder.compile("adam", "mse")
    with pytest.raises(ValueError, match="64 and 32"):
        autoencoder.fit(x, x, epochs=1, verbose=0)
    # and the sheet's "latent space" is as wide as the layer before it: no bottleneck
    assert encoder.layers[-1].units == encoder.layers[0].units


def test_relu_output_can_leave_the_pixel_range():
    keras.utils.set_random_seed(0)
    relu_out = layers.Dense(64, activation="relu")
    out = keras.ops.convert_to_numpy(relu_out(np.full((1, 4), 3.0, "float32")))
    assert out.max() > 1.0 and out.min() == 0.0  # unbounded above, stuck at 0 below


def test_every_output_pixel_is_in_0_1_because_the_decoder_ends_in_a_sigmoid(digits):
    last = digits.namespace["autoencoder"].layers[-1]
    while hasattr(last, "layers"):  # a nested decoder model
        last = last.layers[-1]
    assert last.activation is keras.activations.sigmoid
    z = np.linspace(-1e4, 1e4, 200_001, dtype="float32")
    s = keras.ops.convert_to_numpy(keras.activations.sigmoid(z))
    assert s.min() >= 0.0 and s.max() <= 1.0


def test_the_plot_separates_most_classes(digits):
    """Most of the ten digits are recognised from their 2-D code by 5 nearest neighbours."""
    ns = digits.namespace
    train_codes = ns["encoder"].predict(ns["x_train"], verbose=0)
    knn = KNeighborsClassifier(5).fit(train_codes, ns["labels"][:1500])
    predicted, truth = knn.predict(ns["codes"]), ns["labels"][1500:]
    recall = [np.mean(predicted[truth == c] == c) for c in range(10)]
    assert sum(r > 0.5 for r in recall) >= 6


def test_a_code_as_wide_as_the_input_can_copy_it_exactly():
    """No bottleneck: identity weights reconstruct every input, so the loss can reach 0."""
    encoder, decoder = layers.Dense(64), layers.Dense(64)
    model = keras.Sequential([keras.Input((64,)), encoder, decoder])
    for layer in (encoder, decoder):
        layer.set_weights([np.eye(64, dtype="float32"), np.zeros(64, "float32")])
    x = np.random.default_rng(0).uniform(size=(500, 64)).astype("float32")
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(model(x)), x)


def test_relu_is_never_negative_and_has_no_gradient_below_0():
    import tensorflow as tf

    z = tf.constant(np.linspace(-1e3, 1e3, 200_001, dtype="float32"))
    with tf.GradientTape() as tape:
        tape.watch(z)
        out = keras.activations.relu(z)
    grad = tape.gradient(out, z).numpy()
    out = out.numpy()
    assert out.min() == 0.0 and out.max() > 1.0
    assert (out[z.numpy() < 0] == 0).all() and (grad[z.numpy() < 0] == 0).all()


def test_mse_is_minimized_by_the_average():
    """Why MSE blurs: the constant with the lowest squared error is the mean of the targets."""
    rng = np.random.default_rng(0)
    for _ in range(20):
        pixels = rng.uniform(size=rng.integers(2, 50))
        candidates = np.linspace(0, 1, 10_001)
        errors = ((pixels[None, :] - candidates[:, None]) ** 2).mean(axis=1)
        assert abs(candidates[errors.argmin()] - pixels.mean()) <= 1e-4
