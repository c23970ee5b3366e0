"""The Monday lab runs top to bottom and does what its text says."""

import re

import pytest


@pytest.fixture(scope="module")
def executed(lab):
    return lab("docs/labs/monday_tensorboard_autoencoder.ipynb")


def _outputs(notebook, kind):
    return [output for cell in notebook["cells"] for output in cell.get("outputs", [])
            if output["output_type"] == kind]


def _text(notebook):
    return "".join("".join(o["text"]) for o in _outputs(notebook, "stream")
                   if o.get("name") == "stdout")


def test_the_callback_writes_train_and_validation_logs(executed):
    text = _text(executed)
    assert "files written: ['train', 'validation']" in text
    assert "runs: ['latent_8/train', 'latent_8/validation']" in text


def test_the_logged_loss_is_the_history_and_goes_down(executed):
    text = _text(executed)
    assert "logged loss equals history: True" in text
    losses = [float(v) for v in re.search(r"training loss per epoch: \[([^\]]*)\]", text)[1].split()]
    assert len(losses) == 15
    assert losses[-1] < 0.6 * losses[0]


def test_reconstructions_beat_the_mean_image(executed):
    text = _text(executed)
    autoencoder = float(re.search(r"validation MSE, autoencoder: ([\d.]+)", text)[1])
    mean_image = float(re.search(r"validation MSE, mean image: +([\d.]+)", text)[1])
    assert autoencoder < mean_image


def test_the_lab_draws_the_curve_and_the_reconstructions(executed):
    images = [o for o in _outputs(executed, "display_data") if "image/png" in o["data"]]
    assert len(images) == 2
