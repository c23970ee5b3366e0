"""The GitHub Actions workflows: tests on every push and pull request, publish only what passed.

Neither can run here; these check the files say what the README says they do.
"""

import re

import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
TESTS = yaml.safe_load((WORKFLOWS / "tests.yml").read_text())
PUBLISH = yaml.safe_load((WORKFLOWS / "publish.yml").read_text())


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean True.
    return workflow.get("on", workflow.get(True)) or {}


def only_job(workflow: dict) -> dict:
    (job,) = workflow["jobs"].values()
    return job


def ci_command() -> str:
    """The command .ci/run ends in (its last `exec` line)."""
    execs = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line.strip().startswith("exec ")]
    return execs[-1].removeprefix("exec ").strip()


def uses(step: dict, action: str) -> bool:
    return step.get("uses", "").split("@")[0] == action


def test_tests_workflow_runs_on_every_push_and_pull_request():
    on = triggers(TESTS)
    assert "push" in on and "pull_request" in on
    # No branch filters: every branch, every pull request.
    for event in ("push", "pull_request"):
        assert not (on[event] or {}).get("branches")


def test_tests_job_runs_in_the_debian_12_python_311_container():
    container = only_job(TESTS)["container"]
    image = container if isinstance(container, str) else container["image"]
    assert image == "python:3.11-bookworm"


def test_tests_job_runs_the_command_ci_runs():
    assert ci_command() == "make test"
    commands = [step["run"].strip() for step in only_job(TESTS)["steps"] if "run" in step]
    assert ci_command() in commands or "bash .ci/run" in commands


def test_tests_job_uploads_the_screenshots_even_when_tests_fail():
    steps = only_job(TESTS)["steps"]
    upload = [s for s in steps if uses(s, "actions/upload-artifact")]
    assert len(upload) == 1 and upload[0]["if"] == "always()"
    assert "TEST_ARTIFACTS_DIR" in upload[0]["with"]["path"]
    assert any("TEST_ARTIFACTS_DIR=" in s.get("run", "") for s in steps)


def test_publish_starts_when_the_tests_workflow_completes_on_main():
    run = triggers(PUBLISH)["workflow_run"]
    assert run["workflows"] == [TESTS["name"]]
    assert run["types"] == ["completed"]
    assert run["branches"] == ["main"]
    assert "push" not in triggers(PUBLISH)


def test_publish_builds_only_after_tests_passed_on_a_push():
    condition = PUBLISH["jobs"]["build"]["if"]
    assert "github.event.workflow_run.conclusion == 'success'" in condition
    assert "github.event.workflow_run.event == 'push'" in condition


def test_publish_checks_out_the_commit_the_tests_passed():
    build = PUBLISH["jobs"]["build"]
    checkout = build["steps"][0]
    assert uses(checkout, "actions/checkout")
    assert "github.event.workflow_run.head_sha" in checkout["with"]["ref"]


def test_publish_builds_in_the_tests_container():
    assert PUBLISH["jobs"]["build"]["container"] == only_job(TESTS)["container"]


def test_publish_restores_the_result_cache_keyed_on_the_lock_file_and_executor():
    steps = PUBLISH["jobs"]["build"]["steps"]
    (cache,) = [s for s in steps if uses(s, "actions/cache")]
    assert ".cache" in cache["with"]["path"].split()
    hashed = re.search(r"hashFiles\(([^)]*)\)", cache["with"]["key"]).group(1)
    assert "'requirements.lock'" in hashed and "'sitebuild/executor.py'" in hashed
    # A key per commit, restored by its prefix: each run saves a new cache entry.
    prefix = cache["with"]["restore-keys"].strip()
    assert cache["with"]["key"].startswith(prefix) and cache["with"]["key"] != prefix
    # Restored before the build runs.
    build_step = next(i for i, s in enumerate(steps) if "make build" in s.get("run", ""))
    assert steps.index(cache) < build_step


def test_publish_deploys_only_after_the_build_job():
    deploy = PUBLISH["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert uses(deploy["steps"][-1], "actions/deploy-pages")
