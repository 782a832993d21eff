"""The ``wijkassets compare`` command: areas over the years, in constant boundaries, as a chart or a table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wijkassets._errors import WijkassetsError

_TABLES = (".csv", ".xlsx", ".parquet")
_IMAGES = (".png", ".pdf", ".svg")


def compare_cmd(
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Where to write: a chart (.png, .pdf, .svg) or the tidy table (.csv, .xlsx, .parquet).",
        ),
    ],
    indicator: Annotated[
        str,
        typer.Option(
            "--indicator",
            "-i",
            help="The CBS indicator, e.g. inwoners (several: inwoners,huishoudens). See: wijkassets kwb indicators",
        ),
    ],
    years: Annotated[
        str,
        typer.Option("--years", "-y", help="The years to compare, e.g. 2015,2019,2021,2024."),
    ],
    set_name: Annotated[
        str | None,
        typer.Option(
            "--set", "-s", help="A named set of areas, e.g. nplv-2022 (see: wijkassets areas sets)."
        ),
    ] = None,
    areas: Annotated[
        str | None,
        typer.Option("--areas", "-a", help="Area codes instead of a set, e.g. WK034403,WK051838."),
    ] = None,
    reference_year: Annotated[
        int | None,
        typer.Option(
            "--reference-year",
            "-r",
            help="Carry every figure to the boundaries of this year (default: the latest year).",
        ),
    ] = None,
) -> None:
    """Compare areas over the years in the boundaries of one year: small multiples or a table.

    Each area gets its own panel; figures of other years are carried to the boundaries of the reference year
    (unchanged areas as published, changed ones by areal interpolation). Areas and years without figures are
    drawn as what exists and listed. Bron: CBS.

    Example: wijkassets compare --set nplv-2022 --indicator inwoners --years 2015,2019,2021,2024 -o nplv.png
    """
    import warnings

    from wijkassets._io import write_table
    from wijkassets.areas.compare import compare
    from wijkassets.cli import out

    if bool(set_name) == bool(areas):
        raise WijkassetsError("Give either --set NAME or --areas CODES (one of the two).")
    suffix = output.suffix.lower()
    if suffix not in _TABLES + _IMAGES:
        raise WijkassetsError(
            f"Cannot write {output.name!r}: use one of {', '.join(_IMAGES + _TABLES)}."
        )
    try:
        year_list = [int(y) for y in years.replace(";", ",").split(",") if y.strip()]
    except ValueError as exc:
        raise WijkassetsError(
            f"--years: give whole years separated by commas, e.g. 2015,2019,2021 (got {years!r})."
        ) from exc
    target: object = set_name
    if areas:
        target = [a.strip() for a in areas.replace(";", ",").split(",") if a.strip()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tidy = compare(target, indicator, year_list, reference_year=reference_year)
    names = tidy.attrs.get("indicators", [indicator])
    written: list[Path] = []
    if suffix in _IMAGES:
        from wijkassets.render.charts import draw_comparison

        for name in names:
            path = output if len(names) == 1 else output.with_name(f"{output.stem}_{name}{suffix}")
            draw_comparison(tidy, path, indicator=name)
            written.append(path)
    else:
        written.append(write_table(tidy, output, index=False, sheet="vergelijking"))
    for path in written:
        out.print(str(path))
    missing = tidy.attrs.get("missing")
    if missing is not None and len(missing):
        out.print("Zonder cijfers (without figures):")
        for (_area, naam), g in missing.groupby(["area", "naam"], sort=False):
            yrs = sorted({str(int(y)) for y in g["year"].dropna()})
            reason = str(g["reason"].iloc[0])
            when = f" ({', '.join(yrs)})" if yrs else ""
            out.print(f"  - {naam}{when}: {reason}", markup=False)
    flagged = tidy.attrs.get("crosswalks")
    if flagged is not None and len(flagged):
        out.print(
            f"Let op: {len(flagged)} area(s) behind these figures found a counterpart for under 95% of "
            "their land between two maps; see the 'coverage' and 'note' columns (-o .csv).",
            markup=False,
        )


def register(app: typer.Typer) -> None:
    """Add the ``compare`` command to the root command."""
    app.command("compare")(compare_cmd)
