"""The generated reference pages match the code: a stale page fails here. Regenerate them
all with `python -m rmlog.reference`."""

import os
import shutil
import subprocess

import pytest

from rmlog import reference


@pytest.mark.parametrize("page", ["docs/reference/cli.md", "share/man/man1/rmlog.1", "docs/reference/config.md",
                                  "src/rmlog/cli/person_options.py"])
def test_generated_page_is_current(page):
    assert (reference.ROOT / page).read_text() == reference.generate(page), (
        f"{page} is stale: run python -m rmlog.reference"
    )


def test_json_contract_page_is_current():
    assert (reference.ROOT / "docs/reference/json.md").read_text() == reference.json_markdown(), (
        "docs/reference/json.md is stale: run python -m rmlog.reference"
    )


def test_every_command_and_option_is_in_the_reference():
    from rmlog.cli import registered_names

    page = (reference.ROOT / "docs/reference/cli.md").read_text()
    for name in registered_names():
        if name not in ("ls", "contacts"):  # ls is a hidden alias; contacts is listed as contacts sync
            assert f"## rmlog {name}" in page, name
    assert "## rmlog contacts sync" in page
    assert "`--within <str>`" in page and "`--format <text|json|markdown|csv>`" in page


def test_man_page_renders_at_80_columns():
    assert shutil.which("man"), "man is missing: apt-get install man-db (.ci/run installs it)"
    page = reference.ROOT / "share/man/man1/rmlog.1"
    run = subprocess.run(["man", "-l", str(page)], capture_output=True, text=True,
                         env={**os.environ, "MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"})
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert any(line.startswith("NAME") for line in lines) and "rmlog due" in run.stdout


def test_readme_quick_start_is_what_ci_runs():
    """The README's second quick-start command is exactly the test command of .ci/run."""
    ci = (reference.ROOT / ".ci/run").read_text().strip().splitlines()[-1]
    readme = (reference.ROOT / "README.md").read_text()
    assert ci.startswith("python3 -m venv .venv && ") and ci in readme
    assert "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/rmlog due" in readme
    assert len(readme.splitlines()) <= 150
