"""Demo: ``make demo`` end to end, as a user runs it after install (``wijkassets demo --output DIR``).

The Makefile's ``demo`` target runs ``.venv/bin/wijkassets demo --output maps``; here the same command writes to a
temporary folder so the benchmark never touches ``maps/``. Timed as a fresh process: interpreter start, imports,
reading the embedded data, building every map, table and PDF. No peer: the goal is "in seconds".
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._harness import ROOT, Result, Row


def run(quick: bool = False) -> Result:
    """Run the demo in a fresh process, offline, and time it; list what it wrote."""
    repeat = 1 if quick else 2
    exe = Path(sys.executable).parent / "wijkassets"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "wijkassets"]
    result = Result(
        "demo",
        "Demo end to end",
        data=(
            "`wijkassets demo --output <tmp>` in a fresh process, offline, on the embedded Den Haag data and "
            f"the fictional example register. Best of {repeat} run{'s' if repeat > 1 else ''}."
        ),
    )
    times = []
    written: list[str] = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                **os.environ,
                "WIJKASSETS_OFFLINE": "1",
                "WIJKASSETS_CACHE": str(Path(tmp) / "cache"),
                "MPLBACKEND": "Agg",
            }
            t0 = time.perf_counter()
            proc = subprocess.run(
                [*cmd, "demo", "--output", str(Path(tmp) / "maps")],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            times.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                result.notes.append(
                    f"`wijkassets demo` exited with {proc.returncode}: {proc.stderr.strip()[-500:]}"
                )
                break
            out = Path(tmp) / "maps"
            written = sorted(
                f"{p.relative_to(out)} ({p.stat().st_size / 1e3:.0f} kB)"
                for p in out.rglob("*")
                if p.is_file()
            )
    ok = not any("exited with" in n for n in result.notes)
    expected = ("sterktekaart.html", "sterktes-naast-tekorten.html", "wandeling.pdf", "profiel.csv")
    missing = [e for e in expected if not any(w.startswith(e) for w in written)]
    if missing:
        result.not_measured.append(
            "the full demo: it does not write "
            + ", ".join(missing)
            + " yet (render/analysis parts not built yet); the time below is of what it does now"
        )
    result.rows.append(
        Row(
            "`wijkassets demo` end to end (fresh process)",
            min(times) if ok else None,
            None,
            "",
            goal="in seconds (under 30 s)",
            met=min(times) < 30 if ok and not missing else None,
        )
    )
    if written:
        result.notes.append("The demo wrote: " + "; ".join(written) + ".")
    return result
