"""Facts stated on docs/regularization/early_stopping.md."""

import inspect

import keras
import numpy as np
import pytest


@pytest.fixture(scope="module")
def curve(snippet):
    return snippet("snippets/regularization/early_stopping_curve.py")


def test_defaults_monitor_val_loss_patience_0_and_no_restoring():
    params = inspect.signature(keras.callbacks.EarlyStopping).parameters
    assert params["monitor"].default == "val_loss"
    assert params["patience"].default == 0
    assert params["restore_best_weights"].default is False
    assert params["min_delta"].default == 0 and params["mode"].default == "auto"


def test_training_stops_patience_epochs_after_the_best_one(curve):
    ns = curve.namespace
    history, stopper = ns["history"], ns["stopper"]
    assert len(history["loss"]) < 60
    assert ns["best"] == stopper.best_epoch
    assert stopper.stopped_epoch == stopper.best_epoch + stopper.patience
    assert stopper.stopped_epoch == len(history["loss"]) - 1  # 0-based


def test_restored_weights_are_those_of_the_best_epoch(curve):
    ns = curve.namespace
    assert ns["same_as_best"]
    assert ns["val_after_fit"] == pytest.approx(min(ns["history"]["val_loss"]), rel=1e-5)
    assert ns["history"]["val_loss"][-1] > min(ns["history"]["val_loss"])
    assert ("val loss of the model after fit == the lowest, to float32 precision: True"
            in curve.stdout)


def test_patience_zero_stops_earlier_at_a_worse_validation_loss(curve):
    ns = curve.namespace
    impatient, patient = ns["impatient"], ns["history"]
    assert len(impatient["loss"]) < ns["best"] + 1
    assert min(impatient["val_loss"]) > min(patient["val_loss"])


def test_the_figure_marks_the_best_and_the_stop_epoch(curve):
    (figure,) = curve.figures
    (ax,) = figure.axes
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["training loss", "validation loss", "best epoch (weights kept)",
                      "stop (best + patience)"]
    assert ax.get_lines()[2].get_xdata()[0] == curve.namespace["best"] + 1


def _tiny_fit(restore, patience, epochs):
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = rng.normal(size=(64, 1)).astype("float32")  # pure noise: val loss will rise
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(keras.optimizers.Adam(0.05), "mse")
    stopper = keras.callbacks.EarlyStopping(patience=patience, restore_best_weights=restore)
    history = model.fit(x[:32], y[:32], validation_data=(x[32:], y[32:]), epochs=epochs,
                        verbose=0, callbacks=[stopper]).history
    return model.evaluate(x[32:], y[32:], verbose=0), history, stopper


def test_keras_3_restores_the_best_weights_even_when_training_did_not_stop_early():
    after, history, stopper = _tiny_fit(restore=True, patience=100, epochs=15)
    assert stopper.stopped_epoch == 0 and len(history["val_loss"]) == 15  # never stopped
    assert history["val_loss"][-1] > min(history["val_loss"])
    assert after == pytest.approx(min(history["val_loss"]), rel=1e-5)


def test_without_restore_best_weights_you_keep_the_last_epochs_weights():
    after, history, stopper = _tiny_fit(restore=False, patience=3, epochs=50)
    assert stopper.stopped_epoch > 0
    assert after == pytest.approx(history["val_loss"][-1], rel=1e-5)
    assert after > min(history["val_loss"])
    assert stopper.stopped_epoch == int(np.argmin(history["val_loss"])) + 3  # patience past best


def test_the_sheets_command_runs_with_the_blanks_filled():
    import tensorflow as tf

    stopper = tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=5,
                                               restore_best_weights=True)
    assert isinstance(stopper, keras.callbacks.EarlyStopping)


def test_val_loss_without_validation_data_only_warns_and_never_stops():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss")  # no validation data
    with pytest.warns(UserWarning, match="which is not available"):
        history = model.fit(x, x[:, :1], epochs=4, verbose=0, callbacks=[stopper])
    assert len(history.history["loss"]) == 4 and stopper.stopped_epoch == 0


def test_mode_auto_maximizes_accuracy_and_minimizes_loss():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(32, 4)).astype("float32")
    y = (x[:, 0] > 0).astype("int32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    by_acc = keras.callbacks.EarlyStopping(monitor="val_accuracy")
    by_loss = keras.callbacks.EarlyStopping(monitor="val_loss")
    model.fit(x, y, validation_data=(x, y), epochs=1, verbose=0, callbacks=[by_acc, by_loss])
    assert by_acc.monitor_op is keras.ops.greater
    assert by_loss.monitor_op is keras.ops.less


@pytest.fixture(scope="module")
def monitor(snippet):
    return snippet("snippets/regularization/early_stopping_monitor.py")


@pytest.mark.parametrize("name", ["val_acc", "acc", "val_los", "los", "val_mae", "f1"])
def test_with_mode_auto_a_name_keras_cannot_classify_raises_value_error_in_epoch_1(monitor, name):
    outcome = monitor.namespace["fit_monitoring"](name)
    assert outcome.startswith("raises ValueError in epoch 1: EarlyStopping callback received")


@pytest.mark.parametrize("name", ["loss", "val_loss", "accuracy", "val_accuracy"])
def test_with_mode_auto_loss_and_compiled_metric_names_are_classified(monitor, name):
    outcome = monitor.namespace["fit_monitoring"](name)
    assert not outcome.startswith("raises") and not outcome.startswith("warns")


@pytest.mark.parametrize("name", ["val_loss", "val_accuracy"])
def test_a_classified_name_with_no_value_only_warns_and_trains_every_epoch(monitor, name):
    outcome = monitor.namespace["fit_monitoring"](name, with_validation=False)
    assert outcome == "warns, trains 3 of 3 epochs"


@pytest.mark.parametrize("mode", ["min", "max"])
@pytest.mark.parametrize("name", ["val_acc", "val_los", "f1"])
def test_with_mode_min_or_max_a_missing_name_only_warns_and_trains_every_epoch(monitor, mode,
                                                                               name):
    outcome = monitor.namespace["fit_monitoring"](name, mode=mode)
    assert outcome == "warns, trains 3 of 3 epochs"


def test_printed_outcomes(monitor):
    lines = monitor.stdout.splitlines()
    assert [line.split(":", 1)[1].strip() for line in lines[2:]] == [
        "warns, trains 3 of 3 epochs"] * 3
    assert all("raises ValueError in epoch 1" in line for line in lines[:2])


def test_early_stopping_reads_only_the_monitored_value():
    val_loss = [1.0, 0.8, 0.9, 0.85, 0.7, 0.75, 0.76, 0.77]

    def stop_epoch(train_loss):
        callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)
        model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
        callback.set_model(model)
        model.stop_training = False
        callback.on_train_begin()
        for epoch, (v, t) in enumerate(zip(val_loss, train_loss)):
            callback.on_epoch_end(epoch, {"val_loss": v, "loss": t})
            if model.stop_training:
                return epoch

    rng = np.random.default_rng(0)
    stops = {stop_epoch(rng.uniform(0, 5, len(val_loss))) for _ in range(20)}
    assert stops == {stop_epoch([0.0] * len(val_loss))} == {3}
