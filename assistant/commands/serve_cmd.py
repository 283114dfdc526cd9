"""skjonn serve."""

from __future__ import annotations

import errno
import socket
from typing import Any

import click


def check_port(host: str, port: int) -> None:
    """Fail early, in Norwegian, when the address cannot be used (busy port, unknown host)."""
    hint = f"Velg en annen port: make run PORT={port + 1}, SKJONN_PORT={port + 1} eller --port."
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise click.ClickException(
            f"Fant ikke adressen «{host}». Bruk f.eks. 127.0.0.1 (bare denne maskinen) eller "
            "0.0.0.0 (alle nettverk) i SKJONN_HOST eller --host."
        ) from exc
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as sock:
        # the same option uvicorn binds with, so a port in TIME_WAIT is not called busy
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise click.ClickException(
                    f"Port {port} på {host} er opptatt (kjører Skjønnsassistenten allerede?). "
                    + hint
                ) from exc
            if exc.errno == errno.EACCES:
                raise click.ClickException(
                    f"Har ikke lov til å bruke port {port}. Porter under 1024 krever root. " + hint
                ) from exc
            raise click.ClickException(
                f"Kan ikke lytte på {host}:{port}: {exc.strerror or exc}"
            ) from exc


@click.command()
@click.option(
    "--host", metavar="ADRESSE", help="Adressen det lyttes på  [standard: SKJONN_HOST, 127.0.0.1]"
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    metavar="PORT",
    help="Porten det lyttes på  [standard: SKJONN_PORT, 8000]",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    metavar="ANTALL",
    help="Antall prosesser; flere enn én krever SKJONN_CHROMA_URL (Chroma som server).",
)
@click.pass_obj
def serve(obj: Any, host: str | None, port: int | None, workers: int) -> None:
    """Start nettsidene og API-et på http://ADRESSE:PORT (API-dokumentasjon på /docs).

    Uten --host og --port brukes SKJONN_HOST og SKJONN_PORT (eller 127.0.0.1:8000); med
    make: make run PORT=8080.
    """
    import uvicorn

    from api.server import uvicorn_options
    from assistant.commands.serve_log import LOG_CONFIG

    s = obj.settings
    host = host or s.host
    port = port or s.port
    if workers > 1 and not s.chroma_url:
        raise click.BadParameter(
            "flere arbeidere trenger Chroma som server: sett SKJONN_CHROMA_URL",
            param_hint="--workers",
        )
    check_port(host, port)
    from assistant.db.engine import prepare

    prepare(s)  # the shared schema is migrated once, before any worker serves
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Skjønnsassistenten på http://{shown}:{port}  (API-dokumentasjon: /docs)")
    # header limit, trusted proxies (api/server.py), Norwegian log lines
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_config": LOG_CONFIG,
        **uvicorn_options(s),
    }
    if workers > 1:
        uvicorn.run("api.main:app", workers=workers, log_level="info", **options)
    else:
        from api.app import create_app

        uvicorn.run(create_app(s), log_level="info", **options)


COMMANDS = [serve]
