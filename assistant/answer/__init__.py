"""Answers: year detection, follow-up rewriting, extractive composition, optional LLMs."""
