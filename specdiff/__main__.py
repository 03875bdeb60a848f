"""``python -m specdiff``: the same command line as ``specdiff``."""

from specdiff.cli import main

if __name__ == "__main__":
    main()
