"""What the site says about the data — quote verdicts and the build's warnings — it says in the study's language,
from the one table (`labels.MESSAGES`); the terminal and reviewed.yaml keep the English."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from qualsite import urls
from qualsite.build import gather
from qualsite.labels import MESSAGES, message, say
from qualsite.problems import DataError
from qualsite.render import render
from test_render_thesis import THESIS, thesis, thesis_site  # noqa: F401  (fixtures)

CASES = Path(__file__).parent / "cases"
PLACEHOLDER = re.compile(r"\{[^}]+\}")


def fixed_words(language: str) -> set[str]:
    """The words a language's templates say themselves, in runs of two or more words, that the other table never
    says: if one of them shows on a page, the page speaks that language."""
    other = " ".join(t for lang, table in MESSAGES.items() if lang != language for t in table.values())
    runs = {" ".join(piece.split()) for template in MESSAGES[language].values()
            for piece in re.split(r"[;:(),—]|\{[^}]+\}", template)}
    return {run for run in runs if len(re.findall(r"[^\W\d_]{2,}", run)) >= 2 and run not in other}


def test_both_tables_say_the_same_sentences_with_the_same_values():
    assert MESSAGES["sv"].keys() == MESSAGES["en"].keys()
    for key, english in MESSAGES["en"].items():
        assert sorted(PLACEHOLDER.findall(MESSAGES["sv"][key])) == sorted(PLACEHOLDER.findall(english)), key


def test_a_message_is_said_in_each_language_with_its_nested_parts():
    said = message("quote-differs", cited="(R1:10)",
                   detail=message("word-differs", first=message("first-changed", quoted="klimatmässig",
                                                                printed="klimatomfattig", row="R1:10")))
    assert say(said, "en") == ('(R1:10) quote differs from the transcript: 1 word differs: "klimatmässig" in the'
                               ' quote, "klimatomfattig" in R1:10; correct the quote or the transcript')
    assert say(said, "sv") == ("(R1:10) citatet skiljer sig från transkriptet: 1 ord skiljer sig: ”klimatmässig” i"
                               " citatet, ”klimatomfattig” i R1:10; rätta citatet eller transkriptet")
    assert say(None, "sv") == ""


def every_warning_of_the_golden_cases():
    for case in sorted(p for p in CASES.iterdir() if (p / "data").is_dir()):
        try:
            _, _, problems = gather(case / "data", root=case)
        except DataError as error:
            problems = list(error.problems)
        yield from ((case.name, p) for p in problems if p.severity == "warning")


def test_every_warning_the_checks_give_can_be_said_in_both_languages():
    warnings = list(every_warning_of_the_golden_cases())
    kinds = {p.kind for _, p in warnings}
    assert {"quote-differs", "quote-not-found", "uncited-quote", "unused-code", "duplicate-row",
            "section-without-evidence", "likely-identifier", "repeated-code", "unexpected-file"} <= kinds
    for case, problem in warnings:
        assert problem.said is not None, f"{case}: {problem} has no words for the site"
        assert problem.message == say(problem.said, "en")
        assert say(problem.said, "sv") != problem.message


def test_the_swedish_thesis_site_says_no_check_message_in_english(thesis_site: Path):  # noqa: F811
    english = fixed_words("en")
    swedish = fixed_words("sv")
    shown = ""
    for page in sorted(thesis_site.rglob("*.html")):
        # The researcher's reasons for accepting warnings are data, in whatever language they wrote them.
        source = re.sub(r'<span class="qs-reviewed"><span class="qs-label">[^<]*</span>[^<]*</span>', " ",
                        page.read_text(encoding="utf-8"))
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", source)).split())
        found = sorted(run for run in english if run in text)
        assert not found, f"{page.relative_to(thesis_site)} says {found[:3]} in English"
        shown += text
    assert [run for run in swedish if run in shown], "the source check shows no verdict at all"


def test_an_english_study_says_its_check_messages_in_english(tmp_path: Path):
    root = tmp_path / "study"
    shutil.copytree(THESIS / "data", root / "data")
    study = root / "data" / "study.yaml"
    study.write_text(study.read_text(encoding="utf-8").replace("language: sv", "language: en"), encoding="utf-8")
    project, evidence, problems = gather(root / "data", root=root)
    warnings = [p for p in problems if p.severity == "warning"]
    page = render(project, evidence, warnings, root=root)[urls.SOURCE_CHECK]
    page = re.sub(r'<span class="qs-reviewed"><span class="qs-label">[^<]*</span>[^<]*</span>', " ", page)
    # What the site says itself: the verdicts and the warnings, not the quotes (data, in Swedish).
    said = re.findall(r'<p class="qs-check-detail">(.*?)</p>', page) + re.findall(r"<li><code>.*?</code>(.*?)</li>", page)
    assert len(said) > 20
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", " ".join(said))).split())
    assert not [run for run in fixed_words("sv") if run in text]
    assert "quote differs from the transcript" in text and "word differs" in text
