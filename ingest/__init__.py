"""Ingest: load documents, split them into chunks, embed them, write them to the stores."""
