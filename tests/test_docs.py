"""The README documents every setting and shows the two set-up commands."""

from __future__ import annotations

from assistant.settings import REPO_ROOT, Settings


def test_every_setting_is_documented() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        f"SKJONN_{name.upper()}"
        for name in Settings.model_fields
        if f"SKJONN_{name.upper()}" not in readme
    ]
    assert not missing, f"undocumented settings: {missing}"


def test_first_screen_has_the_two_commands() -> None:
    head = "\n".join((REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:15])
    assert "make run" in head and "make test" in head


def test_first_screen_says_how_to_change_the_port_and_what_is_needed() -> None:
    head = "\n".join((REPO_ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:25])
    for needed in ("make run PORT=", "SKJONN_PORT", "SKJONN_HOST", "Python ≥ 3.11", "2.5 GB"):
        assert needed in head, needed
    # and the Python floor the README names is the package's
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.11"' in pyproject


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
