"""The Thursday lab runs top to bottom and does what its text says."""

import json
import re
from pathlib import Path

import pytest

from sitebuild.executor import run_notebook

ROOT = Path(__file__).resolve().parents[2]
LAB = ROOT / "docs/labs/thursday_lstm.ipynb"


@pytest.fixture(scope="module")
def executed():
    result = run_notebook(LAB, ROOT, timeout=120)
    assert result.ok, result.error
    return json.loads(result.notebook)


def _outputs(notebook, kind):
    return [output for cell in notebook["cells"] for output in cell.get("outputs", [])
            if output["output_type"] == kind]


def test_the_lstm_learns_the_key_token(executed):
    text = "".join("".join(o["text"]) for o in _outputs(executed, "stream"))
    accuracies = re.search(r"validation accuracy per epoch: \[([^\]]*)\]", text)[1].split()
    assert float(accuracies[-1]) > 0.95


def test_the_lab_draws_its_curve(executed):
    assert any("image/png" in o["data"] for o in _outputs(executed, "display_data"))


def test_the_source_notebook_keeps_no_outputs():
    """Outputs on the site come from the build, never from a saved notebook."""
    source = json.loads(LAB.read_text())
    assert all(not cell.get("outputs") for cell in source["cells"] if cell["cell_type"] == "code")
