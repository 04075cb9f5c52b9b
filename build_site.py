#!/usr/bin/env python3
"""Build the research site: check data/ and write the site's pages into docs/.

    python build_site.py            # build docs/, then run `mkdocs build` or `mkdocs serve`
    python build_site.py --check    # only check data/
    python build_site.py --serve    # rebuild on every change in data/ and serve the site live

See README.md for every option.
"""

import gc
import sys

# Importing makes tens of thousands of objects that live as long as the process (classes, functions, compiled
# patterns) and no garbage, so the collector's scans meanwhile only cost time: 5% of the imports.
gc.disable()
from qualsite.cli import main  # noqa: E402

gc.enable()

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
