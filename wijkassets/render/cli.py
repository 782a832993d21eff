"""Commands of the ``render`` step, added to the root ``wijkassets`` command by :func:`register`."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

STRENGTHS_FILE = "sterktekaart.html"
SIDE_BY_SIDE_FILE = "sterktes-naast-tekorten.html"


def register(app: typer.Typer) -> None:
    """Add this step's commands to the root command."""
    app.command(name="map")(map_command)


def map_command(
    register_path: Annotated[
        Path,
        typer.Option(
            "--register",
            "-r",
            help="The asset register (.gpkg) to show. Only what may be published is shown.",
        ),
    ],
    boundaries: Annotated[
        Path,
        typer.Option(
            "--boundaries",
            "-b",
            help="Buurt boundaries (a CBS/PDOK wijk- en buurtkaart file: .gpkg, .geojson, .shp).",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("-o", "--output", help="Folder to write the maps to (made if missing)."),
    ] = Path("maps"),
    kwb: Annotated[
        Path | None,
        typer.Option(
            "--kwb",
            help=(
                "CBS figures per buurt (a StatLine CSV or a wijk- en buurtkaart file) for the deficits map. "
                "Without it, the boundary file's own figures are used when it has them."
            ),
        ),
    ] = None,
    deficit: Annotated[
        str | None,
        typer.Option(
            "--deficit",
            help="Which CBS figure to show as the deficit, e.g. pct_laag_inkomen (default: the first available).",
        ),
    ] = None,
    audience: Annotated[
        str,
        typer.Option(
            "--audience",
            help="openbaar (default: for the internet) or buurt (also what is meant for the neighbourhood).",
        ),
    ] = "openbaar",
    shared_folder: Annotated[
        bool,
        typer.Option(
            "--shared-folder",
            help="Write the map library once into wijkassets-static/ beside the maps instead of into each page.",
        ),
    ] = False,
    tiles: Annotated[
        bool,
        typer.Option(
            "--osm",
            help="Show OpenStreetMap streets under the map (needs internet when the map is opened).",
        ),
    ] = False,
) -> None:
    """Write the interactive maps: the strengths map and strengths next to deficits.

    Writes sterktekaart.html and, when CBS figures are available, sterktes-naast-tekorten.html into the output
    folder and prints their paths. The pages open in any browser and work without internet.
    """
    from wijkassets.cli import err, out

    paths = build_maps(
        register_path,
        boundaries,
        output,
        kwb=kwb,
        deficit=deficit,
        audience=audience,
        self_contained=not shared_folder,
        tiles="osm" if tiles else None,
        say=lambda text: err.print(text, markup=False),
    )
    for path in paths:
        out.print(str(path))


def build_maps(
    register_path: Path,
    boundaries: Path,
    output: Path,
    *,
    kwb: Path | None = None,
    deficit: str | None = None,
    audience: str = "openbaar",
    self_contained: bool = True,
    tiles: str | None = None,
    say: Callable[[str], None] | None = None,
) -> list[Path]:
    """Read the inputs, make both maps and write them into ``output``; return the paths written."""
    from wijkassets._errors import WijkassetsError
    from wijkassets.areas import read_boundaries
    from wijkassets.assets.register import open_register
    from wijkassets.render import web

    tell = say or (lambda text: None)
    if audience not in ("openbaar", "buurt"):
        raise WijkassetsError(f"--audience {audience}: use openbaar or buurt.")
    if (output.exists() and not output.is_dir()) or output.suffix.lower() in (".html", ".htm"):
        raise WijkassetsError(
            f"-o {output}: map writes a folder with {STRENGTHS_FILE} and {SIDE_BY_SIDE_FILE} in it, so give "
            "the name of a folder, e.g. -o maps."
        )
    reg = open_register(register_path)
    if not boundaries.exists() and boundaries.name.isdigit():
        raise WijkassetsError(
            f"--boundaries {boundaries}: give a map file, not a year. Write the CBS buurt map of that year to "
            f"a file first, e.g.: wijkassets areas boundaries {boundaries} buurt --gemeente GM0518 -o buurten.gpkg"
        )
    if kwb is not None and not kwb.exists() and kwb.name.isdigit():
        raise WijkassetsError(
            f"--kwb {kwb}: give a file of CBS figures, not a year. Write that year's figures to a file first, "
            f"e.g.: wijkassets kwb load {kwb} --gemeente GM0518 --level buurt -o kwb-{kwb}.csv"
        )
    areas = read_boundaries(boundaries)
    if "level" in areas.columns and (areas["level"] == "buurt").any():
        areas = areas[areas["level"] == "buurt"]
    # Build every page before writing any, so a failure (a bad --kwb or --deficit) writes nothing.
    pages: list[tuple[Any, str]] = [
        (web.strengths_map(reg, areas, audience=audience, tiles=tiles), STRENGTHS_FILE)
    ]

    from wijkassets.analysis import profile  # type: ignore[attr-defined]
    from wijkassets.assets.privacy import public_view
    from wijkassets.cbs import read_kwb

    stats = None
    try:
        stats = read_kwb(kwb if kwb is not None else boundaries)
    except WijkassetsError as exc:
        if kwb is not None:
            raise
        tell(
            f"No CBS figures in {boundaries.name} ({exc}); pass --kwb with a CBS file to get "
            f"{SIDE_BY_SIDE_FILE}."
        )
    if stats is not None:
        with warnings.catch_warnings():
            # the public view warns about what it leaves out; the strengths map has said so already
            warnings.simplefilter("ignore")
            public_assets, _ = public_view(reg, audience=audience)  # type: ignore[arg-type]
        table = profile(areas, public_assets, kwb=stats)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                dual = web.side_by_side_map(table, deficit=deficit, register=reg, tiles=tiles)
        except WijkassetsError as exc:
            if deficit is not None:
                raise
            tell(f"{SIDE_BY_SIDE_FILE} not written: {exc}")
        else:
            pages.append((dual, SIDE_BY_SIDE_FILE))
    return [
        web.save_map(page, output / name, self_contained=self_contained) for page, name in pages
    ]
