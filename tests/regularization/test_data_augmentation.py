"""Facts stated on docs/regularization/data_augmentation.md."""

import keras
import numpy as np
import pytest
from keras import layers


@pytest.fixture(scope="module")
def images(snippet):
    return snippet("snippets/regularization/data_augmentation_images.py")


@pytest.fixture(scope="module")
def text(snippet):
    return snippet("snippets/regularization/data_augmentation_text.py")


def test_augmentation_changes_the_images_but_not_the_labels(images):
    ns = images.namespace
    assert np.array_equal(ns["y_aug"], ns["labels"][:8])
    assert not np.allclose(ns["x_aug"], ns["images"][:8], atol=0.05)
    assert ns["x_aug"].shape == ns["images"][:8].shape


def test_training_false_and_predict_are_no_ops(images):
    ns = images.namespace
    assert np.array_equal(ns["off"], ns["images"][:8])
    assert np.array_equal(ns["predicted"], ns["images"][:8].reshape(8, 64))
    assert "training=False returns the input unchanged: True" in images.stdout


@pytest.mark.parametrize("make", [
    lambda: layers.RandomFlip("horizontal"),
    lambda: layers.RandomRotation(0.1),
    lambda: layers.RandomTranslation(0.2, 0.2),
    lambda: layers.RandomZoom(0.2),
])
def test_unlike_dropout_a_plain_call_augments(make):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).random((4, 8, 8, 1)).astype("float32")
    layer = make()
    assert not np.array_equal(keras.ops.convert_to_numpy(layer(x)), x)
    assert np.array_equal(keras.ops.convert_to_numpy(layer(x, training=False)), x)


@pytest.mark.filterwarnings("ignore:The model does not have any trainable weights")
def test_fit_applies_the_augmentation():
    """A model whose loss is 0 only if its input reaches the output unchanged."""
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).random((64, 8, 8, 1)).astype("float32")
    model = keras.Sequential([keras.Input((8, 8, 1)), layers.RandomTranslation(0.25, 0.25),
                              layers.Flatten()])
    model.compile("sgd", "mse")
    assert model.evaluate(x, x.reshape(64, 64), verbose=0) == 0.0
    fit_loss = model.fit(x, x.reshape(64, 64), epochs=1, verbose=0).history["loss"][0]
    assert fit_loss > 0.01


def test_the_grid_shows_originals_and_five_augmentations(images):
    (figure,) = images.figures
    titles = [ax.get_title() for ax in figure.axes[:6]]
    assert titles == ["original"] + [f"augmented {i}" for i in range(1, 6)]
    assert len(figure.axes) == 24


def test_a_mirrored_digit_is_not_the_same_image():
    from sklearn.datasets import load_digits

    two = load_digits().images[2]
    assert not np.allclose(two, two[:, ::-1], atol=4)


def test_text_labels_are_kept_and_words_come_from_the_sentence_or_thesaurus(text):
    ns = text.namespace
    data, augmented, synonyms = ns["data"], ns["augmented"], ns["SYNONYMS"]
    assert [label for _, label in augmented] == [label for _, label in data for _ in range(2)]
    for (original, _), (new, _) in zip([d for d in data for _ in range(2)], augmented):
        allowed = set(original.split()) | {s for w in original.split()
                                           for s in synonyms.get(w, [])}
        assert set(new.split()) <= allowed
        assert 0 < len(new.split()) <= len(original.split())
    assert any(len(new.split()) < len(old.split())
               for (old, _), (new, _) in zip([d for d in data for _ in range(2)], augmented))
    swapped = {s for ss in synonyms.values() for s in ss}
    assert any(set(new.split()) & swapped for new, _ in augmented)


def test_text_augmentation_keeps_word_order(text):
    augment, synonyms = text.namespace["augment"], text.namespace["SYNONYMS"]
    sentence = "one two three four five six seven eight"
    for _ in range(20):
        words = augment(sentence).split()
        assert words == sorted(words, key=sentence.split().index)
    assert all(w not in synonyms for w in sentence.split())


def test_random_deletion_can_drop_a_negation_and_flip_the_meaning(text):
    augment = text.namespace["augment"]
    outputs = {augment("the plot was not great", p_delete=0.3) for _ in range(50)}
    assert any("not" not in out.split() and "great" in out.split() for out in outputs)


def test_a_six_turned_upside_down_looks_like_a_nine():
    from sklearn.datasets import load_digits

    digits = load_digits()
    mean = {d: digits.images[digits.target == d].mean(axis=0) for d in (6, 9)}
    turned = np.rot90(mean[6], 2)
    assert np.abs(turned - mean[9]).mean() < np.abs(turned - mean[6]).mean()


AUGMENTATION_LAYERS = {
    "AugMix": lambda: layers.AugMix(),
    "CutMix": lambda: layers.CutMix(),
    "MixUp": lambda: layers.MixUp(),
    "RandAugment": lambda: layers.RandAugment(),
    "RandomBrightness": lambda: layers.RandomBrightness(0.3),
    "RandomColorDegeneration": lambda: layers.RandomColorDegeneration(0.5),
    "RandomColorJitter": lambda: layers.RandomColorJitter(brightness_factor=0.3),
    "RandomContrast": lambda: layers.RandomContrast(0.5),
    "RandomCrop": lambda: layers.RandomCrop(8, 8),
    "RandomElasticTransform": lambda: layers.RandomElasticTransform(),
    "RandomErasing": lambda: layers.RandomErasing(),
    "RandomFlip": lambda: layers.RandomFlip(),
    "RandomGaussianBlur": lambda: layers.RandomGaussianBlur(),
    "RandomGrayscale": lambda: layers.RandomGrayscale(),
    "RandomHue": lambda: layers.RandomHue(0.5),
    "RandomInvert": lambda: layers.RandomInvert(),
    "RandomPerspective": lambda: layers.RandomPerspective(),
    "RandomPosterization": lambda: layers.RandomPosterization(4),
    "RandomRotation": lambda: layers.RandomRotation(0.2),
    "RandomSaturation": lambda: layers.RandomSaturation(0.5),
    "RandomSharpness": lambda: layers.RandomSharpness(0.5),
    "RandomShear": lambda: layers.RandomShear(0.3),
    "RandomTranslation": lambda: layers.RandomTranslation(0.2, 0.2),
    "RandomZoom": lambda: layers.RandomZoom(0.3),
}


def test_the_list_of_augmentation_layers_is_complete():
    found = {name for name in dir(layers) if name.startswith("Random")}
    found |= {"AugMix", "CutMix", "MixUp", "RandAugment"} & set(dir(layers))
    assert found == set(AUGMENTATION_LAYERS)


@pytest.mark.parametrize("name", sorted(AUGMENTATION_LAYERS))
def test_every_augmentation_layer_augments_on_a_plain_call_and_not_in_inference(name):
    keras.utils.set_random_seed(0)
    x = (np.random.default_rng(0).random((4, 16, 16, 3)) * 255).astype("float32")
    layer = AUGMENTATION_LAYERS[name]()
    plain = keras.ops.convert_to_numpy(layer(x))
    assert plain.shape != x.shape or not np.array_equal(plain, x)
    assert np.array_equal(keras.ops.convert_to_numpy(layer(x, training=False)), x)


def test_a_new_random_transformation_is_drawn_at_every_call(images):
    augment, batch = images.namespace["augment"], images.namespace["images"][:4]
    outputs = [keras.ops.convert_to_numpy(augment(batch, training=True)) for _ in range(10)]
    assert len({out.tobytes() for out in outputs}) == 10
