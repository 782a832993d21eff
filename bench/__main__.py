"""Run the benchmarks: ``python -m bench`` (full, rewrites bench/RESULTS.md) or ``python -m bench --quick``.

``--only join,kwb`` runs some of them; ``--out FILE`` writes the report elsewhere (a quick run, or one with
``--only``, writes no report unless ``--out`` is given). Each benchmark prints its figures as it finishes.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
import traceback
import warnings

from bench import _harness
from bench._harness import ROOT, Result, fmt, fmt_ratio, load_average, machine
from bench._report import write_report

BENCHMARKS = ("join", "kwb", "crosswalk", "maps", "paging", "demo")


def _print(result: Result) -> None:
    print(f"\n== {result.title} ({result.seconds:.0f} s)", flush=True)
    for row in result.rows:
        goal = ""
        if row.met is not None:
            goal = f"  [{'goal met' if row.met else 'GOAL MISSED'}: {row.goal}]"
        versus = (
            f" vs {fmt(row.peer, row.unit)} ({row.peer_name}) ratio {fmt_ratio(row)}"
            if row.peer_name
            else " (no peer)"
        )
        print(f"  {row.what}: {fmt(row.ours, row.unit)}{versus}{goal}", flush=True)
    for row in result.extra:
        print(f"  {row.what}: {fmt(row.ours, row.unit)}", flush=True)
    for item in result.not_measured:
        print(f"  not measured: {item}", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print (and, for a full run, write) the results."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small versions, under a minute")
    parser.add_argument("--only", default="", help="comma-separated: " + ",".join(BENCHMARKS))
    parser.add_argument(
        "--out", default=None, help="write the report here (default: full run only)"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; choose from {', '.join(BENCHMARKS)}")
    # offline, with a cache of its own: a benchmark never reaches the internet nor a user's warm cache
    os.environ["WIJKASSETS_OFFLINE"] = "1"
    os.environ["WIJKASSETS_CACHE"] = tempfile.mkdtemp(prefix="wijkassets-bench-cache-")
    os.environ.setdefault("MPLBACKEND", "Agg")
    os.environ.setdefault("TQDM_DISABLE", "1")
    sys.path.insert(0, str(ROOT))  # tests.fakeserver
    _harness.DEEP = not args.quick
    started = time.perf_counter()
    info = machine()
    print(
        f"wijkassets benchmarks ({'quick' if args.quick else 'full'}) on {info['cpu']}, "
        f"{info['cores']} cores, {info['memory']}, Python {info['python']}",
        flush=True,
    )
    results: list[Result] = []
    for name in names:
        t0 = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.bench_{name}")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result: Result = module.run(quick=args.quick)
        except Exception as exc:  # a broken benchmark is reported, the others still run
            result = Result(name, name, not_measured=[f"the benchmark failed: {exc!r}"])
            result.notes.append("```\n" + traceback.format_exc()[-3000:] + "\n```")
        result.seconds = time.perf_counter() - t0
        results.append(result)
        _print(result)
    total = time.perf_counter() - started
    info["load_end"] = load_average()
    print(f"\nall benchmarks: {total:.0f} s", flush=True)
    # only a full run of every benchmark rewrites bench/RESULTS.md
    full = not args.quick and not args.only
    out = args.out or (str(ROOT / "bench" / "RESULTS.md") if full else None)
    if out:
        write_report(out, results, info, quick=args.quick, total=total)
        print(f"wrote {out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
