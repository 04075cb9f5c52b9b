#!/usr/bin/env python3
"""Build the research site: check data/ and write the site's pages into docs/.

    python build_site.py            # build docs/, then run `mkdocs build` or `mkdocs serve`
    python build_site.py --check    # only check data/
    python build_site.py --serve    # rebuild on every change in data/ and serve the site live

See README.md for every option.
"""

import gc
import os
import sys

# Importing makes tens of thousands of objects that live as long as the process (classes, functions, compiled
# patterns) and no garbage, so the collector's scans meanwhile only cost time: 5% of the imports. A build makes
# millions more and almost no cycles (`cli._one_shot`), and the process ends without freeing them (below), so the
# collector stays off: turned on after a build, it scanned the objects still alive once more, 0.13 s at 1,000
# interviews. `--serve`, which runs for hours, turns it on (`serve.serve`).
gc.disable()
from qualsite.cli import main  # noqa: E402

if __name__ == "__main__":
    code = main(sys.argv[1:])
    # Leave without the interpreter's teardown, which frees every object left one by one: the system takes the memory
    # back at once (0.07 against 0.03 s from `main`'s return to the process's end at 1,000 interviews). Every file
    # was written and closed inside `main`; only what it printed may still wait in a buffer. (An exception or `--help`
    # leaves the usual way, with its traceback or message.)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
