"""One module per command; ``cli.py`` imports only the one that is called."""
