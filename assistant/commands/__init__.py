"""CLI command groups, one module each; each exposes ``COMMANDS``.

Importing the package makes click speak Norwegian (``nb.install``) before any command module
declares its options, since click translates some help texts when a decorator runs.
"""

from assistant.commands import nb

nb.install()
