"""What may leave the register: one privacy rule for public exports, web maps and print maps.

:func:`public_view` returns exactly what may be published. The rules, in order:

1. **No personal fields.** Only the columns in :data:`PUBLIC_COLUMNS` leave the register; ``vastgelegd_door``,
   ``toestemming`` and any form metadata (Kobo's ``_uuid``, ``_submission_time``, ``start``, ``end``, which the
   import never stores anyway) do not.
2. **No private assets.** An asset marked ``prive`` never leaves. With ``audience="openbaar"`` (the default, for
   anything on the internet) only ``openbaar`` assets are shown; ``audience="buurt"`` also shows ``buurt``
   assets (for a printed map in the buurthuis).
3. **No individual without consent.** An ``individu`` is shown only with ``toestemming`` (consent).
4. **Individuals never at their own location.** Each individual is moved to the middle of its area: a grid cell
   of ``grid_m`` metres (default 500 m, ``individuals="grid"``), or its buurt (``individuals="buurt"``, using
   the buurt boundaries passed as ``areas`` or, when none are passed, CBS's embedded buurten of the register's
   year via :func:`wijkassets.areas.load_boundaries`). The column ``locatie`` says which.
   The public id of an individual is a new one, not the register's.
5. **No small counts.** Where fewer than ``min_individuals`` (default 3) individuals share an area, none of them
   is shown: "1 individu in buurt X" points at a person.
6. **Links** are shown only between two published assets, and never when one end is an individual (links that
   touch a person are personal data).

Ended assets (``beeindigd``) stay in the view with their end date; maps decide how to show them.
"""

from __future__ import annotations

import hashlib
import warnings
from typing import TYPE_CHECKING, Literal

from wijkassets._errors import WijkassetsError
from wijkassets.assets import schema

if TYPE_CHECKING:
    import os

    import geopandas as gpd
    import pandas as pd

    from wijkassets.assets.register import Register

PUBLIC_COLUMNS: tuple[str, ...] = (
    "id",
    "naam",
    "categorie",
    "tags",
    "beschrijving",
    "vastgelegd_op",
    "bron",
    "laatst_gezien",
    "beeindigd",
    "locatie",
    "gebied",
    "geometry",
)
"""Columns of the public view. ``locatie`` says how exact the place is ("exact" or how it was coarsened);
``gebied`` names the grid cell or buurt an individual was moved to (empty for other assets)."""

PUBLIC_LINK_COLUMNS: tuple[str, ...] = ("van", "naar", "soort", "notitie")

GRID_M = 500
"""Default grid cell size in metres for individuals."""

MIN_INDIVIDUALS = 3
"""Default smallest number of individuals shown per area."""


def _as_register(register: Register | str | os.PathLike[str]) -> Register:
    from wijkassets.assets.register import Register, open_register

    if isinstance(register, Register):
        return register
    return open_register(register)


def public_view(
    register: Register | str | os.PathLike[str],
    *,
    audience: Literal["openbaar", "buurt"] = "openbaar",
    individuals: Literal["grid", "buurt"] = "grid",
    grid_m: float = GRID_M,
    min_individuals: int = MIN_INDIVIDUALS,
    areas: gpd.GeoDataFrame | None = None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Return what of ``register`` may be published: (assets, links).

    Parameters
    ----------
    register
        A :class:`~wijkassets.assets.register.Register` or the path of a register file.
    audience
        ``"openbaar"`` (default): only assets marked openbaar, for the internet. ``"buurt"``: also those marked
        buurt, for maps shown within the neighbourhood. ``prive`` assets are never included.
    individuals
        Where individuals are shown: ``"grid"`` (middle of a ``grid_m`` metre cell) or ``"buurt"`` (a point
        inside their buurt from ``areas``).
    grid_m
        Grid cell size in metres (at least 100).
    min_individuals
        Areas with fewer consenting individuals than this show none of them (at least 1).
    areas
        Buurt boundaries (columns ``code``, ``naam``, ``geometry``) for ``individuals="buurt"``.

    Returns
    -------
    tuple of GeoDataFrame and DataFrame
        Assets in EPSG:28992 with :data:`PUBLIC_COLUMNS` (``attrs["source"]`` names the register and its date;
        ``attrs["fictional"]`` is True for the example register), and links with ``van, naar, soort, notitie``.
    """
    import geopandas as gpd
    import pandas as pd

    reg = _as_register(register)
    if audience not in ("openbaar", "buurt"):
        raise WijkassetsError(f"audience must be 'openbaar' or 'buurt', not {audience!r}.")
    if individuals not in ("grid", "buurt"):
        raise WijkassetsError(f"individuals must be 'grid' or 'buurt', not {individuals!r}.")
    if grid_m < 100:
        raise WijkassetsError(
            f"grid_m={grid_m}: a grid finer than 100 m can point at a house; use 100 or more."
        )
    if min_individuals < 1:
        raise WijkassetsError(f"min_individuals={min_individuals}: use 1 or more (3 is advised).")

    assets = reg.assets
    allowed = {"openbaar"} if audience == "openbaar" else {"openbaar", "buurt"}
    privacy = assets["privacy"].fillna("prive")
    shown = assets[privacy.isin(allowed)].copy()
    is_ind = shown["categorie"] == "individu"
    consent = shown["toestemming"].astype(bool)
    people = shown[is_ind & consent].copy()
    others = shown[~is_ind].copy()
    others["locatie"] = "exact"
    others["gebied"] = pd.NA

    if len(people):
        people = _coarsen(people, reg, individuals=individuals, grid_m=grid_m, areas=areas)
        counts = people.groupby("gebied")["id"].transform("size")
        small = counts < min_individuals
        if small.any():
            warnings.warn(
                f"{int(small.sum())} individu(en) left out of the public view: fewer than "
                f"{min_individuals} in their area ({people.loc[small, 'gebied'].nunique()} area(s)).",
                stacklevel=2,
            )
        people = people[~small]
        salt = reg.metadata.get("id_salt", "")
        people["id"] = [
            "individu-" + hashlib.sha256(f"{salt}\x1f{aid}".encode()).hexdigest()[:8]
            for aid in people["id"]
        ]
    frames = [f for f in (others, people) if len(f)]
    if frames:
        out = pd.concat(frames, ignore_index=False).sort_index()
    else:
        out = others
    out = gpd.GeoDataFrame(
        out[list(PUBLIC_COLUMNS)].reset_index(drop=True), geometry="geometry", crs=schema.CRS
    )
    for col in PUBLIC_COLUMNS:
        if col != "geometry":
            out[col] = schema.text_series(out[col])

    public_ids = set(out.loc[out["categorie"] != "individu", "id"])
    links = reg.links
    links = links[links["van"].isin(public_ids) & links["naar"].isin(public_ids)]
    links = links[list(PUBLIC_LINK_COLUMNS)].reset_index(drop=True)

    out.attrs["source"] = reg.source
    out.attrs["fictional"] = reg.fictional
    out.attrs["privacy"] = (
        f"publieke weergave ({audience}): individuen "
        + (f"op een raster van {grid_m:g} m" if individuals == "grid" else "per buurt")
        + f", minimaal {min_individuals} per gebied"
    )
    links.attrs["source"] = reg.source
    return out, links


def _coarsen(
    people: gpd.GeoDataFrame,
    reg: Register,
    *,
    individuals: str,
    grid_m: float,
    areas: gpd.GeoDataFrame | None,
) -> gpd.GeoDataFrame:
    """Move individuals to the middle of their grid cell or buurt; fill ``locatie`` and ``gebied``."""
    import geopandas as gpd
    import numpy as np
    import shapely

    points = people.geometry.representative_point()
    if individuals == "buurt":
        if areas is None:
            areas = _default_buurten(points)
        if areas is not None:
            areas = areas.to_crs(schema.CRS) if areas.crs is not None else areas.set_crs(schema.CRS)
            code_col = "code" if "code" in areas.columns else areas.columns[0]
            joined = gpd.sjoin(
                gpd.GeoDataFrame(
                    {"_i": range(len(points))}, geometry=points.values, crs=schema.CRS
                ),
                areas[[code_col, "geometry"]].rename(columns={code_col: "_code"}),
                how="left",
                predicate="within",
            ).drop_duplicates("_i")
            codes = joined.sort_values("_i")["_code"].to_numpy()
            inside = ~joined.sort_values("_i")["_code"].isna().to_numpy()
            if (~inside).any():
                warnings.warn(
                    f"{int((~inside).sum())} individu(en) lie outside every buurt given and were left out "
                    "of the public view.",
                    stacklevel=3,
                )
            centres = areas.set_index(code_col).geometry.representative_point()
            people = people[inside].copy()
            codes = codes[inside]
            people["geometry"] = [centres[c] for c in codes]
            people["gebied"] = [str(c) for c in codes]
            people["locatie"] = "midden van de buurt"
            return people
        warnings.warn(
            "No buurt boundaries available for the individuals; they were put on a "
            f"{grid_m:g} m grid instead.",
            stacklevel=3,
        )
    xy = shapely.get_coordinates(points.values)
    cells = np.floor(xy / grid_m)
    centre = (cells + 0.5) * grid_m
    people = people.copy()
    people["geometry"] = shapely.points(centre)
    people["gebied"] = [f"raster-{grid_m:g}m-{int(cx)}-{int(cy)}" for cx, cy in cells * grid_m]
    people["locatie"] = f"midden van een rastervak van {grid_m:g} m"
    return people


def _default_buurten(points: gpd.GeoSeries) -> gpd.GeoDataFrame | None:
    """Return embedded buurt boundaries covering ``points`` (areas step), or None when not available."""
    try:
        from wijkassets.areas import load_boundaries  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        buurten = load_boundaries(2015, "buurt")
    except Exception:
        return None
    return buurten if len(buurten) else None
