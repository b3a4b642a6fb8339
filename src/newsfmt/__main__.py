"""``python -m newsfmt``: the same as the ``newsfmt`` command."""

from .cli import main

main()
