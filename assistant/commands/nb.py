"""Norwegian bokmål for what click itself prints: help headings, usage lines, error messages.

Click marks its user-facing strings with ``gettext`` (``from gettext import gettext as _`` in
each module) but ships no translations, and which catalogue gettext would pick depends on the
user's locale. The CLI always speaks Norwegian, so ``install()`` points those module-level
``_``/``ngettext`` names at the table below, and gives click's parameter types Norwegian names
(they become the metavars in ``--help``, e.g. ``--port HELTALL``, and appear in errors).

``install()`` runs from ``assistant/commands/__init__.py``, before any command is declared
(click translates some strings when a decorator runs); ``localise_tree()`` runs on the
finished ``skjonn`` group. Library code never imports this module.
``tests/test_cli_nb.py`` checks that every message in the installed click is either
translated here or listed in ``UNTRANSLATED`` (programming errors, not for users).
"""

from __future__ import annotations

import importlib

import click
import click.types

# click's message id -> ours. Python's str.format ignores unused fields, so a translation
# may drop one ({number_type}), and may quote with «{name}» instead of click's {name!r}.
MESSAGES: dict[str, str] = {
    "Usage:": "Bruk:",
    "Options": "Valg",
    "Commands": "Kommandoer",
    "Positional arguments": "Argumenter",
    "Show this message and exit.": "Vis denne hjelpen og avslutt.",
    "Show the version and exit.": "Vis versjonen og avslutt.",
    "%(prog)s, version %(version)s": "%(prog)s, versjon %(version)s",
    "Error: {message}": "Feil: {message}",
    "Try '{command} {option}' for help.": "Skriv «{command} {option}» for hjelp.",
    "Invalid value for {param_hint}: {message}": "Ugyldig verdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig verdi: {message}",
    "Missing argument": "Mangler argumentet",
    "Missing option": "Mangler valget",
    "Missing parameter": "Mangler parameteren",
    "Missing parameter: {param_name}": "Mangler parameteren {param_name}",
    "Missing {param_type}": "Mangler {param_type}",
    "Missing command.": "Mangler kommando.",
    "No such command {name!r}.": "Ukjent kommando «{name}».",
    "No such option {name!r}.": "Ukjent valg «{name}».",
    "Aborted!": "Avbrutt.",
    "default: {default}": "standard: {default}",
    "required": "påkrevd",
    "env var: {var}": "miljøvariabel: {var}",
    "deprecated": "utgått",
    "(dynamic)": "(dynamisk)",
    "Option {name!r} does not take a value.": "Valget «{name}» tar ingen verdi.",
    "Argument {name!r} takes {nargs} values.": "Argumentet «{name}» tar {nargs} verdier.",
    "Invalid start character for option ({option})": "Ugyldig første tegn i valget ({option})",
    "Value must be an iterable.": "Verdien må være en liste.",
    "Choose from:\n\t{choices}": "Velg en av:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "«{value}» er ikke et gyldig {number_type}.",
    "{value} is not in the range {range}.": "{value} er utenfor området {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "«{value}» er ikke ja/nei. Gyldige verdier: {states}"
    ),
    "{value!r} is not a valid UUID.": "«{value}» er ikke en gyldig UUID.",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "{name} {filename!r} does not exist.": "{name} «{filename}» finnes ikke.",
    "{name} {filename!r} is a file.": "{name} «{filename}» er en fil.",
    "{name} {filename!r} is a directory.": "{name} «{filename}» er en mappe.",
    "{name} {filename!r} is not readable.": "{name} «{filename}» kan ikke leses.",
    "{name} {filename!r} is not writable.": "{name} «{filename}» kan ikke skrives til.",
    "{name} {filename!r} is not executable.": "{name} «{filename}» kan ikke kjøres.",
    "Could not open file {filename!r}: {message}": "Kunne ikke åpne filen «{filename}»: {message}",
    "unknown error": "ukjent feil",
    "Error: invalid input": "Feil: ugyldig svar",
    "Error: The two entered values do not match.": "Feil: De to svarene er ikke like.",
    "Repeat for confirmation": "Gjenta for å bekrefte",
    "Press any key to continue...": "Trykk en tast for å fortsette …",
    "Do you want to continue?": "Vil du fortsette?",
    "Confirm the action without prompting.": "Bekreft uten å spørre.",
    "{editor}: Editing failed": "{editor}: redigeringen mislyktes",
    "{editor}: Editing failed: {e}": "{editor}: redigeringen mislyktes: {e}",
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Fant ikke Bash-versjonen; fullføring i skallet støttes ikke."
    ),
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Fullføring i skallet støttes ikke for Bash eldre enn 4.4."
    ),
}

# (singular, plural) -> (ours, ours)
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Mente du {possibility}?",
        "(Mente du en av disse: {possibilities}?)",
    ),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Uventet ekstra argument ({args})",
        "Uventede ekstra argumenter ({args})",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Tar {nargs} verdier, men fikk 1.",
        "Tar {nargs} verdier, men fikk {len}.",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Valget «{name}» trenger en verdi.",
        "Valget «{name}» trenger {nargs} verdier.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "Trenger {len_type} verdier, men fikk {len_value}.",
        "Trenger {len_type} verdier, men fikk {len_value}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "«{value}» har ikke formatet {format}.",
        "«{value}» har ikke noen av formatene {formats}.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "«{value}» er ikke {choice}.",
        "«{value}» er ikke en av {choices}.",
    ),
}

# Messages click raises for mistakes in the code that declares a command, never for a user's
# input; they stay in English like our other developer-facing text.
UNTRANSLATED = frozenset(
    {
        "Arguments take exactly one parameter declaration, got {length}: {decls}.",
        "Boolean option {decl!r} cannot use the same flag for true/false.",
        "Could not determine name for option with declarations {decls!r}",
        "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
        "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
        "Name '{name}' defined twice",
        "No options defined but a name was passed ({name}). Did you mean to declare an "
        "argument instead? Did you mean to pass '--{name}'?",
        "Windows error: {error}",
        "Unknown color {colour!r}",
        "Unknown standard stream '{name}'",
        "Choice({choices})",
        "d",  # a strftime code in the progress bar, not text
    }
)

# Parameter type names: the metavar in --help is the name in capitals ("--year HELTALL").
TYPE_NAMES: dict[type[click.ParamType], str] = {
    click.types.StringParamType: "tekst",
    click.types.IntParamType: "heltall",
    click.types.IntRange: "heltall",
    click.types.FloatParamType: "desimaltall",
    click.types.FloatRange: "desimaltall",
    click.types.BoolParamType: "ja/nei",
    click.types.DateTime: "tidspunkt",
    click.types.File: "fil",
}

# Metavars click writes as literals, not through gettext.
OPTIONS_METAVAR = "[VALG]"
SUBCOMMAND_METAVAR = "KOMMANDO [ARGUMENTER]..."

MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.shell_completion",
    "click.termui",
    "click.types",
    "click.utils",
    "click._termui_impl",
)


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    ours = PLURALS.get((singular, plural))
    if ours is None:
        return singular if n == 1 else plural
    return ours[0] if n == 1 else ours[1]


def install() -> None:
    """Make click print Norwegian (idempotent)."""
    for name in MODULES:
        mod = importlib.import_module(name)
        if hasattr(mod, "_"):
            mod._ = gettext  # type: ignore[attr-defined]
        if hasattr(mod, "ngettext"):
            mod.ngettext = ngettext  # type: ignore[attr-defined]
    for cls, type_name in TYPE_NAMES.items():
        cls.name = type_name


def localise_tree(cmd: click.Command) -> None:
    """Norwegian usage metavars for a command and everything under it (after registration)."""
    if cmd.options_metavar:
        cmd.options_metavar = OPTIONS_METAVAR
    if isinstance(cmd, click.Group):
        cmd.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in cmd.commands.values():
            localise_tree(sub)
