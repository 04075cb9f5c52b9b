#!/usr/bin/env python3
"""Build the research site: check data/ and write the site's pages into docs/.

    python build_site.py            # build docs/, then run `mkdocs build` or `mkdocs serve`
    python build_site.py --check    # only check data/
    python build_site.py --serve    # rebuild on every change in data/ and serve the site live

See README.md for every option.
"""

import sys

from qualsite.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
