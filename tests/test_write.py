"""The writer: only changed pages are rewritten, stale ones pruned, foreign files kept, nothing on failure."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from qualsite.problems import DataError
from qualsite.write import MANIFEST, NAV_BEGIN, NAV_END, write_site

CONFIG = f"site_name: Test\n{NAV_BEGIN}\nnav: []\n{NAV_END}\ntheme: material\n"


@pytest.fixture
def site(tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG, encoding="utf-8")
    return tmp_path / "docs", config


def test_first_build_writes_every_page_and_the_nav(site):
    docs, config = site
    changes = write_site(docs, {"index.md": "# Hem\n", "transcripts/r1.md": "# R1\n"}, config=config,
                         nav=[{"Hem": "index.md"}])
    assert changes.written == ("index.md", "transcripts/r1.md")
    assert (docs / "transcripts/r1.md").read_text(encoding="utf-8") == "# R1\n"
    assert "nav:\n- Hem: index.md\n" in config.read_text(encoding="utf-8")
    assert config.read_text(encoding="utf-8").endswith(f"{NAV_END}\ntheme: material\n")


def test_a_rebuild_with_no_change_rewrites_no_file(site):
    docs, config = site
    pages = {"index.md": "# Hem\n", "codebook/kom.md": "# KOM\n"}
    write_site(docs, pages, config=config, nav=[{"Hem": "index.md"}])
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*")} | {config: config.stat().st_mtime_ns}
    changes = write_site(docs, pages, config=config, nav=[{"Hem": "index.md"}])
    after = {p: p.stat().st_mtime_ns for p in docs.rglob("*")} | {config: config.stat().st_mtime_ns}
    assert (changes.written, changes.removed, changes.unchanged, changes.config_updated) == ((), (), 2, False)
    assert before == after


def test_only_the_changed_page_is_rewritten(site):
    docs, config = site
    write_site(docs, {"a.md": "A", "b.md": "B"}, config=config, nav=[])
    changes = write_site(docs, {"a.md": "A", "b.md": "B2"}, config=config, nav=[])
    assert changes.written == ("b.md",)
    assert (docs / "b.md").read_text(encoding="utf-8") == "B2"


def test_stale_generated_pages_are_pruned_but_foreign_files_are_kept(site):
    docs, config = site
    (docs / "assets").mkdir(parents=True)
    (docs / "assets/qualsite.css").write_text("body{}", encoding="utf-8")
    write_site(docs, {"index.md": "x", "transcripts/r1.md": "1", "transcripts/r2.md": "2"}, config=config, nav=[])
    changes = write_site(docs, {"index.md": "x", "transcripts/r1.md": "1"}, config=config, nav=[])
    assert changes.removed == ("transcripts/r2.md",)
    assert not (docs / "transcripts/r2.md").exists()
    assert (docs / "assets/qualsite.css").read_text(encoding="utf-8") == "body{}"
    assert (docs / MANIFEST).read_text(encoding="utf-8") == "index.md\ntranscripts/r1.md\n"


def test_an_emptied_folder_is_removed(site):
    docs, config = site
    write_site(docs, {"index.md": "x", "codebook/kom.md": "k"}, config=config, nav=[])
    write_site(docs, {"index.md": "x"}, config=config, nav=[])
    assert not (docs / "codebook").exists()


def test_no_temporary_files_are_left_behind(site):
    docs, config = site
    write_site(docs, {"index.md": "x", "downloads/data.zip": b"PK\x03\x04"}, config=config, nav=[])
    assert sorted(p.name for p in docs.rglob("*") if p.is_file()) == [MANIFEST, "data.zip", "index.md"]


@pytest.mark.skipif(os.name != "posix", reason="whether a process runs is told by signal 0")
def test_the_temporaries_of_a_build_killed_before_its_commit_are_removed_by_the_next(site):
    """A build killed between staging its pages and putting them in place (`kill -9`) leaves hidden temporaries in
    docs/; the next build removes them, but not those of a build still running, nor anyone else's dotfiles."""
    docs, config = site
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from qualsite.write import stage_site\n"
        "stage_site(Path(sys.argv[1]), {'index.md': 'x', 'transcripts/r1.md': '1'}, config=Path(sys.argv[2]), nav=[])\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"), str(docs), str(config)],
        cwd=Path(__file__).resolve().parents[1])
    assert killed.returncode == -9
    left = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.tmp"))
    assert len(left) == 2 and left[0].startswith("."), left  # `.index.md.<pid>-<random>.tmp`
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = docs / f".index.md.{running.pid}-abc123.tmp"
        theirs.write_text("a build still staging", encoding="utf-8")
        (docs / ".notes.tmp").write_text("someone's own", encoding="utf-8")
        write_site(docs, {"index.md": "y"}, config=config, nav=[])
        assert sorted(p.name for p in docs.rglob("*") if p.is_file()) == sorted(
            [theirs.name, ".notes.tmp", MANIFEST, "index.md"])
    finally:
        running.kill()
        running.wait()
    write_site(docs, {"index.md": "y"}, config=config, nav=[])
    assert not theirs.exists() and (docs / ".notes.tmp").exists()
    assert not (docs / "transcripts").exists()  # made for the killed build's page alone


@pytest.mark.parametrize("path", ["../escape.md", "/etc/passwd", "a/../../b.md", "a\\..\\b.md", ""])
def test_a_path_outside_docs_is_refused_before_anything_is_written(site, path):
    docs, config = site
    with pytest.raises(ValueError, match="outside docs"):
        write_site(docs, {"index.md": "x", path: "evil"}, config=config, nav=[])
    assert not docs.exists()


def test_a_config_without_nav_markers_fails_with_a_fix_and_writes_nothing(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Test\nnav:\n- index.md\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        write_site(tmp_path / "docs", {"index.md": "x"}, config=config, nav=[])
    message = str(raised.value.problems[0])
    assert message.startswith("mkdocs.yml: the generated navigation has no place; add the two lines")
    assert NAV_BEGIN in message
    assert not (tmp_path / "docs").exists()
