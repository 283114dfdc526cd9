"""skjonn serve."""

from __future__ import annotations

from typing import Any

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=int,
    help="Flere prosesser krever SKJONN_CHROMA_URL (Chroma som server).",
)
@click.pass_obj
def serve(obj: Any, host: str, port: int, workers: int) -> None:
    """Start API-et på http://HOST:PORT (OpenAPI-dokumentasjon på /docs)."""
    import uvicorn

    from api.server import uvicorn_options

    if workers > 1 and not obj.settings.chroma_url:
        raise click.BadParameter(
            "flere arbeidere trenger Chroma som server: sett SKJONN_CHROMA_URL",
            param_hint="--workers",
        )
    click.echo(f"Skjønnsassistenten på http://{host}:{port}  (API-dokumentasjon: /docs)")
    options = uvicorn_options(obj.settings)  # header limit, trusted proxies (api/server.py)
    if workers > 1:
        uvicorn.run(
            "api.main:app", host=host, port=port, workers=workers, log_level="info", **options
        )
    else:
        from api.app import create_app

        uvicorn.run(create_app(obj.settings), host=host, port=port, log_level="info", **options)


COMMANDS = [serve]
