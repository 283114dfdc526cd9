"""HTTP API (FastAPI only): routers parse requests and call assistant services."""
