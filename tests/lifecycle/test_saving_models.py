"""Facts stated on docs/lifecycle/saving_models.md."""

import os

import keras
import numpy as np
import pytest
from keras import layers

pytestmark = pytest.mark.filterwarnings(
    "ignore:You are saving your model as an HDF5 file")


@pytest.fixture(scope="module")
def formats(snippet):
    return snippet("snippets/lifecycle/saving_models_formats.py")


@pytest.fixture(scope="module")
def pitfalls(snippet):
    return snippet("snippets/lifecycle/saving_models_pitfalls.py")


@pytest.fixture(scope="module")
def custom_layer(snippet):
    return snippet("snippets/lifecycle/saving_models_custom_layer.py")


@pytest.fixture(scope="module")
def checkpoint(snippet):
    return snippet("snippets/lifecycle/saving_models_checkpoint.py")


def _small_model():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(1)])
    model.compile("adam", loss="mse")
    return model


def test_every_format_round_trips_with_the_same_predictions(formats):
    same = formats.namespace["same"]
    assert list(same) == [".keras + load_model", ".weights.h5 + load_weights",
                          "export + tf.saved_model.load"]
    assert all(same.values())


def test_the_keras_file_restores_the_optimizer_state(formats):
    original, restored = formats.namespace["steps"]
    assert original == restored > 0


def test_the_export_has_a_serve_endpoint(formats):
    served = formats.namespace["served"]
    assert "serve" in served.signatures


def test_load_model_does_not_read_an_exported_savedmodel(formats):
    folder = formats.namespace["folder"]
    with pytest.raises(ValueError, match="legacy SavedModel format is not supported"):
        keras.saving.load_model(os.path.join(folder, "exported"))


def test_the_sheets_save_to_a_folder_raises(tmp_path):
    with pytest.raises(ValueError, match="Invalid filepath extension for saving"):
        _small_model().save(str(tmp_path / "model_dir"))  # the sheet's line


def test_the_sheets_weights_file_name_raises(tmp_path):
    with pytest.raises(ValueError, match=r"must end in `\.weights\.h5`"):
        _small_model().save_weights(str(tmp_path / "weights.h5"))  # the sheet's line


def test_a_weights_file_is_not_a_model(pitfalls):
    lines = pitfalls.stdout.splitlines()
    assert lines[lines.index("load_model('model.weights.h5')") + 1].startswith(
        "    ValueError: No model config found")
    assert lines[lines.index("other architecture .load_weights(...)") + 1].startswith(
        "    ValueError")


def test_legacy_h5_with_a_string_loss_fails_to_load_unless_compile_false(tmp_path):
    model = _small_model()  # compiled with loss="mse"
    path = str(tmp_path / "model.h5")
    model.save(path)
    with pytest.raises(ValueError, match="Could not deserialize 'keras.metrics.mse'"):
        keras.saving.load_model(path)
    restored = keras.saving.load_model(path, compile=False)
    x = np.ones((2, 4), "float32")
    np.testing.assert_array_equal(restored.predict(x, verbose=0), model.predict(x, verbose=0))


def test_the_pitfalls_output_matches(pitfalls):
    text = pitfalls.stdout
    assert "model.save('model_dir')\n    ValueError: Invalid filepath extension" in text
    assert "load_model('model.h5', compile=False)\n    ok" in text


def test_registered_custom_layer_loads_back(custom_layer):
    ns = custom_layer.namespace
    assert keras.saving.get_registered_name(ns["Rescale"]) == "cheatsheet>Rescale"
    assert isinstance(ns["restored"].layers[-1], ns["Rescale"])
    assert ns["restored"].layers[-1].factor == 10.0
    assert "same predictions: True" in custom_layer.stdout


def test_unregistered_custom_layer_fails_to_load(custom_layer):
    ns = custom_layer.namespace
    with pytest.raises(TypeError, match="Could not locate class 'Unregistered'"):
        keras.saving.load_model(ns["plain_path"])
    assert "unregistered: TypeError, True" in custom_layer.stdout


def test_get_config_is_required_for_arguments_that_are_not_plain_values(tmp_path):
    class TakesAnArray(layers.Layer):  # no get_config
        def __init__(self, weights, **kwargs):
            super().__init__(**kwargs)
            self.fixed = weights

        def call(self, inputs):
            return inputs * self.fixed

    model = keras.Sequential([keras.Input((3,)), TakesAnArray(np.ones(3, "float32"))])
    with pytest.raises(NotImplementedError, match="must override `get_config\\(\\)`"):
        model.save(str(tmp_path / "array.keras"))


def test_checkpoint_writes_a_file_only_when_val_loss_improves(checkpoint):
    ns = checkpoint.namespace
    val_loss = ns["val_loss"]
    expected = [f"model_{epoch:02d}_{val_loss[epoch - 1]:.2f}.keras" for epoch in ns["improved"]]
    assert ns["written"] == expected
    assert len(ns["written"]) < len(val_loss)  # some epochs did not improve: no file


def test_early_stopping_stopped_and_restored_the_best_epoch(checkpoint):
    ns = checkpoint.namespace
    assert len(ns["val_loss"]) < 20  # stopped before the last epoch
    best_epoch = int(np.argmin(ns["val_loss"])) + 1
    assert ns["improved"][-1] == best_epoch
    assert len(ns["val_loss"]) == best_epoch + ns["early_stopping"].patience
    assert ns["same"]  # the model in memory is the best checkpoint


def test_checkpoint_defaults():
    callback = keras.callbacks.ModelCheckpoint("m.keras")
    assert callback.monitor == "val_loss"
    assert callback.save_best_only is False
    with pytest.raises(ValueError, match="weights.h5"):
        keras.callbacks.ModelCheckpoint("w.h5", save_weights_only=True)


def test_the_checkpoint_figure(checkpoint):
    (figure,) = checkpoint.figures
    labels = [line.get_label() for line in figure.axes[0].get_lines()]
    assert labels == ["val_loss", "checkpoint written"]


def test_tf_keras_load_model_is_keras_saving_load_model():
    import tensorflow as tf

    assert tf.keras.models.load_model is keras.saving.load_model


def test_the_export_is_inference_only(formats):
    served = formats.namespace["served"]
    assert not hasattr(served, "fit") and not hasattr(served, "predict")


def test_checkpoint_mode_defaults_to_auto():
    assert keras.callbacks.ModelCheckpoint("m.keras").mode == "auto"


def _checkpoint_direction(tmp_path, monitor):
    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int32")
    model = keras.Sequential([keras.Input((4,)), layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    checkpoint = keras.callbacks.ModelCheckpoint(str(tmp_path / "m.keras"), monitor=monitor,
                                                 save_best_only=True)
    model.fit(x, y, validation_data=(x, y), epochs=1, verbose=0, callbacks=[checkpoint])
    return checkpoint.monitor_op


def test_checkpoint_mode_auto_minimizes_a_loss_and_maximizes_accuracy(tmp_path):
    assert _checkpoint_direction(tmp_path, "val_loss") is keras.ops.less
    assert _checkpoint_direction(tmp_path, "val_accuracy") is keras.ops.greater


@pytest.mark.parametrize("monitor", ["val_acc", "val_los", "f1"])
def test_checkpoint_mode_auto_raises_for_a_name_it_cannot_classify(tmp_path, monitor):
    with pytest.raises(ValueError, match="isn't able to automatically determine"):
        _checkpoint_direction(tmp_path, monitor)


def _trained_weights_file(tmp_path, compiled):
    keras.utils.set_random_seed(0)
    model = _small_model() if compiled else keras.Sequential(
        [keras.Input((4,)), layers.Dense(8), layers.Dense(1)])
    if compiled:
        x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
        model.fit(x, x[:, :1], epochs=2, verbose=0)
    path = str(tmp_path / "m.weights.h5")
    model.save_weights(path)
    return model, path


def _stored_groups(path):
    import h5py

    with h5py.File(path) as stored:
        return sorted(stored.keys()), len(stored["optimizer/vars"]) if "optimizer" in stored else 0


def test_a_compiled_models_weights_file_also_holds_every_optimizer_variable(tmp_path):
    model, path = _trained_weights_file(tmp_path, compiled=True)
    groups, optimizer_vars = _stored_groups(path)
    assert "layers" in groups and "optimizer" in groups
    assert optimizer_vars == len(model.optimizer.variables) > 0


def test_an_uncompiled_models_weights_file_holds_no_optimizer(tmp_path):
    _, path = _trained_weights_file(tmp_path, compiled=False)
    groups, optimizer_vars = _stored_groups(path)
    assert "layers" in groups and "optimizer" not in groups and optimizer_vars == 0


def test_the_printed_groups_show_the_optimizer_in_the_weights_file(formats):
    assert "groups in model.weights.h5: ['layers', 'optimizer', 'vars']" in formats.stdout
    assert formats.namespace["weight_groups"] == ["layers", "optimizer", "vars"]


def test_loading_into_a_freshly_compiled_model_warns_and_skips_the_optimizer(tmp_path):
    model, path = _trained_weights_file(tmp_path, compiled=True)
    fresh = _small_model()
    with pytest.warns(UserWarning, match="Skipping variable loading for optimizer"):
        fresh.load_weights(path)
    assert int(fresh.optimizer.iterations) == 0 < int(model.optimizer.iterations)
    for loaded, saved in zip(fresh.weights, model.weights):
        np.testing.assert_array_equal(loaded.numpy(), saved.numpy())  # the layers did load


def test_building_the_optimizer_first_loads_its_state_without_a_warning(tmp_path):
    import warnings

    model, path = _trained_weights_file(tmp_path, compiled=True)
    resumed = _small_model()
    resumed.optimizer.build(resumed.trainable_variables)
    assert len(resumed.optimizer.variables) == len(model.optimizer.variables)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        resumed.load_weights(path)
    for loaded, saved in zip(resumed.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(loaded.numpy(), saved.numpy())


def test_loading_into_an_uncompiled_model_reads_the_layers(formats):
    rebuilt, model = formats.namespace["rebuilt"], formats.namespace["model"]
    assert getattr(rebuilt, "optimizer", None) is None
    assert len(rebuilt.weights) == len(model.weights)
    for loaded, saved in zip(rebuilt.weights, model.weights):
        np.testing.assert_array_equal(loaded.numpy(), saved.numpy())
