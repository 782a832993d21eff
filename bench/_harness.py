"""The bench harness: timing, results, the machine's description, profiles, and "not measured" entries.

Every figure is the best (minimum) of a few runs of the same call in the same process, measured with
``time.perf_counter``; the peer is measured in the same run, so the ratio compares like with like on this
machine today. A part of wijkassets that is not built yet gives a :class:`NotBuilt` entry, never a made-up
figure.
"""

from __future__ import annotations

import cProfile
import gc
import io
import os
import platform
import pstats
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: False in a quick run: no profiles and no experiments (they only feed RESULTS.md, which a quick run keeps)
DEEP = True
WORK = ROOT / "bench" / "_work"  # generated data; ignored by git


class NotBuilt(Exception):
    """The part of wijkassets a benchmark measures is not there (yet)."""


@dataclass
class Timing:
    """The times of one call, repeated: ``best`` is what tables show."""

    times: list[float]
    value: Any = None

    @property
    def best(self) -> float:
        return min(self.times)


def timeit(fn: Callable[[], Any], *, repeat: int = 3, warmup: bool = False) -> Timing:
    """Call ``fn`` ``repeat`` times and return all times (seconds) and the last return value."""
    if warmup:
        fn()
    times = []
    value = None
    for _ in range(max(1, repeat)):
        gc.collect()
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return Timing(times, value)


@dataclass
class Row:
    """One line of a benchmark table: what, wijkassets' figure, the peer's figure, the ratio and the goal."""

    what: str
    ours: float | None
    peer: float | None
    peer_name: str
    unit: str = "s"
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Return ours / peer (below 1 means wijkassets is faster or smaller)."""
        if self.ours is None or self.peer is None or self.peer == 0:
            return None
        return self.ours / self.peer


@dataclass
class Result:
    """What one benchmark found: its rows, the data it used, and notes (profiles, limits, what would help)."""

    name: str
    title: str
    data: str = ""
    rows: list[Row] = field(default_factory=list)
    extra: list[Row] = field(default_factory=list)  # figures without a peer or without a goal
    notes: list[str] = field(default_factory=list)
    not_measured: list[str] = field(default_factory=list)
    seconds: float = 0.0


def fmt(value: float | None, unit: str) -> str:
    """Format a figure with its unit for a table."""
    if value is None:
        return "not measured"
    if unit == "s":
        if value < 0.01:
            return f"{value * 1000:.2f} ms"
        if value < 1:
            return f"{value * 1000:.0f} ms"
        return f"{value:.2f} s"
    if unit == "B":
        if value >= 1e6:
            return f"{value / 1e6:.2f} MB"
        if value >= 1e3:
            return f"{value / 1e3:.1f} kB"
        return f"{value:.0f} B"
    return f"{value:,.0f} {unit}".strip()


def fmt_ratio(row: Row) -> str:
    """Format ours/peer, e.g. ``0.42x``."""
    r = row.ratio
    return "n/a" if r is None else f"{r:.2f}x"


def profile_top(fn: Callable[[], Any], *, n: int = 12) -> str:
    """Run ``fn`` once under cProfile; return the top ``n`` entries by cumulative time as text."""
    prof = cProfile.Profile()
    prof.enable()
    try:
        fn()
    finally:
        prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("cumulative").print_stats(n)
    lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()]
    # keep the header line of the table and its rows; drop pstats' preamble
    start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls")), 0)
    return "\n".join(
        ln.replace(str(ROOT) + "/", "").replace(sys.prefix + "/", "") for ln in lines[start:]
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return "not installed"


def _chromium_version() -> str:
    try:
        out = subprocess.run(
            ["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "not installed"


def load_average() -> str:
    """Return the 1/5/15-minute load averages: how busy the machine was besides the benchmark."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def machine() -> dict[str, str]:
    """Describe this machine and the libraries the benchmarks use."""
    import shapely

    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    libs = [
        "wijkassets",
        "geopandas",
        "shapely",
        "pandas",
        "numpy",
        "pyogrio",
        "pyarrow",
        "duckdb",
        "duckdb-ext-spatial",
        "tobler",
        "folium",
        "requests",
        "playwright",
    ]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": _memory_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "geos": shapely.geos_version_string,
        "chromium": _chromium_version(),
        "load": load_average(),
        "libraries": ", ".join(f"{name} {_version(name)}" for name in libs),
    }
