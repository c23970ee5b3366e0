"""Predict the output: each answer is what the build's run of the snippet printed, never typed."""

import html
import json
import re

import pytest
from mkdocs.exceptions import PluginError

from sitebuild import formats, predict
from sitebuild.executor import Result
from tests.conftest import CONCEPT_PAGES, DOCS

PAGE = """# Page

```python
--8<-- "snippets/x/shapes.py"
```

## Predict the output

<!-- predict: snippets/x/shapes.py | What shape does the layer return? | ^output shape: -->

<!-- predict: snippets/x/shapes.py | Which two lines say shape? | shape -->
"""
STDOUT = "input shape: (2, 5)\noutput shape: (2, 5, 3)   \nparameters: 30\n"


def result(stdout: str) -> Result:
    return Result("snippets/x/shapes.py", ok=True, stdout=stdout)


def test_filler_puts_the_matching_lines_of_the_output_in_a_folded_question():
    filled = predict.fill(PAGE, {"snippets/x/shapes.py": result(STDOUT)}, "x/page.md")
    assert "<!-- predict" not in filled
    first, second = filled.split("??? question predict ")[1:]
    assert first.startswith('"What shape does the layer return?"\n\n')
    assert "\n    ```text\n    output shape: (2, 5, 3)\n    ```\n" in first
    assert "input shape" not in first and "parameters" not in first
    assert "\n    ```text\n    input shape: (2, 5)\n    output shape: (2, 5, 3)\n    ```\n" in second


def test_filler_fails_naming_page_and_snippet_when_the_pattern_matches_nothing():
    with pytest.raises(PluginError, match=r"x/page\.md: .*snippets/x/shapes\.py.*matches no line"):
        predict.fill(PAGE, {"snippets/x/shapes.py": result("nothing to see\n")}, "x/page.md")


def test_filler_refuses_a_snippet_the_page_does_not_show():
    page = "# Page\n\n<!-- predict: snippets/x/shapes.py | What? | shape -->\n"
    with pytest.raises(PluginError, match="does not show"):
        predict.fill(page, {"snippets/x/shapes.py": result(STDOUT)}, "x/page.md")


def test_filler_without_execution_says_so_instead_of_failing():
    filled = predict.fill(PAGE, {}, "x/page.md", executed=False)
    assert filled.count("CHEATSHEET_EXECUTE=0") == 2


def test_a_marker_whose_pattern_matches_nothing_fails_the_build_naming_the_file(project):
    snippet = project.snippet("shapes.py", 'print("output shape: (2, 3)")\n')
    project.page("page.md", f'# Page\n\n```python\n--8<-- "{snippet}"\n```\n\n'
                            f"<!-- predict: {snippet} | What shape? | ^no such line -->\n")
    build = project.build()
    assert build.returncode != 0
    assert re.search(r"page\.md: predict marker for snippets/shapes\.py: the pattern "
                     r"'\^no such line' matches no line", build.log), build.log


# Folded: no `open` attribute.
PREDICT_BLOCK = re.compile(r'<details class="question predict">\s*<summary>(?P<question>.*?)'
                           r"</summary>(?P<body>.*?)</details>", re.DOTALL)


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_every_concept_page_shows_folded_predict_answers_that_are_its_build_output(site_build):
    """Read back from the build: the page's HTML and the output the build captured (its cache)."""
    problems = []
    for page in CONCEPT_PAGES:
        rel = page.relative_to(DOCS).with_suffix("")
        shown = (site_build.site / rel / "index.html").read_text()
        blocks = list(PREDICT_BLOCK.finditer(shown))
        markers = formats.predict_markers(page.read_text())
        if not markers:
            problems.append(f"{rel}: no predict question")
        if len(blocks) != len(markers):
            problems.append(f"{rel}: {len(markers)} markers, {len(blocks)} folded questions")
            continue
        for marker, block in zip(markers, blocks):
            captured = json.loads((site_build.cache / "results" / marker.path / "result.json")
                                  .read_text())["stdout"]
            expected = [line.rstrip() for line in captured.splitlines()
                        if re.search(marker.pattern, line)]
            answer = re.search(r"<pre[^>]*>(?:<span></span>)?<code[^>]*>(.*?)</code></pre>",
                               block["body"], re.DOTALL)
            got = text(answer[1]).rstrip("\n").split("\n") if answer else None
            if text(block["question"]).strip() != text(formats_inline(marker.question)):
                problems.append(f"{rel}: question {text(block['question'])!r}")
            if not expected or got != expected:
                problems.append(f"{rel}: {marker.path}: shows {got}, the build printed {expected}")
    assert not problems, "\n".join(problems)


def formats_inline(question: str) -> str:
    """The question as the page shows it: inline code loses its backticks."""
    return re.sub(r"`([^`]*)`", r"\1", question)
