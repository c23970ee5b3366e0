"""How the build runs snippets: failures, time-outs, caching, parallelism, isolation."""

import re

import nbformat

from sitebuild import executor


def executed(build) -> list[str]:
    """Files the build actually ran (not taken from the cache)."""
    return re.findall(r"ran (\S+)\s+[\d.]+ s  ok", build.log)


def test_a_raising_snippet_fails_the_build_naming_file_and_line(project):
    bad = project.snippet("bad.py", """\
        x = 1
        y = x / 0
        """)
    project.page_showing("page.md", bad)
    build = project.build()
    assert build.returncode != 0
    assert "Snippet snippets/bad.py failed at line 2: y = x / 0" in build.log
    assert "ZeroDivisionError: division by zero" in build.log


def test_a_snippet_that_exits_non_zero_fails_the_build(project):
    project.page_showing("page.md", project.snippet("exits.py", "import sys\nsys.exit(3)\n"))
    build = project.build()
    assert build.returncode != 0
    assert "Snippet snippets/exits.py exited with status 3" in build.log


def test_a_slow_snippet_is_stopped_and_named(project):
    slow = project.snippet("slow.py", "import time\ntime.sleep(600)\n")
    project.page_showing("page.md", slow)
    build = project.build(CHEATSHEET_TIMEOUT="3")  # the fixture's own timeout would hit at 900 s
    assert build.returncode != 0
    assert "Snippet snippets/slow.py timed out: still running after 3 s (killed)" in build.log


def test_a_missing_snippet_fails_the_build(project):
    project.page_showing("page.md", "snippets/nowhere.py")
    build = project.build()
    assert build.returncode != 0
    assert "snippets/nowhere.py" in build.log


def test_a_failing_notebook_fails_the_build_naming_the_cell(project):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("a = 1"),
                      nbformat.v4.new_code_cell("raise RuntimeError('lab is broken')")]
    nbformat.write(notebook, project.root / "docs" / "lab.ipynb")
    build = project.build()
    assert build.returncode != 0
    assert "Notebook docs/lab.ipynb failed in cell 2" in build.log
    assert "RuntimeError: lab is broken" in build.log


def test_output_and_figures_appear_under_the_code(project):
    plot = project.snippet("plot.py", """\
        import matplotlib.pyplot as plt
        print("drawing two figures")
        plt.plot([1, 2, 3])
        plt.title("first")
        plt.show()
        plt.figure()
        plt.bar([1, 2], [3, 4])
        plt.title("second")
        """)  # the second figure is never shown: the build still captures it
    project.page_showing("page.md", plot)
    build = project.build()
    assert build.returncode == 0, build.log
    html = (build.site / "page" / "index.html").read_text()
    assert "drawing two figures" in html
    assert 'alt="Figure 1 of plot.py: first"' in html
    assert 'alt="Figure 2 of plot.py: second"' in html
    for number in (1, 2):
        for suffix in ("", "-dark"):  # each figure, and its dark variant (sitebuild/dark.py)
            svg = (build.site / "assets" / "exec" / f"plot-{number}{suffix}.svg").read_text()
            assert svg.startswith("<svg") and "<metadata>" not in svg
            thumbnail = (build.site / "assets" / "exec" / f"plot-{number}-thumb{suffix}.webp")
            assert thumbnail.read_bytes()[8:12] == b"WEBP"  # the gallery's (sitebuild/thumbs.py)


def test_a_page_can_show_a_named_section_while_the_whole_file_runs(project):
    project.snippet("parts.py", """\
        setup = "hidden"
        # --8<-- [start:shown]
        print("from the shown part")
        # --8<-- [end:shown]
        print("from the rest,", setup)
        """)
    project.page("page.md", '# Page\n\n```python\n--8<-- "snippets/parts.py:shown"\n```\n')
    build = project.build()
    assert build.returncode == 0, build.log
    text = (build.site / "page" / "index.html").read_text()
    assert "Output of parts.py" in text
    assert "from the rest, hidden" in text  # printed by code outside the section
    assert "setup =" not in text  # ... which the page does not show


def test_cache_reruns_only_what_changed(project):
    project.snippet("helper.py", "GREETING = 'hello'\n")
    uses_helper = project.snippet("uses_helper.py", "from helper import GREETING\nprint(GREETING)\n")
    alone = project.snippet("alone.py", "print('alone')\n")
    project.page_showing("page.md", uses_helper, alone)

    cold = project.build()
    assert sorted(executed(cold)) == [alone, uses_helper], cold.log

    warm = project.build()
    assert executed(warm) == [], warm.log
    assert "Executing" not in warm.log

    (project.root / alone).write_text("print('alone, edited')\n")
    assert executed(project.build()) == [alone]

    (project.root / "snippets" / "helper.py").write_text("GREETING = 'hi'\n")
    after_helper = project.build()
    assert executed(after_helper) == [uses_helper]
    assert ">hi\n" in (after_helper.site / "page" / "index.html").read_text()

    (project.root / "requirements.lock").write_text("keras==0.0\n")
    assert sorted(executed(project.build())) == [alone, uses_helper]


def test_snippets_run_from_a_scratch_folder(project):
    writer = project.snippet("writer.py", """\
        from pathlib import Path
        Path("scratch.txt").write_text("x")
        print(Path.cwd().name.startswith("snippet-cwd-"))
        """)
    project.page_showing("page.md", writer)
    build = project.build()
    assert build.returncode == 0, build.log
    assert not list(project.root.rglob("scratch.txt"))
    assert not list((project.root / "snippets").rglob("__pycache__"))
    assert ">True\n" in (build.site / "page" / "index.html").read_text()


def test_two_snippets_run_at_once_with_tensorflow_already_imported(tmp_path):
    snippets = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.py"
        path.write_text("import time\ntime.sleep(2)\n")
        snippets.append(path)
    first, second = executor.run_many(snippets, tmp_path, timeout=60, jobs=2)
    assert first.ok and second.ok
    assert first.preloaded and second.preloaded
    # each started before the other had finished
    assert second.started < first.started + first.seconds
    assert first.started < second.started + second.seconds


def test_timeout_kills_the_child(tmp_path):
    path = tmp_path / "forever.py"
    path.write_text("while True:\n    pass\n")
    (result,) = executor.run_many([path], tmp_path, timeout=2, jobs=1)
    assert not result.ok
    assert "timed out" in result.error


def test_executor_records_what_a_snippet_read(tmp_path):
    (tmp_path / "data.txt").write_text("42")
    path = tmp_path / "reader.py"
    path.write_text("from pathlib import Path\n"
                    "print(Path(__file__).with_name('data.txt').read_text())\n")
    (result,) = executor.run_many([path], tmp_path, timeout=60, jobs=1)
    assert result.ok and result.stdout == "42\n"
    assert result.deps == ["data.txt"]
