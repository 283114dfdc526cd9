"""The CLI speaks Norwegian: click's own help headings, usage lines and errors, and ours."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import click.testing
import pytest
from click.testing import CliRunner

from assistant.cli import main
from assistant.commands import nb

ENGLISH = re.compile(
    r"Usage:|Options:|Commands:|Show this message|Show the version|\[OPTIONS\]|COMMAND|"
    r"\b(TEXT|INTEGER|FLOAT|FILE|PATH|DIRECTORY|QUESTION|QUERY|PATHS|FILES|PROJECT_ID|OLD|NEW)\b|"
    r"default:|required\]"
)


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), prog_name="skjonn")


def click_messages() -> tuple[set[str], set[tuple[str, str]]]:
    """Every literal message the installed click passes to gettext / ngettext."""
    singles: set[str] = set()
    plurals: set[tuple[str, str]] = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.id == "_" and args and isinstance(args[0], str):
                singles.add(args[0])
            elif node.func.id == "ngettext" and len(args) >= 2:
                plurals.add((str(args[0]), str(args[1])))
    return singles, plurals


def user_commands() -> list[tuple[str, click.Command]]:
    """Every command an officer or operator runs (the developers' eval group aside)."""
    out: list[tuple[str, click.Command]] = []

    def walk(prefix: str, cmd: click.Command) -> None:
        out.append((prefix, cmd))
        if isinstance(cmd, click.Group):
            for name, sub in sorted(cmd.commands.items()):
                if name != "eval":
                    walk(f"{prefix} {name}".strip(), sub)

    walk("", main)
    return out


def test_every_click_message_is_translated_or_for_developers() -> None:
    singles, plurals = click_messages()
    assert len(singles) > 40 and len(plurals) > 5  # the scan found click's messages
    missing = sorted(m for m in singles if m not in nb.MESSAGES and m not in nb.UNTRANSLATED)
    assert not missing, f"click-meldinger uten norsk oversettelse: {missing}"
    assert not sorted(plurals - set(nb.PLURALS)), "click-flertall uten norsk oversettelse"
    # and every translation keeps the placeholders click fills in (or drops them on purpose)
    for english, ours in nb.MESSAGES.items():
        theirs = set(re.findall(r"\{(\w+)", english))
        assert set(re.findall(r"\{(\w+)", ours)) <= theirs, english


@pytest.mark.parametrize(("name", "cmd"), user_commands(), ids=lambda x: str(x) or "skjonn")
def test_help_is_norwegian(name: str, cmd: click.Command) -> None:
    res = run(*name.split(), "--help")
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"Bruk: skjonn {name}".rstrip() + " [VALG]")
    assert "Valg:" in res.output and "-h, --help  " in res.output
    assert "Vis denne hjelpen og avslutt." in res.output
    assert not ENGLISH.search(res.output), ENGLISH.search(res.output)
    for param in cmd.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"skjonn {name} {param.opts[0]} mangler hjelpetekst"


def test_history_option_says_what_the_file_holds() -> None:
    res = run("ask", "--help")
    text = " ".join(res.output.split())
    assert "--history FIL JSON-fil med samtalen så langt" in text
    assert '{"role": "user" eller "assistant", "content": "tekst"}, eldste først' in text


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["nope"], 2, "Feil: Ukjent kommando «nope»."),
        (["ask"], 2, "Feil: Mangler argumentet 'SPØRSMÅL'."),
        (["ask", "--history", "/finnes/ikke.json", "q"], 2, "Fil «/finnes/ikke.json» finnes ikke."),
        (
            ["serve", "--port", "x"],
            2,
            "Feil: Ugyldig verdi for '--port': «x» er ikke et gyldig heltall.",
        ),
        (["serve", "--port", "70000"], 2, "70000 er utenfor området 1<=x<=65535."),
        (["similar", "t", "--mode", "x"], 2, "«x» er ikke en av 'hybrid', 'bm25', 'dense'."),
        (["status", "--jsn"], 2, "Feil: Ukjent valg «--jsn». Mente du '--json'?"),
        (["precheck", "--round"], 2, "Feil: Valget «--round» trenger en verdi."),
        (["projects", "show"], 2, "Feil: Mangler argumentet 'PROSJEKT-ID'."),
    ],
)
def test_errors_are_norwegian(args: list[str], code: int, expected: str) -> None:
    res = run(*args)
    assert res.exit_code == code, res.output
    assert expected in res.output
    if args[0] in ("serve", "similar", "ask"):  # usage errors end with where to get help
        assert f"Skriv «skjonn {args[0]} --help» for hjelp." in res.output


def test_version_line() -> None:
    res = run("--version")
    assert res.exit_code == 0 and re.match(r"skjonn, versjon \d", res.output), res.output
