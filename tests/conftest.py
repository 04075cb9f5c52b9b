"""Shared pytest options. Keep this small; each test module owns its own fixtures."""

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected files of golden cases (tests/cases/*) from the current output")
    parser.addoption("--study-site", metavar="DIR", default=None,
                     help="run tests/browser/test_site_smoke.py on this built site instead of the thesis's")
    parser.addoption("--study-data", metavar="DIR", default=None,
                     help="the data folder of --study-site (default: the thesis)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether to rewrite golden expectations instead of comparing with them."""
    return bool(request.config.getoption("--update-golden"))
