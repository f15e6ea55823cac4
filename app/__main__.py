"""`python -m app` does what the `spotcheck` console script does."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
