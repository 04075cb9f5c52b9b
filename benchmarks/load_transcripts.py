"""What reading transcripts line by line saves `load` (issue 19): the same corpus loaded with
`read_yaml_transcript` (rows read line by line where sure) and with `read_yaml_transcript_parsed` (the YAML
parser alone), interleaved in one process, in both shapes the format documents.

    python benchmarks/load_transcripts.py --interviews 1000 --rows 100 [--repeat 3] [--keep DIR]
    python benchmarks/load_transcripts.py --data /tmp/g1000/data      # a corpus make_corpus.py wrote already

`flow` is the corpus as `make_corpus.py` writes it (one row per line, `{n: 1, speaker: AK, text: "…"}`);
`block` is the same rows with one key per line, as PyYAML writes them (and `build_site.py import` does). Each
repeat loads both ways in turn; the two projects must be equal, and the medians are compared: wall-clock time, and
the processor time of this process (less disturbed by other work on a shared machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import qualsite.load as loader  # noqa: E402
from benchmarks.make_corpus import write_corpus  # noqa: E402
from qualsite.load.transcripts import read_yaml_transcript, read_yaml_transcript_parsed  # noqa: E402

WAYS = {"parsed whole": read_yaml_transcript_parsed, "line by line": read_yaml_transcript}


def block_copy(data: Path, out: Path) -> None:
    """`data` (a corpus of flow rows) into `out`, with every transcript's rows one key per line."""
    for path in sorted(data.rglob("*")):
        target = out / path.relative_to(data)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif path.parent.name == "transcripts" and path.suffix == ".yaml":
            value = yaml.safe_load(path.read_text(encoding="utf-8"))
            target.write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100_000,
                                             default_flow_style=False), encoding="utf-8")
        else:
            target.write_bytes(path.read_bytes())


def compare(data: Path, repeat: int) -> dict[str, list[tuple[float, float]]]:
    """(wall, processor) seconds of each `load` of `data`, both ways interleaved; the projects must be equal."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in WAYS}
    results = {}
    try:
        for _ in range(repeat):
            for name, reader in WAYS.items():
                loader.read_yaml_transcript = reader  # what `load` calls for each YAML transcript
                start, processor = time.perf_counter(), time.process_time()
                results[name] = loader.load(data, data.parent)
                times[name].append((time.perf_counter() - start, time.process_time() - processor))
    finally:
        loader.read_yaml_transcript = read_yaml_transcript
    if results["parsed whole"] != results["line by line"] or results["line by line"][0] is None:
        raise SystemExit(f"{data}: the two ways load different projects, or none")
    return times


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--interviews", type=int, default=1000)
    cli.add_argument("--rows", type=int, default=100)
    cli.add_argument("--repeat", type=int, default=3)
    cli.add_argument("--keep", type=Path, help="write the corpora here (default: a temporary folder)")
    cli.add_argument("--data", type=Path, help="load this corpus (rows one per line) instead of writing one")
    args = cli.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        work = args.keep or Path(temporary)
        flow, block = args.data or work / "flow" / "data", work / "block" / "data"
        if args.data is None:
            write_corpus(flow, interviews=args.interviews, rows=args.rows)
        block_copy(flow, block)
        print(f"`load` of {flow}, median of {args.repeat}: wall-clock (processor) seconds, each run's wall-clock in"
              " brackets\n")
        print("| rows written | parsed whole | line by line | faster |")
        print("|---|---:|---:|---:|")
        for shape, data in (("flow", flow), ("block", block)):
            times = compare(data, args.repeat)
            (before, before_cpu), (after, after_cpu) = (
                (statistics.median(t[0] for t in times[name]), statistics.median(t[1] for t in times[name]))
                for name in WAYS)
            runs = {name: ", ".join(f"{wall:.2f}" for wall, _ in ts) for name, ts in times.items()}
            print(f"| {shape} | {before:.2f} s ({before_cpu:.2f} s) [{runs['parsed whole']}]"
                  f" | {after:.2f} s ({after_cpu:.2f} s) [{runs['line by line']}]"
                  f" | ×{before / after:.1f} (×{before_cpu / after_cpu:.1f}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
