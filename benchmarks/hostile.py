"""Build hostile inputs and report, per input, whether qualsite held: exit status, first problem, time, memory.

    python benchmarks/hostile.py                           # every golden case and every large input (long)
    python benchmarks/hostile.py --inputs checks-clean nesting-50 --json /tmp/hostile.json
    python benchmarks/hostile.py --list                    # the names of the inputs

The corpus is every golden case under tests/cases/{load,checks}-*/ that has a data/ folder, and inputs
generated from tests/cases/thesis/data (the tests' copy of the thesis). A generated input is named
`KIND-SIZE`, where SIZE takes a k (thousand) or M (million) suffix, so any size can be asked for:

- `citations-50k`: a findings file with 50,000 citations of real rows;
- `nesting-20k`: a transcript row whose YAML value is 20,000 nested flow sequences `[[[…]]]`;
- `bracket-text-200k`: a row whose (quoted) text is 200,000 `[` and as many `]`, for Markdown and the citation finder;
- `long-row-20M`: one row of 20 MB of text (words, no line break);
- `rows-300k`: a transcript of 300,000 rows (R1's own, then short questions and answers);
- `wide-rows-500`: 500 more rows of 99,000 characters each in one transcript (50 MB);
- `findings-files-5k`: 5,000 findings files, each citing a row;
- `forbidden-terms-200`: a private list of 200 fictional terms, 50 of them planted in the data in disguise
  (NFD, soft hyphen, zero-width space, emphasis split), four spellings each: the build must fail with
  200 forbidden-term errors;
- and, just inside the limits that format/README.md documents, `citations-5k`, `long-row-99k` and `rows-20k`;
  and near the 50 MB a data file may hold, `rows-550k`, `wide-rows-500` and `wide-rows-150` (15 MB).

Each input gets its own temporary project (its data/, a copy of mkdocs.yml and docs/assets/, as
benchmarks/run.py makes) and two steps, each a child process in its own session under a wall-clock
cap (killed with its whole process group past it) and an address-space limit (so a runaway input
fails with MemoryError instead of taking the machine):

1. `build_site.py --strict --quiet`;
2. if that succeeded, `mkdocs build --strict --quiet`.

Memory is each child's peak resident set as `os.wait4` reports it (the child's own maximum, or that
of a descendant it reaped if larger), measured in the kernel, not sampled. The issue's target: no
input takes more than 60 s or 4 GB in build_site.py and mkdocs build together.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
THESIS = CASES / "thesis" / "data"
TARGET_SECONDS, TARGET_MB = 60, 4096
PROBLEM = re.compile(r"^[\w./@+-]+(:\d+)?: ")  # path:line: … or path: … (a file as a whole)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Step:
    exit: int | str       # the exit status, or "killed" past the cap
    seconds: float
    peak_mb: float
    first_problem: str
    problems: int         # lines of the form path:line: … or path: …


@dataclass
class Result:
    name: str
    input_mb: float
    build: Step
    mkdocs: Step | None = None

    @property
    def seconds(self) -> float:
        return self.build.seconds + (self.mkdocs.seconds if self.mkdocs else 0)

    @property
    def peak_mb(self) -> float:
        return max(self.build.peak_mb, self.mkdocs.peak_mb if self.mkdocs else 0)

    @property
    def within_target(self) -> bool:
        killed = self.build.exit == "killed" or (self.mkdocs is not None and self.mkdocs.exit == "killed")
        return not killed and self.seconds <= TARGET_SECONDS and self.peak_mb <= TARGET_MB


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--inputs", nargs="+", metavar="NAME", help="only these inputs (see --list; any KIND-SIZE)")
    cli.add_argument("--list", action="store_true", help="print the names of the default inputs and stop")
    cli.add_argument("--cap", type=float, default=300, help="wall-clock seconds per step before it is killed")
    cli.add_argument("--memory-limit", type=float, default=8, metavar="GB",
                     help="address-space limit of each child (RLIMIT_AS), so a runaway fails instead of swapping")
    cli.add_argument("--keep", type=Path, help="build in this folder (one subfolder per input) and keep it")
    cli.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = cli.parse_args(argv)
    names = args.inputs or default_inputs()
    if args.list:
        print("\n".join(names))
        return 0
    unknown = [n for n in names if writer(n) is None]
    if unknown:
        cli.error(f"unknown input {', '.join(unknown)}; see --list (generated inputs: {', '.join(GENERATED)}-SIZE)")

    results = []
    with tempfile.TemporaryDirectory(prefix="qualsite-hostile-") as scratch:
        base = args.keep or Path(scratch)
        for name in names:
            result = run_input(base / name, name, cap=args.cap, memory_limit=int(args.memory_limit * 2**30))
            results.append(result)
            if not args.keep:
                shutil.rmtree(base / name, ignore_errors=True)
            print(f"{name}: {result.seconds:.1f} s, {result.peak_mb:.0f} MB", file=sys.stderr, flush=True)
    print(table(results))
    if args.json:
        figures = [{**asdict(r), "seconds": r.seconds, "peak_mb": r.peak_mb, "within_target": r.within_target}
                   for r in results]
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def default_inputs() -> list[str]:
    golden = sorted(p.parent.name for p in CASES.glob("*/data") if p.parent.name.startswith(("load-", "checks-")))
    hostile = ["citations-50k", "nesting-20k", "nesting-40k", "nesting-200k", "bracket-text-200k", "long-row-20M",
               "rows-300k", "findings-files-5k", "forbidden-terms-200"]
    # Just inside the limits of format/README.md (citations per file, characters per row, rows per transcript):
    # the largest input a build accepts must still meet the target.
    at_the_limits = ["citations-5k", "long-row-99k", "rows-20k"]
    # The most that passes the limits on a data file (50 MB) and on a row: what it costs to be refused.
    at_the_limits += ["rows-550k", "wide-rows-500", "wide-rows-150"]
    return golden + hostile + at_the_limits


def run_input(project: Path, name: str, *, cap: float, memory_limit: int) -> Result:
    if project.exists():
        shutil.rmtree(project)
    (project / "docs").mkdir(parents=True)
    writer(name)(project / "data")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
    size = sum(p.stat().st_size for p in (project / "data").rglob("*") if p.is_file())
    build = measure([sys.executable, str(ROOT / "build_site.py"), "--strict", "--quiet"], cwd=project, cap=cap,
                    memory_limit=memory_limit)
    result = Result(name, size / 2**20, build)
    if build.exit == 0:
        result.mkdocs = measure([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=project,
                                cap=cap, memory_limit=memory_limit)
    return result


def measure(command: list[str], *, cwd: Path, cap: float, memory_limit: int) -> Step:
    """Run a child in its own session; kill its process group past `cap` seconds; its wall time and peak RSS."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's banner about MkDocs 2.0 is no problem
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                 preexec_fn=limit, env=env)
        killed = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > cap:
                os.killpg(child.pid, signal.SIGKILL)
                _, status, usage = os.wait4(child.pid, 0)
                killed = True
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = ANSI.sub("", out.read().decode("utf-8", "replace"))
    lines = [line for line in output.splitlines() if line.strip()]
    problems = [line for line in lines if PROBLEM.match(line)]
    first = problems[0] if problems else next((line for line in lines if line.startswith(("ERROR", "WARNING"))), "")
    if not first and killed:
        first = f"(killed after {cap:g} s)"
    elif not first and child.returncode != 0 and lines:
        first = lines[-1]  # a traceback's last line names the exception
    return Step("killed" if killed else child.returncode, seconds, usage.ru_maxrss / 1024, first.strip(),
                len(problems))


# --- the inputs -------------------------------------------------------------------------------------------------

def writer(name: str) -> Callable[[Path], None] | None:
    """The function that writes input `name` into a data/ folder, or None if there is no such input."""
    if (CASES / name / "data").is_dir() and name.startswith(("load-", "checks-")):
        return lambda out: shutil.copytree(CASES / name / "data", out, symlinks=True)  # links as they are, loops too
    match = re.fullmatch(r"([a-z-]+?)-(\d+)([kM]?)", name)
    if not match or match[1] not in GENERATED:
        return None
    size = int(match[2]) * {"": 1, "k": 1000, "M": 1_000_000}[match[3]]
    return lambda out: GENERATED[match[1]](_thesis(out), size)


def _thesis(out: Path) -> Path:
    shutil.copytree(THESIS, out)
    return out


def _respondent_rows(data: Path) -> list[tuple[str, int]]:
    """(transcript, row) of every respondent's row of the thesis, to cite."""
    cited = []
    for path in sorted((data / "transcripts").glob("R*.yaml")):
        tid, n = path.stem, None
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("  - n: "):
                n = int(line.split(": ", 1)[1])
            elif line.strip() == f"speaker: {tid}" and n is not None:
                cited.append((tid, n))
    return cited


def _finding(number: str, order: int, body: str) -> str:
    return f"---\nnumber: '{number}'\ntitle: 'Tema {number}'\norder: {order}\n---\n\n## {number}.1 Avsnitt\n\n{body}\n"


def many_citations(data: Path, count: int) -> None:
    rows = _respondent_rows(data)
    sentences = [f"Detta sägs i intervjun ({tid}:{n})." for tid, n in (rows[i % len(rows)] for i in range(count))]
    body = "\n\n".join(" ".join(sentences[i:i + 10]) for i in range(0, count, 10))
    (data / "findings" / "4.9-citat.md").write_text(_finding("4.9", 9, body), encoding="utf-8")


def _replace_row_text(data: Path, raw_yaml_value: str) -> None:
    """Make the text of R1's row 1 the given raw YAML value (the row keeps its number, speaker and codes)."""
    path = data / "transcripts" / "R1.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("    text: "))
    lines[first] = "    text: " + raw_yaml_value
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def nesting(data: Path, depth: int) -> None:
    _replace_row_text(data, "[" * depth + "]" * depth)


def bracket_text(data: Path, depth: int) -> None:
    _replace_row_text(data, json.dumps("[" * depth + "]" * depth))


def long_row(data: Path, size: int) -> None:
    words = "vi arbetar ju med digitalisering och hållbarhet i hela verksamheten liksom".split()
    text, length, i = [], 0, 0
    while length < size:
        word = words[i % len(words)]
        text.append(word)
        length += len(word.encode("utf-8")) + 1
        i += 1
    _replace_row_text(data, json.dumps(" ".join(text), ensure_ascii=False))


def many_rows(data: Path, count: int) -> None:
    """R1 grows to `count` rows: its own rows (which the findings quote), then short questions and answers."""
    path = data / "transcripts" / "R1.yaml"
    text = path.read_text(encoding="utf-8")
    first = max(int(n) for n in re.findall(r"^  - n: (\d+)$", text, re.M)) + 1
    lines = [text.rstrip("\n")]
    for n in range(first, count + 1):
        speaker = "PK" if n % 2 else "R1"
        said = f"Fråga nummer {n} om digitalisering?" if n % 2 else f"Svar nummer {n}: vi arbetar med hållbarhet."
        lines.append(f"  - {{n: {n}, speaker: {speaker}, text: {json.dumps(said, ensure_ascii=False)}, codes: []}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def wide_rows(data: Path, count: int) -> None:
    """R1 gets `count` more rows of 99,000 characters each (just under the limit per row)."""
    path = data / "transcripts" / "R1.yaml"
    text = path.read_text(encoding="utf-8")
    first = max(int(n) for n in re.findall(r"^  - n: (\d+)$", text, re.M)) + 1
    words = "vi arbetar ju med digitalisering och hållbarhet i hela verksamheten liksom".split()
    said = " ".join(words * 9000)[:99_000]
    lines = [text.rstrip("\n")]
    for n in range(first, first + count):
        lines.append(f"  - {{n: {n}, speaker: {'PK' if n % 2 else 'R1'}, text: {json.dumps(said, ensure_ascii=False)},"
                     " codes: []}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def many_findings(data: Path, count: int) -> None:
    rows = _respondent_rows(data)
    for k in range(1, count + 1):
        tid, n = rows[k % len(rows)]
        body = f"Ett kort avsnitt som hänvisar till en rad ({tid}:{n})."
        (data / "findings" / f"7.{k}-extra.md").write_text(_finding(f"7.{k}", 100 + k, body), encoding="utf-8")


DISGUISES = (
    ("NFD", lambda term: unicodedata.normalize("NFD", term)),
    ("soft hyphen", lambda term: term[:2] + "\u00ad" + term[2:]),
    ("zero-width space", lambda term: term[:3] + "\u200b" + term[3:]),
    ("emphasis split", lambda term: term[:2] + "**" + term[2:4] + "**" + term[4:]),
)


def forbidden_term(k: int) -> str:
    """A fictional name that occurs in no text: a syllable pattern with Swedish letters (so NFD changes it)."""
    first = ("Bå", "Kö", "Lä", "Mö", "Nå", "Rä", "Sö", "Tå", "Vä", "Ös")[k % 10]
    middle = ("rk", "lm", "nd", "st", "gr")[(k // 10) % 5]
    end = ("by", "vik", "ström", "holm")[(k // 50) % 4]
    return f"{first}{middle}{end}"


def planted_terms(data: Path, count: int) -> None:
    terms = [forbidden_term(k) for k in range(count)]
    assert len(set(terms)) == count, "forbidden_term() repeats"
    private = data / "private"
    private.mkdir(exist_ok=True)
    (private / "forbidden-terms.txt").write_text("\n".join(terms) + "\n", encoding="utf-8")
    planted = terms[: max(1, count // 4)]
    sentences = [f"Vi pratade om {disguise(term)} i samtalet." for term in planted for _, disguise in DISGUISES]
    (data / "findings" / "4.9-forklädda.md").write_text(
        _finding("4.9", 9, "Ett avsnitt utan belägg (R5:4).\n\n" + "\n\n".join(sentences)), encoding="utf-8")


GENERATED = {
    "citations": many_citations,
    "nesting": nesting,
    "bracket-text": bracket_text,
    "long-row": long_row,
    "rows": many_rows,
    "wide-rows": wide_rows,
    "findings-files": many_findings,
    "forbidden-terms": planted_terms,
}


# --- the table ----------------------------------------------------------------------------------------------------

def table(results: list[Result]) -> str:
    head = ("| input | data | build_site.py | first problem | mkdocs build | first problem | total | peak RSS"
            " | ≤ 60 s, ≤ 4 GB |")
    lines = [head, "|" + "---|" * 9]
    for r in results:
        mk = r.mkdocs
        lines.append(
            f"| {r.name} | {_size(r.input_mb)} | {_step(r.build)} | {_cell(r.build)}"
            f" | {_step(mk) if mk else '–'} | {_cell(mk) if mk else '–'}"
            f" | {r.seconds:.1f} s | {r.peak_mb:,.0f} MB | {'yes' if r.within_target else '**no**'} |")
    return "\n".join(lines)


def _step(step: Step) -> str:
    status = "killed" if step.exit == "killed" else f"exit {step.exit}"
    return f"{status}, {step.seconds:.2f} s, {step.peak_mb:,.0f} MB"


def _cell(step: Step) -> str:
    text = step.first_problem
    if len(text) > 110:
        text = text[:107] + "…"
    more = f" (+{step.problems - 1} more)" if step.problems > 1 else ""
    return (text.replace("|", "\\|") + more) if text else "–"


def _size(mb: float) -> str:
    return f"{mb:,.1f} MB" if mb >= 0.1 else f"{mb * 1024:,.0f} KB"


if __name__ == "__main__":
    sys.exit(main())
