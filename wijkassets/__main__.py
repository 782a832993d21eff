"""``python -m wijkassets``: the same as the ``wijkassets`` command."""

from wijkassets.cli import main

if __name__ == "__main__":
    main()
