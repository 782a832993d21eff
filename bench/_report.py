"""Write ``bench/RESULTS.md``: the machine, then per benchmark its data, figures, peers, ratios and notes."""

from __future__ import annotations

from pathlib import Path

from bench._harness import Result, Row, fmt, fmt_ratio


def _goal(met: bool | None, goal: str) -> str:
    if met is None:
        return goal or ""
    return f"{'met' if met else '**missed**'}: {goal}"


def _peer(row: Row) -> str:
    return row.peer_name or "no peer"


def _peer_figure(row: Row) -> str:
    return "" if row.peer is None and not row.peer_name else fmt(row.peer, row.unit)


def render(results: list[Result], info: dict[str, str], *, quick: bool, total: float) -> str:
    """Return the report as Markdown."""
    lines = [
        "# wijkassets benchmarks",
        "",
        f"Written by `python -m bench{' --quick' if quick else ''}` (`make bench{'-quick' if quick else ''}`) "
        f"on {info['date']}, commit {info['commit']}; all benchmarks took {total:.0f} s. Every ratio is "
        "wijkassets' figure divided by the peer's, both measured in this same run on this machine "
        "(below 1: wijkassets is faster or smaller). Times are the best of the runs named per benchmark. "
        "Figures marked SYNTHETIC come from made-up data of the stated size; nothing here is a CBS figure. "
        "The machine may be shared with other work (see the load average below): absolute times then vary "
        "from run to run, and a ratio (both sides measured in the same minutes) is the figure to read.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {info['cpu']} |",
        f"| cores | {info['cores']} |",
        f"| memory | {info['memory']} |",
        f"| OS | {info['os']} |",
        f"| Python | {info['python']} |",
        f"| GEOS | {info['geos']} |",
        f"| browser | {info['chromium']} (headless, via Playwright) |",
        f"| libraries | {info['libraries']} |",
        f"| load average (1/5/15 min) | at the start {info['load']}; at the end {info.get('load_end', '?')} |",
        "",
        "## Summary",
        "",
        "| benchmark | figure | wijkassets | peer | peer's figure | ratio | goal |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for row in r.rows:
            lines.append(
                f"| {r.title} | {row.what} | {fmt(row.ours, row.unit)} | {_peer(row)} | "
                f"{_peer_figure(row)} | {fmt_ratio(row)} | {_goal(row.met, row.goal)} |"
            )
    missing = [(r.title, m) for r in results for m in r.not_measured]
    if missing:
        lines += ["", "Not measured:", ""]
        lines += [f"- {title}: not measured: {m}" for title, m in missing]
    for r in results:
        lines += ["", f"## {r.title}", "", f"Took {r.seconds:.0f} s. {r.data}".strip(), ""]
        if r.rows:
            lines += [
                "| figure | wijkassets | peer | peer's figure | ratio | goal |",
                "|---|---|---|---|---|---|",
            ]
            for row in r.rows:
                lines.append(
                    f"| {row.what} | {fmt(row.ours, row.unit)} | {_peer(row)} | "
                    f"{_peer_figure(row)} | {fmt_ratio(row)} | {_goal(row.met, row.goal)} |"
                )
        if r.extra:
            lines += ["", "Other figures from the same run:", ""]
            lines += [f"- {row.what}: {fmt(row.ours, row.unit)}" for row in r.extra]
        if r.not_measured:
            lines += [""] + [f"- not measured: {m}" for m in r.not_measured]
        if r.notes:
            lines += [""]
            for note in r.notes:
                lines += [note, ""]
    return "\n".join(lines).rstrip() + "\n"


def write_report(
    path: str | Path, results: list[Result], info: dict[str, str], *, quick: bool, total: float
) -> None:
    """Write the report to ``path`` (atomically)."""
    from wijkassets._io import atomic_write_text

    atomic_write_text(path, render(results, info, quick=quick, total=total))
