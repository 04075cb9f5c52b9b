"""The heat maps' colour steps, legends and percentages: pure arithmetic, no HTML.

A cell's colour is one of `STEPS` steps of a single-hue scale whose lightness (CIELAB L*) moves in even steps
(`docs/assets/qualsite-tables.css` holds the colours, one ramp per colour scheme, with the text colour of each step
chosen for a contrast of at least 4.5:1; `tests/test_heat.py` checks both). Counts are binned linearly between 0
and the table's largest count, so a legend can say exactly which counts each step holds; percentages in fixed
bins of 20 points; c-coefficients in fixed bins that spread out the small values where most pairs fall.

A c-coefficient is shown only where it says something: when both codes are on at least `C_MIN_ROWS` rows and
they share at least `C_MIN_SHARED` rows. Below that, one shared row more or less swings c from 0 to 0,2 and back,
and the cell shows a dot, explained in the page's legend.
"""

from __future__ import annotations

import math

STEPS = 5
"""Colour steps of a non-zero value; step 0 is the page background (a zero)."""

PERCENT_BIN = 20
"""Points of percentage per step: 1–20 %, 21–40 %, …, 81–100 %."""

C_BINS = (0.05, 0.1, 0.2, 0.4)
"""Upper bounds of the c-coefficient's first four steps; the fifth holds 0.4–1."""

C_MIN_ROWS = 5
"""A c-coefficient is shown when both codes are on at least this many rows …"""

C_MIN_SHARED = 3
"""… and they share at least this many."""


def step(value: float, most: float) -> int:
    """The colour step of `value` in a table whose largest value is `most`: 0 for zero, else 1…`STEPS`.

    Monotone: a larger value never gets a lighter step. Step k holds the values in ((k−1)·most/STEPS, k·most/STEPS].
    """
    if value <= 0 or most <= 0:
        return 0
    return max(1, min(STEPS, math.ceil(STEPS * value / most - 1e-9)))


def count_legend(most: int) -> list[tuple[int, int, int]]:
    """`(step, lowest, highest)` for each step that whole counts up to `most` can reach, lightest first."""
    result: dict[int, list[int]] = {}
    for n in range(1, most + 1):  # at most one pass over the counts: exact by construction
        span = result.setdefault(step(n, most), [n, n])
        span[1] = n
    return [(k, lo, hi) for k, (lo, hi) in sorted(result.items())]


def percent(part: int, whole: int) -> int:
    """`part` of `whole` in whole percent, rounded; 1 rather than 0 for a part that is not zero."""
    if whole <= 0 or part <= 0:
        return 0
    return max(1, round(100 * part / whole))


def percent_step(pct: int) -> int:
    """The colour step of a percentage: 0 for 0, then one step per `PERCENT_BIN` points."""
    return step(pct, 100)


def percent_legend() -> list[tuple[int, int, int]]:
    """`(step, lowest, highest)` percentages of each step."""
    return [(k, (k - 1) * PERCENT_BIN + 1, k * PERCENT_BIN) for k in range(1, STEPS + 1)]


def c_step(c: float) -> int:
    """The colour step of a c-coefficient: 0 for 0, then the bins of `C_BINS`."""
    if c <= 0:
        return 0
    for k, bound in enumerate(C_BINS, 1):
        if c < bound:
            return k
    return STEPS


def c_legend() -> list[tuple[int, float, float]]:
    """`(step, from, below)` of each c-coefficient step (the last one includes 1)."""
    bounds = (0.0, *C_BINS, 1.0)
    return [(k, bounds[k - 1], bounds[k]) for k in range(1, STEPS + 1)]


def c_says_something(rows_a: int, rows_b: int, shared: int) -> bool:
    """Whether a pair's c-coefficient is shown: both codes on `C_MIN_ROWS` rows and `C_MIN_SHARED` rows shared."""
    return min(rows_a, rows_b) >= C_MIN_ROWS and shared >= C_MIN_SHARED
