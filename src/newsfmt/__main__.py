"""``python -m newsfmt``: the same as the ``newsfmt`` command."""

from .cli import main

if __name__ == "__main__":
    main()
