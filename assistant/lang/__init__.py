"""Language resources: bokmål is the product's language; nynorsk and English questions are
mapped to bokmål before retrieval (``nn``, ``en``), and ``detect`` tells which one a text is."""
