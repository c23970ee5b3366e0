"""The Thursday lab runs top to bottom and does what its text says."""

import re

import pytest


@pytest.fixture(scope="module")
def executed(lab):
    return lab("docs/labs/thursday_lstm.ipynb")


def _outputs(notebook, kind):
    return [output for cell in notebook["cells"] for output in cell.get("outputs", [])
            if output["output_type"] == kind]


def test_the_lstm_learns_the_key_token(executed):
    text = "".join("".join(o["text"]) for o in _outputs(executed, "stream"))
    accuracies = re.search(r"validation accuracy per epoch: \[([^\]]*)\]", text)[1].split()
    assert float(accuracies[-1]) > 0.95


def test_the_lab_draws_its_curve(executed):
    assert any("image/png" in o["data"] for o in _outputs(executed, "display_data"))
