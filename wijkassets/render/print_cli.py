"""Commands for printed maps, added to the root ``wijkassets`` command by :func:`register`.

``wijkassets walk`` makes the printable walk along a buurt's assets; ``wijkassets tiles`` keeps the street map of
one or more buurten in the cache for an offline day.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _boundaries(path: Path | None, year: int, buurt: str):  # type: ignore[no-untyped-def]
    from wijkassets.areas import read_boundaries
    from wijkassets.render.print_map import _default_boundaries

    if path is not None:
        return read_boundaries(path)
    return _default_boundaries(buurt, year)


def walk(
    register: Annotated[
        Path,
        typer.Option(
            "--register",
            "-r",
            help="The asset register (its file). Only public fields are printed.",
        ),
    ],
    buurt: Annotated[
        str,
        typer.Option(
            "--buurt", "-b", help="The buurt to walk: CBS code (BU05182916) or exact name."
        ),
    ],
    output: Annotated[
        list[Path],
        typer.Option(
            "-o",
            "--output",
            help="File to write: .pdf (map and list of stops) or .png (one image per page). Repeat for both.",
        ),
    ],
    paper: Annotated[str, typer.Option("--paper", help="Paper size: A4 (default) or A3.")] = "A4",
    boundaries: Annotated[
        Path | None,
        typer.Option(
            "--boundaries",
            help="A map file with the buurten (default: the embedded CBS map of --year).",
        ),
    ] = None,
    year: Annotated[
        int, typer.Option("--year", help="Year of the buurt map when --boundaries is not given.")
    ] = 2015,
    start: Annotated[
        str | None, typer.Option("--start", help="Id of the asset to start the walk at.")
    ] = None,
    max_km: Annotated[
        float | None,
        typer.Option("--max-km", help="Longest walk in km; the stops furthest along are left off."),
    ] = None,
    background: Annotated[
        str,
        typer.Option(
            "--background",
            help="Street map behind the walk: grijs (default), standaard, pastel, or geen (none).",
        ),
    ] = "grijs",
    title: Annotated[
        str | None, typer.Option("--title", help="Title instead of 'Wandeling door <buurt>'.")
    ] = None,
    audience: Annotated[
        str,
        typer.Option(
            "--audience",
            help=(
                "Who gets the map: openbaar (default, fit for anyone) or buurt (also assets residents "
                "marked for the neighbourhood, for a walk with residents). Private assets never appear."
            ),
        ),
    ] = "openbaar",
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the map: nl (default) or en.")
    ] = None,
) -> None:
    """Make a printable walk along the assets of one buurt: a map with numbered stops and a list of the stops.

    The street map (PDOK's BRT-Achtergrondkaart) is fetched when online and kept in the cache, so the same command works offline later. Offline without it, the map shows the buurt outlines and says so.

    Example: wijkassets walk --register buurt.gpkg --buurt BU05182916 -o maps/wandeling.pdf -o maps/wandeling.png
    """
    from wijkassets import settings
    from wijkassets.assets import open_register
    from wijkassets.cli import out
    from wijkassets.render.print_map import walk_map

    if lang:
        settings.language = lang
        settings.get_language()
    reg = open_register(register)
    areas = _boundaries(boundaries, year, buurt)
    bg = None if background.strip().lower() in ("geen", "none", "off", "") else background
    result = walk_map(
        reg,
        buurt,
        path=output,
        paper=paper,
        boundaries=areas,
        start=start,
        max_km=max_km,
        background=bg,
        title=title,
        audience=audience.strip().lower(),
    )
    plan = result.plan
    out.print(
        f"{plan.buurt_naam} ({plan.buurt_code}): {len(plan.stops)} stops, "
        f"{plan.length_m / 1000:.1f} km, ca. {plan.minutes} min; {result.pages} pages."
    )
    for note in result.notes:
        out.print(note.replace("\n", " "))
    for path in result.paths:
        out.print(str(path))


def tiles(
    buurt: Annotated[
        list[str],
        typer.Option("--buurt", "-b", help="Buurt code or name; repeat for more buurten."),
    ],
    paper: Annotated[
        list[str], typer.Option("--paper", help="Paper size(s) to prepare for: A4, A3.")
    ] = ["A4", "A3"],  # noqa: B006
    boundaries: Annotated[
        Path | None, typer.Option("--boundaries", help="A map file with the buurten.")
    ] = None,
    year: Annotated[int, typer.Option("--year", help="Year of the embedded buurt map.")] = 2015,
    background: Annotated[
        str, typer.Option("--background", help="grijs (default), standaard or pastel.")
    ] = "grijs",
) -> None:
    """Keep the street map of buurten in the cache, so walk maps can be made offline (run while online).

    Fetches PDOK's BRT-Achtergrondkaart tiles for the area a walk map of each buurt shows, at the zoom level each paper size uses. A buurt takes a few dozen tiles; tiles already cached are not fetched again.
    """
    from wijkassets import settings
    from wijkassets._errors import WijkassetsError
    from wijkassets.cli import out
    from wijkassets.render.print_map import prefetch_tiles

    if settings.is_offline():
        raise WijkassetsError(
            "wijkassets is offline (WIJKASSETS_OFFLINE or --offline): tiles can only be fetched online."
        )
    for name in buurt:
        areas = _boundaries(boundaries, year, name)
        for size in paper:
            bg = prefetch_tiles(areas, name, paper=size, background=background)
            out.print(
                f"{name} ({size}): {bg.fetched} tiles fetched, {bg.cached} already cached, "
                f"{bg.missing} missing (zoom {bg.zoom})."
            )
            for error in bg.errors[:3]:
                out.print(f"  {error}")


def register(app: typer.Typer) -> None:
    """Add the print commands (walk, tiles) to the root command."""
    app.command("walk")(walk)
    app.command("tiles")(tiles)
