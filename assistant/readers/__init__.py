"""Readers shared by ingest and the capabilities: formats and data shapes at the bottom layer."""
