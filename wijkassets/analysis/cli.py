"""Commands of the ``analysis`` step, added to the root ``wijkassets`` command by :func:`register`.

``wijkassets profile``: one row per area with what it has (the register) next to the usual deficit figures (CBS).
"""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wijkassets._errors import WijkassetsError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd


def register(app: typer.Typer) -> None:
    """Add this step's commands to the root command."""
    app.command("profile")(profile_command)


def profile_command(
    assets: Annotated[
        Path,
        typer.Option(
            "--assets",
            "--register",
            help="The asset register (a .gpkg made by wijkassets), or a file of assets to read.",
        ),
    ],
    boundaries: Annotated[
        str,
        typer.Option(
            "--boundaries",
            help=(
                "The areas: a map file (GeoPackage, Shapefile, GeoJSON, TopoJSON) or a year (e.g. 2015) to use "
                "the CBS Wijk- en buurtkaart of that year (cache, PDOK, or the embedded Den Haag map offline)."
            ),
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Where to write the profile: .csv, .xlsx, .parquet, or .gpkg (keeps the outlines).",
        ),
    ],
    kwb: Annotated[
        str | None,
        typer.Option(
            "--kwb",
            help=(
                "CBS figures: a file (StatLine CSV, JSON, map attributes) or a year. Default: the boundary "
                "map's own figures when it has them."
            ),
        ),
    ] = None,
    level: Annotated[
        str,
        typer.Option("--level", help="With a year: gemeente, wijk or buurt (default buurt)."),
    ] = "buurt",
    gemeente: Annotated[
        str | None,
        typer.Option(
            "--gemeente", help="With a year: only this gemeente, e.g. GM0518 or 'Den Haag'."
        ),
    ] = None,
    min_inwoners: Annotated[
        int,
        typer.Option(
            "--min-inwoners",
            help="Areas with fewer inwoners get no figures per inwoner and no percentiles.",
        ),
    ] = 50,
) -> None:
    """Build the profile of each area: its strengths (assets) next to CBS's deficit figures.

    One row per area: code, naam, inwoners, n_assets, one n_<categorie> per ABCD category, the other strength figures, the deficit figures and their percentiles within the gemeente. A second file beside the output (<name>-kolommen.csv) says what each column means, where it came from and which way is better.

    Example: wijkassets profile --assets buurt.gpkg --boundaries 2015 --gemeente GM0518 -o profiel.csv
    """
    from wijkassets import settings
    from wijkassets._io import check_output_path, write_table
    from wijkassets.analysis.profiles import describe_profile, profile
    from wijkassets.cli import err, out

    check_output_path(output)
    if gemeente is not None:
        # one code for the map and the figures: load_kwb takes codes only, and a name passed on to it lost
        # every CBS figure with no more than a warning
        from wijkassets.areas.boundaries import normalise_gemeente

        gemeente = normalise_gemeente(gemeente)
    register_or_assets, links = _read_assets(assets)
    areas, year = _read_boundaries(boundaries, level=level, gemeente=gemeente)
    stats = _read_statistics(kwb, boundaries, year=year, level=level, gemeente=gemeente)
    prof = profile(areas, register_or_assets, stats, links=links, min_inwoners=min_inwoners)
    columns = describe_profile(prof)
    written = write_table(prof, output, index=False)
    side = written.with_name(
        f"{written.stem}-{'columns' if settings.get_language() == 'en' else 'kolommen'}.csv"
    )
    write_table(columns, side, index=False)

    en = settings.get_language() == "en"
    out.print(str(written))
    out.print(str(side))
    err.print(
        (f"{len(prof)} areas" if en else f"{len(prof)} gebieden")
        + f"; {int(prof['n_assets'].sum())} assets"
        + ("." if en else " meegeteld.")
    )
    absent = prof.attrs.get("absent", [])
    if absent:
        err.print(
            ("Deficit figures not in these statistics: " if en else "Tekortcijfers die ontbreken: ")
            + ", ".join(a["column"] for a in absent),
            markup=False,
        )
    for note in prof.attrs.get("notes", []):
        err.print(note, markup=False)
    err.print(("Sources: " if en else "Bronnen: ") + prof.attrs.get("source", ""), markup=False)


def _read_assets(path: Path) -> tuple[Any, pd.DataFrame | None]:
    """Open a register, or read and check a file of assets (CSV, Excel, GeoJSON, ...); return it and its links."""
    from wijkassets import assets as assets_pkg
    from wijkassets.assets.register import is_register

    if not path.exists():
        raise WijkassetsError(
            f"Asset register not found: {path}. Give the path of a register (.gpkg) or of a file of assets "
            "(CSV, Excel, GeoJSON)."
        )
    if is_register(path):
        return assets_pkg.open_register(path), None
    checked = assets_pkg.read_assets(path)
    gdf = checked.assets
    gdf.attrs["source"] = (
        f"assets uit {path.name} (niet in een register), gelezen op {date.today().isoformat()}"
    )
    return gdf, checked.links


def _read_boundaries(
    boundaries: str, *, level: str, gemeente: str | None
) -> tuple[gpd.GeoDataFrame, int | None]:
    """Return the areas and, when given as a year, that year."""
    from wijkassets.areas import load_boundaries, read_boundaries

    text = boundaries.strip()
    if text.isdigit() and len(text) == 4:
        year = int(text)
        return load_boundaries(year, level, gemeente=gemeente), year
    path = Path(text)
    if not path.exists():
        raise WijkassetsError(
            f"--boundaries {boundaries!r} is neither a year (e.g. 2015) nor an existing map file."
        )
    areas = read_boundaries(path)
    if gemeente is not None:
        from wijkassets.areas.boundaries import normalise_gemeente

        code = normalise_gemeente(gemeente)
        areas = areas[areas["gemeentecode"] == code].reset_index(drop=True)
        if areas.empty:
            raise WijkassetsError(f"{path.name} has no areas in gemeente {code}.")
    if level and "level" in areas.columns and areas["level"].nunique() > 1:
        areas = areas[areas["level"] == level].reset_index(drop=True)
    return areas, None


def _read_statistics(
    kwb: str | None, boundaries: str, *, year: int | None, level: str, gemeente: str | None
) -> pd.DataFrame | None:
    """Return the CBS figures to use: ``--kwb``, else the boundary map's own figures (None when it has none)."""
    from wijkassets.cbs import load_kwb, read_kwb

    if kwb is not None:
        text = kwb.strip()
        if text.isdigit() and len(text) == 4:
            return load_kwb(int(text), gemeente=gemeente, level=level)
        path = Path(text)
        if not path.exists():
            raise WijkassetsError(
                f"--kwb {kwb!r} is neither a year (e.g. 2019) nor an existing file of CBS figures."
            )
        return read_kwb(path)
    try:
        if year is not None:
            return load_kwb(year, gemeente=gemeente, level=level)
        return read_kwb(Path(boundaries))
    except WijkassetsError as exc:
        warnings.warn(
            f"The boundaries have no CBS figures of their own ({exc}); inwoners, rates and deficit figures "
            "stay empty. Give them with --kwb FILE_OR_YEAR.",
            UserWarning,
            stacklevel=2,
        )
        return None
