"""skjonn ask / chat."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from assistant.errors import InputError
from assistant.models import Answer


def load_history(path: Path | None) -> list[dict[str, str]]:
    if path is None:
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"Kunne ikke lese historikken i {path.name}: {exc}") from exc
    if not isinstance(data, list) or not all(
        isinstance(t, dict)
        and t.get("role") in ("user", "assistant")
        and isinstance(t.get("content"), str)
        for t in data
    ):
        raise InputError(
            'Historikken må være en JSON-liste med {"role": "user"|"assistant", "content": "..."}'
        )
    return data


def render(ans: Answer) -> str:
    lines = [ans.answer]
    if ans.citations:
        lines.append("")
        lines.append("Kilder:")
        for c in ans.citations:
            year = f", {c.year}" if c.year else ""
            lines.append(f"  [{c.n}] {c.title}{year} – {c.location}")  # title, round, section
    return "\n".join(lines)


def _service(obj: Any) -> Any:
    """The same chat service as the web: CLI questions reach the gap report too."""
    from assistant.chat import ChatService

    return ChatService(obj.services)


HISTORY_HELP = (
    "JSON-fil med samtalen så langt, for oppfølgingsspørsmål: en liste med "
    '{"role": "user" eller "assistant", "content": "tekst"}, eldste først '
    "(som «history» i /v1/chat)."
)


@click.command()
@click.argument("question", metavar="SPØRSMÅL")
@click.option(
    "--history",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FIL",
    help=HISTORY_HELP,
)
@click.option(
    "--year",
    type=int,
    metavar="ÅR",
    help="Tilskuddsåret svaret skal gjelde (overstyrer teksten).",
)
@click.option("--json", "as_json", is_flag=True, help="Svaret som JSON (med kildene).")
@click.pass_obj
def ask(obj: Any, question: str, history: Path | None, year: int | None, as_json: bool) -> None:
    """Still et spørsmål om prosjektskjønn og få et kort svar med kilder."""
    ans = _service(obj).ask(question, load_history(history), year)
    if as_json:
        click.echo(json.dumps(ans.public(), ensure_ascii=False, indent=2))
    else:
        click.echo(render(ans))


@click.command()
@click.option("--year", type=int, metavar="ÅR", help="Tilskuddsåret svarene skal gjelde.")
@click.pass_obj
def chat(obj: Any, year: int | None) -> None:
    """Samtale i terminalen. /ny starter på nytt, Ctrl-D avslutter."""
    svc = _service(obj)
    history: list[dict[str, str]] = []
    click.echo("Skjønnsassistenten. Still et spørsmål (/ny = ny samtale, Ctrl-D = avslutt).")
    while True:
        try:
            q = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            click.echo("")
            return
        if not q:
            continue
        if q in ("/ny", "/new"):
            history = []
            click.echo("Ny samtale.")
            continue
        try:
            ans = svc.ask(q, history, year)
        except InputError as exc:
            click.echo(f"Feil: {exc.message}")
            continue
        click.echo(render(ans))
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": ans.answer}]


COMMANDS = [ask, chat]
