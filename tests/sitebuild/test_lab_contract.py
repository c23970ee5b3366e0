"""Rules every lab notebook follows (CONTRIBUTING.md, "Lab notebooks")."""

import json

import pytest

from tests.conftest import ROOT

LABS = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


@pytest.fixture(params=LABS, ids=lambda p: p.stem)
def notebook(request):
    return request.param, json.loads(request.param.read_text())


def test_source_keeps_no_outputs(notebook):
    """Outputs on the site come from the build, never from a saved notebook."""
    _, source = notebook
    assert all(not cell.get("outputs") and not cell.get("execution_count")
               for cell in source["cells"] if cell["cell_type"] == "code")


def test_markdown_cells_use_no_latex(notebook):
    """Lab pages carry no math renderer (no CDN), so LaTeX would show as source."""
    _, source = notebook
    for cell in source["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert "$" not in text and "\\(" not in text and "\\[" not in text


def test_lab_is_named_by_day_and_has_a_test(notebook):
    path, source = notebook
    assert path.stem.split("_")[0] in WEEKDAYS
    assert source["metadata"]["kernelspec"]["name"] == "python3"
    assert (ROOT / "tests" / "labs" / f"test_{path.stem}.py").is_file()
