"""Commands of the ``cbs`` step, added to the root ``wijkassets`` command by :func:`register`.

``wijkassets kwb tables | fetch | load | read | indicators``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

kwb_app = typer.Typer(
    name="kwb",
    help=(
        "CBS Kerncijfers wijken en buurten (KWB): figures per gemeente, wijk and buurt for any year, "
        "under one stable name per figure. Bron: CBS."
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

OutOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Write the table to this file (.csv, .xlsx or .parquet). Nothing is written on an error.",
    ),
]


def _console():  # type: ignore[no-untyped-def]
    from wijkassets.cli import out

    return out


def _print_table(df, *, title: str, max_rows: int = 40) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    table = Table(title=title, show_lines=False, title_justify="left")
    index_name = df.index.name or ""
    table.add_column(index_name, no_wrap=True)
    for c in df.columns:
        table.add_column(str(c), overflow="fold")
    for idx, row in df.head(max_rows).iterrows():
        table.add_row(str(idx), *("" if _isna(v) else _fmt(v) for v in row.tolist()))
    _console().print(table)
    if len(df) > max_rows:
        _console().print(f"... {len(df) - max_rows} more rows; write them all with -o FILE.csv")


def _t(nl: str, en: str) -> str:
    """Return the Dutch text, or the English one with --lang en."""
    from wijkassets.settings import get_language

    return nl if get_language() == "nl" else en


def _isna(v: object) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(v))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def _fmt(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return f"{int(v)}"
    return str(v)


@kwb_app.command("tables")
def tables_cmd(
    output: OutOption = None,
    details: Annotated[
        bool, typer.Option("--details", help="Also show where each table id was checked.")
    ] = False,
) -> None:
    """List the KWB table id of every year, and whether the id was checked against CBS documentation."""
    from wijkassets._io import write_table
    from wijkassets.cbs.tables import tables_frame

    df = tables_frame()
    if output:
        _console().print(str(write_table(df, output)))
        return
    cols = (
        ["table_id", "verified", "checked_against"]
        if details
        else ["table_id", "verified", "title"]
    )
    shown = df[cols].copy()
    shown["verified"] = shown["verified"].map(
        {True: _t("ja", "yes"), False: _t("NEE (niet geverifieerd)", "NO (not verified)")}
    )
    _print_table(
        shown,
        title=_t(
            "Kerncijfers wijken en buurten: tabellen per jaar (Bron: CBS)",
            "Kerncijfers wijken en buurten: tables per year (Source: CBS)",
        ),
    )


@kwb_app.command("fetch")
def fetch_cmd(
    year: Annotated[
        int, typer.Argument(help="The KWB year, e.g. 2024 (see: wijkassets kwb tables).")
    ],
    gemeente: Annotated[
        str | None,
        typer.Option(
            "--gemeente",
            "-g",
            help="Only this gemeente, e.g. GM0518 (Den Haag). Default: all of NL.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Download again even when the cache is up to date.")
    ] = False,
    output: OutOption = None,
) -> None:
    """Download a year's KWB table from CBS into the cache, so it can be used offline later.

    Needs the internet. Checks whether CBS revised the table since it was cached, and downloads only then.
    """
    from wijkassets._io import write_table
    from wijkassets.cbs.load import _from_download, _select, download_table, normalise_gemeente
    from wijkassets.cbs.tables import resolve_table

    gm = normalise_gemeente(gemeente)
    table, data = download_table(resolve_table(year), gemeente=gm, force=force)
    df = _select(
        _from_download(
            data, year=table.year, table_id=table.table_id, origin=f"CBS {table.table_id}"
        ),
        gm,
        None,
    )
    counts = df["level"].value_counts().to_dict()
    _console().print(
        f"{table.source}: {counts.get('gemeente', 0)} gemeenten, {counts.get('wijk', 0)} wijken, "
        f"{counts.get('buurt', 0)} buurten, {len(df.columns) - 4} {_t('indicatoren', 'indicators')}; "
        + _t(
            f"versie van {df.attrs.get('modified')}. In de cache: werkt nu ook offline.",
            f"version of {df.attrs.get('modified')}. In the cache: works offline from now on.",
        )
    )
    if output:
        _console().print(str(write_table(df, output)))


@kwb_app.command("load")
def load_cmd(
    year: Annotated[
        int, typer.Argument(help="The KWB year, e.g. 2019 (see: wijkassets kwb tables).")
    ],
    gemeente: Annotated[
        str | None,
        typer.Option("--gemeente", "-g", help="Only this gemeente, e.g. GM0518 (Den Haag)."),
    ] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="Only gemeente, wijk or buurt rows.")
    ] = None,
    output: OutOption = None,
    long: Annotated[
        bool,
        typer.Option(
            "--long", help="Write the long form (code, year, indicator, value, source) instead."
        ),
    ] = False,
) -> None:
    """Give a year's figures under the stable names: from the cache, the embedded data, or CBS.

    Works offline for what was fetched before and for the embedded Den Haag figures (2015, 2019, 2021, 2024).
    """
    from wijkassets.cbs.load import load_kwb

    df = load_kwb(year, gemeente=gemeente, level=level)
    _write_or_show(df, output, long=long, title=f"KWB {year}", origin=df.attrs.get("origin"))


def _write_or_show(
    df: Any, output: Path | None, *, long: bool, title: str, origin: Any = None
) -> None:
    """Write the wide (or long) table to ``output``, or show a preview and where the figures come from."""
    from wijkassets._io import write_table
    from wijkassets.cbs.harmonise import to_long

    source = df.attrs.get("source")
    if output:
        table = to_long(df) if long else df
        path = write_table(table, output, index=not long)
        _console().print(f"{path}  ({len(table)} {_t('rijen', 'rows')}; {source})")
        return
    preview_cols = [c for c in df.columns if c != "year"][:8]
    _print_table(df[preview_cols], title=f"{title}: {source}", max_rows=15)
    _console().print(
        f"{len(df)} {_t('gebieden', 'areas')}, {len(df.columns) - 4} {_t('indicatoren', 'indicators')}. "
        f"{_t('Bron', 'Source')}: {source}" + (f" ({origin})" if origin else "")
    )


@kwb_app.command("read")
def read_cmd(
    file: Annotated[
        Path,
        typer.Argument(
            help="A StatLine CSV (or that CSV saved as .xlsx), a cbsodata/OData JSON file or folder, a "
            "Wijk- en buurtkaart file (.geojson, .gpkg, .shp, .dbf), or a table wijkassets wrote "
            "(.csv, .xlsx, .parquet)."
        ),
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="The year of the figures, when the file and its name do not say."
        ),
    ] = None,
    output: OutOption = None,
    long: Annotated[
        bool,
        typer.Option(
            "--long", help="Write the long form (code, year, indicator, value, source) instead."
        ),
    ] = False,
) -> None:
    """Read KWB figures from a file on disk and give them the catalogue's stable names.

    With -o the whole table is written; without it, a preview is shown.
    """
    from wijkassets.cbs.readers import read_kwb

    df = read_kwb(file, year=year)
    _write_or_show(df, output, long=long, title=file.name)


@kwb_app.command("indicators")
def indicators_cmd(
    output: OutOption = None,
    theme: Annotated[
        str | None, typer.Option("--theme", help="Only this theme, e.g. inkomen, wonen, zorg.")
    ] = None,
) -> None:
    """Print the indicator catalogue: stable name, label, unit, kind, theme and polarity."""
    from wijkassets._io import write_table
    from wijkassets.cbs.indicators import catalogue

    df = catalogue()
    if theme:
        themes = sorted({str(t) for t in df["theme"].dropna()})
        if theme.strip().lower() not in {t.lower() for t in themes}:
            from wijkassets._errors import WijkassetsError

            raise WijkassetsError(
                f"--theme {theme!r} is not a theme of the catalogue. Use one of: {', '.join(themes)}."
            )
        df = df[df["theme"].str.lower() == theme.strip().lower()]
    if output:
        _console().print(str(write_table(df, output)))
        return
    _print_table(
        df[["label", "unit", "kind", "theme", "polarity"]],
        title=_t(
            "Indicatoren (Bron: CBS, Kerncijfers wijken en buurten)",
            "Indicators (Source: CBS, Kerncijfers wijken en buurten)",
        ),
        max_rows=len(df),
    )


def register(app: typer.Typer) -> None:
    """Add this step's commands to the root command."""
    app.add_typer(kwb_app, name="kwb")
