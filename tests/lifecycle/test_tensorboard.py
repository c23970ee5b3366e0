"""Facts stated on docs/lifecycle/tensorboard.md."""

import json
import os
import shlex
import subprocess
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf
from tensorboard.backend.event_processing.event_multiplexer import EventMultiplexer

TENSORBOARD = os.path.join(os.path.dirname(sys.executable), "tensorboard")


@pytest.fixture(scope="module")
def read_logs(snippet):
    return snippet("snippets/lifecycle/tensorboard_read_logs.py")


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """A `logs` folder with two runs, as two experiments would leave it."""
    logs = tmp_path_factory.mktemp("logs")
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    for run in ("run_a", "run_b"):
        model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
        model.compile("sgd", "mse")
        model.fit(x, x[:, :1], validation_split=0.25, epochs=2, verbose=0,
                  callbacks=[keras.callbacks.TensorBoard(log_dir=str(logs / run))])
    return logs


def _runs(folder):
    multiplexer = EventMultiplexer(size_guidance={"tensors": 0}).AddRunsFromDirectory(str(folder))
    multiplexer.Reload()
    return sorted(multiplexer.Runs())


def test_the_event_files_hold_exactly_the_history(read_logs):
    ns = read_logs.namespace
    assert ns["logged"] == ns["history"]
    assert "event files == history.history: True" in read_logs.stdout


def test_fit_writes_a_train_and_a_validation_run(read_logs):
    assert sorted(read_logs.namespace["runs"].Runs()) == [
        "digits_mlp/train", "digits_mlp/validation"]


def test_the_keras_tag_holds_the_model_config(read_logs):
    runs = read_logs.namespace["runs"]
    (event,) = runs.Tensors("digits_mlp/train", "keras")
    config = json.loads(tf.make_ndarray(event.tensor_proto).item())
    assert config["class_name"] == "Sequential"


def test_pointing_at_the_parent_folder_shows_every_run(two_runs):
    assert _runs(two_runs) == ["run_a/train", "run_a/validation",
                               "run_b/train", "run_b/validation"]
    assert _runs(two_runs / "run_a") == ["train", "validation"]  # one run only


def test_the_launch_command_finds_the_event_files(two_runs):
    # `--inspect` reads the logs like the server would, then exits instead of serving
    result = subprocess.run([TENSORBOARD, "--inspect", "--logdir", str(two_runs)],
                            capture_output=True, text=True, timeout=120, check=True)
    for run in ("run_a", "run_b"):
        assert str(two_runs / run / "train") in result.stdout


def test_the_sheets_curly_quotes_become_part_of_the_path():
    (_, flag) = shlex.split("tensorboard --logdir=’logs/subdir’")  # as a POSIX shell splits
    assert flag == "--logdir=’logs/subdir’"  # not logs/subdir: the ’ are kept


def test_the_sheets_tensorboard_spelling_is_an_attribute_error():
    with pytest.raises(AttributeError):
        tf.keras.callbacks.Tensorboard(log_dir="./logs")  # the sheet's line
    with pytest.raises(AttributeError):
        keras.callbacks.Tensorboard  # noqa: B018 - the access is what raises
    assert tf.keras.callbacks.TensorBoard is keras.callbacks.TensorBoard


def test_the_figure_plots_train_and_validation_for_loss_and_accuracy(read_logs):
    (figure,) = read_logs.figures
    assert [ax.get_title() for ax in figure.axes] == [
        "epoch_loss, read from the event files", "epoch_accuracy, read from the event files"]
    for ax in figure.axes:
        assert [line.get_label() for line in ax.get_lines()] == ["train", "validation"]


def _fit_with(log_dir, **callback_args):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    model.fit(x, x[:, :1], batch_size=16, epochs=2, verbose=0,
              callbacks=[keras.callbacks.TensorBoard(log_dir=str(log_dir), **callback_args)])


def test_reusing_a_log_dir_mixes_two_runs_in_one(tmp_path):
    _fit_with(tmp_path / "same")
    _fit_with(tmp_path / "same")
    assert len(os.listdir(tmp_path / "same" / "train")) == 2  # two event files, one run
    multiplexer = EventMultiplexer(size_guidance={"tensors": 0}).AddRunsFromDirectory(str(tmp_path))
    multiplexer.Reload()
    steps = [event.step for event in multiplexer.Tensors("same/train", "epoch_loss")]
    assert sorted(steps) == [0, 0, 1, 1]  # each epoch twice: one tangled curve


def test_defaults_one_point_per_epoch_and_no_histograms():
    callback = keras.callbacks.TensorBoard()
    assert callback.update_freq == "epoch"
    assert callback.histogram_freq == 0
    assert callback.write_graph is True


def test_update_freq_adds_batch_level_points(tmp_path):
    _fit_with(tmp_path / "per_batch", update_freq=1)
    multiplexer = EventMultiplexer(size_guidance={"tensors": 0}).AddRunsFromDirectory(str(tmp_path))
    multiplexer.Reload()
    assert len(multiplexer.Tensors("per_batch/train", "batch_loss")) == 2 * 4  # 64/16 batches


def test_histogram_freq_logs_weight_histograms(tmp_path):
    _fit_with(tmp_path / "hist", histogram_freq=1)
    multiplexer = EventMultiplexer(size_guidance={"tensors": 0}).AddRunsFromDirectory(str(tmp_path))
    multiplexer.Reload()
    tags = multiplexer.Runs()["hist/train"]["tensors"]
    assert any("kernel" in tag for tag in tags), tags


@pytest.mark.filterwarnings("ignore:html5lib's sanitizer is deprecated:DeprecationWarning")
def test_default_port_and_notebook_magic():
    import tensorboard
    from tensorboard.plugins.core.core_plugin import DEFAULT_PORT

    assert DEFAULT_PORT == 6006
    assert callable(tensorboard.load_ipython_extension)  # what `%load_ext tensorboard` calls


def test_tensorflow_does_not_depend_on_tensorboard_and_the_callback_needs_it(tmp_path):
    from importlib.metadata import PackageNotFoundError, requires

    for distribution in ("tensorflow-cpu", "tensorflow"):
        try:
            assert not [r for r in requires(distribution) or [] if "tensorboard" in r]
        except PackageNotFoundError:
            continue
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'tensorboard':\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import keras, numpy as np\n"
        "m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
        "m.compile('sgd', 'mse')\n"
        "x = np.zeros((8, 3), 'float32')\n"
        f"m.fit(x, x[:, :1], verbose=0, callbacks=[keras.callbacks.TensorBoard({str(tmp_path)!r})])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "TensorBoard is not installed" in result.stderr


def test_without_size_guidance_only_ten_points_per_tag_are_kept(read_logs):
    logs = read_logs.namespace["logs"]
    assert len(read_logs.namespace["logged"]["loss"]) == 12
    sampled = EventMultiplexer().AddRunsFromDirectory(logs)
    sampled.Reload()
    assert len(sampled.Tensors("digits_mlp/train", "epoch_loss")) == 10


def _reload(folder):
    multiplexer = EventMultiplexer(size_guidance={"tensors": 0}).AddRunsFromDirectory(str(folder))
    multiplexer.Reload()
    return multiplexer


def test_every_compiled_metric_gets_a_tag_and_validation_only_with_validation_data(tmp_path):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae", "mse", keras.metrics.RootMeanSquaredError()])
    for run, extra in [("with_val", {"validation_split": 0.25}), ("without_val", {})]:
        model.fit(x, x[:, :1], epochs=2, verbose=0, **extra,
                  callbacks=[keras.callbacks.TensorBoard(log_dir=str(tmp_path / run))])
    runs = _reload(tmp_path)
    assert sorted(runs.Runs()) == ["with_val/train", "with_val/validation", "without_val/train"]
    metrics = {"epoch_loss", "epoch_mae", "epoch_mse", "epoch_root_mean_squared_error"}
    assert metrics | {"epoch_learning_rate", "keras"} == set(
        runs.Runs()["with_val/train"]["tensors"])
    again = {tag.replace("epoch_", "evaluation_") + "_vs_iterations" for tag in metrics}
    assert metrics | again == set(runs.Runs()["with_val/validation"]["tensors"])
    for tag in metrics:  # the same values again, against the training step instead of the epoch
        by_epoch = runs.Tensors("with_val/validation", tag)
        by_step = runs.Tensors("with_val/validation",
                               tag.replace("epoch_", "evaluation_") + "_vs_iterations")
        assert ([tf.make_ndarray(e.tensor_proto).item() for e in by_epoch]
                == [tf.make_ndarray(e.tensor_proto).item() for e in by_step])
        assert [e.step for e in by_step] == [2, 4]  # 2 batches per epoch


def test_update_freq_n_adds_a_point_every_n_batches(tmp_path):
    """Fits of 2 epochs x 4 batches, one per N."""
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    frequencies = (1, 2, 3, 4, 8)
    for n in frequencies:  # one TensorBoard callback per fit: they share a summary writer
        model.fit(x, x[:, :1], batch_size=16, epochs=2, verbose=0, callbacks=[
            keras.callbacks.TensorBoard(log_dir=str(tmp_path / f"every_{n}"), update_freq=n)])
    runs = _reload(tmp_path)
    for n in frequencies:
        assert len(runs.Tensors(f"every_{n}/train", "batch_loss")) == 8 // n


def test_histogram_freq_1_logs_every_epoch(tmp_path):
    _fit_with(tmp_path / "hist", histogram_freq=1)
    runs = _reload(tmp_path)
    tag = next(t for t in runs.Runs()["hist/train"]["tensors"] if "kernel" in t)
    assert [event.step for event in runs.Tensors("hist/train", tag)] == [0, 1]


def test_event_accumulator_also_keeps_only_ten_points_by_default(read_logs):
    import warnings

    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    train = os.path.join(read_logs.namespace["logs"], "digits_mlp", "train")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the loss of epochs is silent
        accumulator = EventAccumulator(train).Reload()
    assert len(accumulator.Tensors("epoch_loss")) == 10
    assert len(EventAccumulator(train, size_guidance={"tensors": 0}).Reload().Tensors(
        "epoch_loss")) == 12
