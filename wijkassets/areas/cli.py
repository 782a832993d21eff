"""Commands of the ``areas`` step, added to the root ``wijkassets`` command by :func:`register`.

``wijkassets areas find | sets | set | fetch | boundaries | read``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    import pandas as pd

areas_app = typer.Typer(
    name="areas",
    help=(
        "Gemeenten, wijken and buurten: find an area by name, get its boundaries (CBS Wijk- en buurtkaart via "
        "PDOK), and see the named sets of aandachtswijken. Bron: CBS."
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

OutOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--output",
        help="Write the table to this file (.csv, .xlsx, .parquet; .gpkg for maps). Nothing is written on an error.",
    ),
]
GemeenteOption = Annotated[
    str | None,
    typer.Option(
        "--gemeente", "-g", help="Only this gemeente: a code like GM0518 or a name like 'Den Haag'."
    ),
]

_HEADERS_NL = {
    "code": "code",
    "level": "niveau",
    "naam": "naam",
    "gemeentenaam": "gemeente",
    "gemeente": "gemeente",
    "year": "jaar",
    "score": "score",
    "codes": "codes",
    "status": "status",
    "note": "toelichting",
    "kind": "soort",
    "title": "omschrijving",
    "members": "leden",
    "exact": "exact",
    "approximate": "benaderd",
    "unmapped": "zonder codes",
    "name": "naam",
}


def _print(df: pd.DataFrame, *, title: str, columns: list[str], max_rows: int = 60) -> None:
    from rich.table import Table

    from wijkassets.cli import out
    from wijkassets.settings import get_language

    dutch = get_language() == "nl"
    table = Table(title=title, title_justify="left")
    for i, c in enumerate(columns):
        table.add_column(_HEADERS_NL.get(c, c) if dutch else c, overflow="fold", no_wrap=i == 0)
    for _, row in df.head(max_rows).iterrows():
        table.add_row(*(_fmt(row[c]) for c in columns))
    out.print(table)
    if len(df) > max_rows:
        out.print(f"... {len(df) - max_rows} more rows; write them all with -o FILE.csv")


def _t(nl: str, en: str) -> str:
    from wijkassets.settings import get_language

    return nl if get_language() == "nl" else en


def _fmt(v: object) -> str:
    import pandas as pd

    try:
        if pd.isna(v):  # type: ignore[call-overload]
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@areas_app.command("find")
def find_cmd(
    name: Annotated[
        str, typer.Argument(help="A name or code: Overvecht, 'Wijk 29 Schildersbuurt', GM0518.")
    ],
    level: Annotated[
        str | None, typer.Option("--level", "-l", help="Only gemeente, wijk or buurt.")
    ] = None,
    gemeente: GemeenteOption = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="Show at most this many areas.")
    ] = 10,
    output: OutOption = None,
) -> None:
    """Find gemeenten, wijken and buurten by name or code, offline; small typos are fine.

    Shows code, level, gemeente and the year of the map the name comes from.
    """
    from wijkassets._errors import WijkassetsError
    from wijkassets._io import write_table
    from wijkassets.areas.names import find
    from wijkassets.cli import out

    hits = find(name, level=level, gemeente=gemeente, limit=limit)
    if hits.empty:
        raise WijkassetsError(
            f"No area found for {name!r}. Check the spelling, try part of the name, or a code like WK034403."
        )
    if output:
        out.print(str(write_table(hits, output, index=False)))
        return
    _print(
        hits,
        title=_t(
            f"Gebieden voor '{name}' (naamindex uit de CBS Wijk- en buurtkaart; Bron: CBS)",
            f"Areas for '{name}' (name index from the CBS Wijk- en buurtkaart; Bron: CBS)",
        ),
        columns=["code", "level", "naam", "gemeentenaam", "year", "score"],
    )


@areas_app.command("sets")
def sets_cmd(output: OutOption = None) -> None:
    """List the area sets: shipped lists of aandachtswijken, your own sets, and derived sets.

    Per set: how many members have exact CBS codes, approximate (name-matched) codes, or none.
    """
    from wijkassets._io import write_table
    from wijkassets.areas.sets import list_sets, sets_folder
    from wijkassets.cli import out

    df = list_sets()
    if output:
        out.print(str(write_table(df, output)))
        return
    shown = df.reset_index()
    _print(
        shown,
        title=_t(
            "Gebiedssets (geen ervan is een officiële CBS-indeling)",
            "Area sets (none of them is an official CBS definition)",
        ),
        columns=["name", "kind", "members", "exact", "approximate", "unmapped"],
    )
    for name, title in zip(shown["name"], shown["title"], strict=True):
        out.print(f"[bold]{name}[/bold]: {title}", markup=True)
    out.print(
        _t(
            f"Eigen sets: zet CSV- of YAML-bestanden in {sets_folder()} (of zet WIJKASSETS_SETS).",
            f"Your own sets: put CSV or YAML files in {sets_folder()} (or set WIJKASSETS_SETS).",
        )
    )


@areas_app.command("set")
def set_cmd(
    name: Annotated[
        str,
        typer.Argument(
            help="The set's name (see: wijkassets areas sets) or a CSV/YAML file of your own."
        ),
    ],
    option: Annotated[
        list[str] | None,
        typer.Option(
            "--option",
            help="For a derived set: an option as KEY=VALUE, e.g. --option n=20 --option year=2024.",
        ),
    ] = None,
    output: OutOption = None,
) -> None:
    """Show the members of one area set, with their CBS codes and whether those are exact."""
    from wijkassets._io import write_table
    from wijkassets.areas.sets import get_set
    from wijkassets.cli import out

    s = get_set(name, **_options(option or []))
    if output:
        out.print(str(write_table(s.members, output, index=False)))
        return
    _print(
        s.members,
        title=s.summary(),
        columns=["naam", "gemeente", "codes", "status", "note"],
    )
    out.print(f"Bron: {s.source}")
    out.print(s.description)


@areas_app.command("add-set")
def add_set_cmd(
    path: Annotated[
        Path, typer.Argument(help="Your set as a CSV or YAML file (see: wijkassets areas sets).")
    ],
) -> None:
    """Check a set of your own and keep it, so 'wijkassets areas set NAME' and compare know it from now on."""
    from wijkassets._errors import WijkassetsError
    from wijkassets._io import atomic_write_bytes
    from wijkassets.areas.sets import _named_loaders, read_set, sets_folder
    from wijkassets.cli import out

    s = read_set(path)  # every problem is listed before anything is copied
    if s.name in _named_loaders():
        raise WijkassetsError(f"A set named {s.name!r} ships with wijkassets; rename your file.")
    target = sets_folder() / f"{s.name}{path.suffix.lower()}"
    atomic_write_bytes(target, path.read_bytes())
    out.print(f"{s.summary()}\n{_t('Bewaard in', 'Kept in')} {target}")


def _options(items: list[str]) -> dict[str, object]:
    from wijkassets._errors import WijkassetsError

    options: dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise WijkassetsError(f"--option {item!r}: write it as KEY=VALUE, e.g. --option n=20.")
        text = value.strip()
        parsed: object = text
        for kind in (int, float):
            try:
                parsed = kind(text)
                break
            except ValueError:
                continue
        options[key.strip()] = parsed
    return options


@areas_app.command("fetch")
def fetch_cmd(
    year: Annotated[int, typer.Argument(help="Year of the map, e.g. 2024.")],
    level: Annotated[str, typer.Argument(help="gemeente, wijk or buurt.")],
    gemeente: GemeenteOption = None,
) -> None:
    """Download a Wijk- en buurtkaart from PDOK into the cache, so it works offline later (a workshop day)."""
    from wijkassets import settings
    from wijkassets._errors import OfflineError
    from wijkassets.areas import _pdok
    from wijkassets.areas._columns import normalise_level
    from wijkassets.areas.boundaries import load_boundaries, normalise_gemeente
    from wijkassets.cli import out

    lvl = normalise_level(level)
    code = normalise_gemeente(gemeente)
    if settings.is_offline():
        raise OfflineError(
            "wijkassets areas fetch needs the internet, and wijkassets is offline (--offline or "
            "WIJKASSETS_OFFLINE). Run it again when online."
        )
    already = _pdok.is_cached(year, lvl, code)  # a look at the file, not a parse of 50 MB of pages
    gdf = load_boundaries(year, lvl, gemeente=code)
    state = "already in the cache" if already else "downloaded into the cache"
    out.print(f"{len(gdf)} {_pdok.COLLECTIONS[lvl]} {state}: {gdf.attrs['source']}")


@areas_app.command("boundaries")
def boundaries_cmd(
    year: Annotated[int, typer.Argument(help="Year of the map, e.g. 2024.")],
    level: Annotated[str, typer.Argument(help="gemeente, wijk or buurt.")],
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="The file to write: .gpkg (map), .csv, .xlsx or .parquet."
        ),
    ],
    gemeente: GemeenteOption = None,
) -> None:
    """Write the boundaries of one year and level to a file (EPSG:28992), from PDOK, the cache or the embedded maps."""
    from wijkassets._io import write_table
    from wijkassets.areas.boundaries import load_boundaries
    from wijkassets.cli import out

    gdf = load_boundaries(year, level, gemeente=gemeente)
    out.print(str(write_table(gdf, output, index=False)))
    out.print(f"{len(gdf)} areas. {gdf.attrs['source']}")


@areas_app.command("read")
def read_cmd(
    path: Annotated[Path, typer.Argument(help="A map file: .gpkg, .shp, .geojson or .topojson.")],
    year: Annotated[
        int | None, typer.Option("--year", help="The year of the map, when the file does not say.")
    ] = None,
    level: Annotated[
        str | None,
        typer.Option("--level", help="For a file with several layers: gemeente, wijk or buurt."),
    ] = None,
    output: OutOption = None,
) -> None:
    """Read a boundary file of your own, repair it, and report what was found and repaired."""
    from wijkassets._io import write_table
    from wijkassets.areas.boundaries import read_boundaries
    from wijkassets.cli import out

    gdf = read_boundaries(path, year=year, level=level)
    if output:
        out.print(str(write_table(gdf, output, index=False)))
    counts = gdf["level"].value_counts().to_dict()
    years = sorted({int(y) for y in gdf["year"].dropna()})
    rep = gdf.attrs.get("repairs", {})
    out.print(
        f"{path.name}: {len(gdf)} areas ({', '.join(f'{n} {lv}' for lv, n in counts.items())}), "
        f"year {', '.join(map(str, years)) or 'unknown'}, {int(gdf['water'].sum())} water-only; "
        f"repaired {rep.get('invalid', 0)} invalid, dropped {rep.get('fragments', 0)} fragments and "
        f"{len(rep.get('dropped', []))} areas without polygons, resolved {rep.get('overlaps', 0)} overlaps."
    )


def register(app: typer.Typer) -> None:
    """Add this step's commands to the root command."""
    app.add_typer(areas_app, name="areas")
