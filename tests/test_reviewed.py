"""Reviewed warnings: still reported, no longer fatal under --strict, and never silently stale."""

from pathlib import Path

from qualsite.model import Source
from qualsite.problems import Problem, fatal
from qualsite.reviewed import accept_reviewed, read_reviews

DIFFERS = '(R1:10) quote differs from the transcript: 1 word differs: "a" in the quote, "b" in R1:10; correct it'


def write(tmp_path: Path, text: str) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "reviewed.yaml").write_text(text, encoding="utf-8")
    return data


def test_a_reviewed_warning_is_kept_but_no_longer_fatal(tmp_path):
    data = write(tmp_path, f"accepted:\n  - file: data/findings/a.md\n    warning: '{DIFFERS}'\n"
                           "    because: Printed so in the thesis.\n")
    reviews, problems = read_reviews(data, tmp_path)
    assert problems == []
    warning = Problem(Source("data/findings/a.md", 12), DIFFERS, "warning", "quote-differs")
    [marked] = accept_reviewed([warning], reviews)
    assert marked.reviewed == "Printed so in the thesis."
    assert str(marked) == f"data/findings/a.md:12: warning: {DIFFERS} [reviewed: Printed so in the thesis.]"
    assert fatal([marked], strict=True) == []
    assert fatal([warning], strict=True) == [warning]


def test_a_review_never_excuses_an_error_or_another_file(tmp_path):
    data = write(tmp_path, f"accepted:\n  - {{file: data/findings/a.md, warning: '{DIFFERS}', because: ok}}\n")
    reviews, _ = read_reviews(data, tmp_path)
    error = Problem(Source("data/findings/a.md", 3), DIFFERS, "error")
    elsewhere = Problem(Source("data/findings/b.md", 3), DIFFERS, "warning")
    marked = accept_reviewed([error, elsewhere], reviews)
    assert [p.reviewed for p in marked[:2]] == ["", ""]
    assert str(marked[2]) == ("data/reviewed.yaml:2: warning: this review matches no warning any more (the quote,"
                              " the row or the message changed); remove the entry, or review the new warning")


def test_a_review_without_a_reason_is_an_error(tmp_path):
    data = write(tmp_path, f"accepted:\n  - file: data/findings/a.md\n    warning: '{DIFFERS}'\n")
    _, problems = read_reviews(data, tmp_path)
    assert [str(p) for p in problems] == [
        "data/reviewed.yaml:2: this review has no 'because'; add it, e.g. because: "
        '"The thesis prints the quote this way; it is published as printed."'
    ]


def test_no_file_means_no_reviews(tmp_path):
    (tmp_path / "data").mkdir()
    assert read_reviews(tmp_path / "data", tmp_path) == ((), [])


def test_a_review_may_name_its_file_relative_to_the_data_folder(tmp_path):
    data = write(tmp_path, f"accepted:\n  - {{file: findings/a.md, warning: '{DIFFERS}', because: ok}}\n")
    reviews, _ = read_reviews(data, tmp_path)
    warning = Problem(Source("data/findings/a.md", 12), DIFFERS, "warning", "quote-differs")
    assert [p.reviewed for p in accept_reviewed([warning], reviews)] == ["ok"]
