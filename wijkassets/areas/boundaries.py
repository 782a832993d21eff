"""Boundaries of gemeenten, wijken and buurten: read local maps, load the Wijk- en buurtkaart from PDOK.

Every function here returns the same shape: a GeoDataFrame in EPSG:28992 with a RangeIndex and the columns

``code``          CBS code, stripped: ``GM0518``, ``WK051838``, ``BU05182916`` (Amsterdam: ``WK0363AA``)
``level``         ``"gemeente"``, ``"wijk"`` or ``"buurt"``
``naam``          the name as the map gives it (``"Wijk 03 Overvecht"`` in some years, ``"Overvecht"`` in others)
``gemeentecode``  the gemeente the area lies in
``wijkcode``      the wijk of a buurt (the code itself for a wijk; empty for a gemeente)
``year``          the year of the map (CBS redraws and recodes areas nearly every year)
``water``         True for areas that are (almost) only water, so maps and rankings can leave them out
``geometry``      valid Polygon/MultiPolygon, repaired as described in :mod:`wijkassets.areas._geometry`

``attrs["source"]`` says where the map came from (Bron: CBS), ``attrs["repairs"]`` what was repaired.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from wijkassets._errors import CacheMissError, SourceError, ValidationError, WijkassetsError
from wijkassets.areas._columns import OUT_COLUMNS, normalise, normalise_level

if TYPE_CHECKING:
    import geopandas as gpd

RD_NEW = "EPSG:28992"
MIN_YEAR, MAX_YEAR = 2003, 2100

__all__ = ["load_boundaries", "normalise_gemeente", "read_boundaries"]


def normalise_gemeente(gemeente: str | int | None) -> str | None:
    """Return a gemeente code like ``GM0518`` for ``"GM0518"``, ``"gm518"``, ``518``, ``"0518"`` or a name.

    A name (``"Den Haag"``, ``"'s-Gravenhage"``, ``"Utrecht"``) is looked up in the national name index.
    """
    if gemeente is None:
        return None
    text = str(gemeente).strip()
    m = re.fullmatch(r"(?i)(?:GM)?\s*(\d{1,4})", text)
    if m:
        return f"GM{int(m.group(1)):04d}"
    from wijkassets.areas.names import find

    hits = find(text, level="gemeente", limit=3)
    if len(hits) and float(hits["score"].iloc[0]) >= 90:
        return str(hits["code"].iloc[0])
    suggestions = ", ".join(f"{r.naam} ({r.code})" for r in hits.itertuples()) or "none"
    raise WijkassetsError(
        f"Unknown gemeente {gemeente!r}. Give a code like GM0518, or a name; close matches: {suggestions}. "
        "Find codes with: wijkassets areas find NAME"
    )


def _check_year(year: int) -> int:
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise WijkassetsError(f"year must be a whole number like 2024, got {year!r}.") from None
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise WijkassetsError(
            f"year {value} is out of range: PDOK has Wijk- en buurtkaarten from {MIN_YEAR} on."
        )
    return value


def _year_in_name(path: Path) -> int | None:
    years = set(re.findall(r"(?<!\d)(19[89]\d|20[0-9]\d)(?!\d)", path.stem))
    return int(years.pop()) if len(years) == 1 else None


def _guess_crs(gdf: gpd.GeoDataFrame, source: str) -> str:
    minx, miny, maxx, maxy = gdf.total_bounds
    if minx >= -10 and maxx <= 20 and miny >= 45 and maxy <= 60:
        guess = "EPSG:4326"
    elif minx >= -10_000 and maxx <= 300_000 and miny >= 280_000 and maxy <= 650_000:
        guess = RD_NEW
    else:
        raise WijkassetsError(
            f"{source}: the file does not say its coordinate system and the coordinates look like neither "
            "longitude/latitude nor RD New. Pass crs='EPSG:...' to read_boundaries."
        )
    warnings.warn(
        f"{source}: no coordinate system in the file; the coordinates look like {guess}, so that was assumed.",
        stacklevel=3,
    )
    return guess


def _pick_layer(path: Path, level: str | None, layer: str | None) -> str | None:
    import pyogrio

    if layer is not None:
        return layer
    try:
        layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception:  # not a multi-layer source; let read_file report problems
        return None
    if len(layers) <= 1:
        return None
    if level is not None:
        plural = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}[level]
        for name in layers:
            low = name.lower()
            if low.startswith((plural, level)) or f"_{level}" in low or plural in low:
                return name
    from wijkassets._io import is_register_file

    if is_register_file(path):
        raise WijkassetsError(
            f"{path.name} is an asset register, not a map of buurten. Give a boundary file, e.g. one written "
            "by: wijkassets areas boundaries 2015 buurt --gemeente GM0518 -o buurten.gpkg"
        )
    raise WijkassetsError(
        f"{path.name} holds {len(layers)} layers ({', '.join(layers)}). Say which one with --level "
        "buurt|wijk|gemeente on the command line (in Python: level='buurt' or layer='NAME')."
    )


def read_boundaries(
    path: str | os.PathLike[str],
    *,
    year: int | None = None,
    level: str | None = None,
    layer: str | None = None,
    crs: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a local boundary map (GeoPackage, Shapefile, GeoJSON or TopoJSON) into the wijkassets shape.

    The column style is recognised (old ``BU_CODE``/``WK_CODE``/``GM_CODE``, PDOK ``buurtcode``, CBS/cartomap
    ``statcode``/``statnaam``, plain ``code``/``name``), the map is reprojected to EPSG:28992 and its geometry
    repaired with a warning that counts each repair (see the module docstring).

    Parameters
    ----------
    path
        The map file (for a Shapefile, the ``.shp``).
    year
        The year of the map. Taken from the data (``jrstatcode``) or the file name when not given.
    level
        For a file with several layers (the full Wijk- en buurtkaart GeoPackage): which level to read.
    layer
        The layer to read, instead of ``level``.
    crs
        The coordinate system, for files that do not state theirs (TopoJSON usually does not).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code, level, naam, gemeentecode, wijkcode, year, water, geometry``; a RangeIndex.
    """
    import geopandas as gpd

    file = Path(path)
    source = file.name
    if not file.exists():
        raise WijkassetsError(f"Map file not found: {file}. Check the path.")
    lvl = normalise_level(level) if level is not None else None
    layer_name = _pick_layer(file, lvl, layer)
    try:
        raw = gpd.read_file(file, layer=layer_name) if layer_name else gpd.read_file(file)
    except Exception as exc:
        from wijkassets._io import describe_file

        # GDAL's own text ("prefix the path with '<DRIVER>:'") misleads; --debug shows it.
        raise WijkassetsError(
            f"Could not read {file} as a map: {describe_file(file)}. Use a GeoPackage (.gpkg), "
            "Shapefile (.shp with its .dbf/.shx), GeoJSON or TopoJSON file of the Wijk- en buurtkaart."
        ) from exc
    if (
        not isinstance(raw, gpd.GeoDataFrame)
        or "geometry" not in raw.columns
        or len(raw) == 0
        or raw.geometry.isna().all()
    ):
        raise ValidationError(
            ["the file has no geometries (is it an attribute table, such as a bare .dbf?)"],
            source=source,
            hint="Read attribute tables with wijkassets.cbs.read_kwb; boundaries need a map file.",
        )
    if crs is not None:
        raw = raw.set_crs(crs, allow_override=True)
    elif raw.crs is None:
        raw = raw.set_crs(_guess_crs(raw, source))
    return _finish(raw, year=year, source=source, year_hint=_year_in_name(file), level=lvl)


def _finish(
    raw: gpd.GeoDataFrame,
    *,
    year: int | None,
    source: str,
    year_hint: int | None = None,
    level: str | None = None,
) -> gpd.GeoDataFrame:
    from wijkassets.areas._geometry import repair

    gdf = normalise(raw, year=year, source=source, year_hint=year_hint)
    if level is not None:
        gdf = gdf.loc[gdf["level"] == level].reset_index(drop=True)
    gdf = repair(gdf, source=source, to_crs=RD_NEW)
    gdf = gdf[OUT_COLUMNS].reset_index(drop=True)
    years = sorted({int(y) for y in gdf["year"].dropna()})
    gdf.attrs["source"] = (
        f"CBS Wijk- en buurtkaart{' ' + ', '.join(map(str, years)) if years else ''} ({source}). Bron: CBS"
    )
    return gdf


def _fetch_hint(year: int, level: str, gemeente: str | None) -> str:
    return f"wijkassets areas fetch {year} {level}" + (
        f" --gemeente {gemeente}" if gemeente else ""
    )


def load_boundaries(
    year: int, level: str, *, gemeente: str | int | None = None
) -> gpd.GeoDataFrame:
    """Load the CBS Wijk- en buurtkaart of ``year`` at ``level`` from PDOK, the cache, or the embedded default.

    Online, the map comes from PDOK's OGC API Features (cached after the first download, with a progress bar).
    Offline (``WIJKASSETS_OFFLINE=1``), it comes from the cache, else from the maps embedded in wijkassets:
    Den Haag and Haaglanden 2015 (buurten, wijken, gemeenten), Rotterdam 2015 and 2024 (buurten), all gemeenten
    2023 and all wijken 2024. Anything else offline raises :class:`CacheMissError` naming the command that
    fetches it.

    Parameters
    ----------
    year
        Year of the map, e.g. 2024.
    level
        ``"gemeente"``, ``"wijk"`` or ``"buurt"``.
    gemeente
        Only this gemeente (``"GM0518"``, ``518`` or a name such as ``"Den Haag"``). None: all of the
        Netherlands (online), or everything the embedded map holds (offline; a warning says what that covers).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:28992, RangeIndex, columns ``code, level, naam, gemeentecode, wijkcode, year, water, geometry``.
        ``attrs["source"]`` names the source.
    """
    from wijkassets import settings
    from wijkassets.areas import _pdok

    year = _check_year(year)
    level = normalise_level(level)
    code = normalise_gemeente(gemeente)
    frame = _pdok.cached_frame(year, level, code)
    if frame is not None:
        gdf, warned = frame
        _warn_again(warned, stacklevel=3)
        return gdf
    cached = _pdok.cached_features(year, level, code)
    if cached is not None:
        return _finished(cached, year=year, level=level, gemeente=code)
    if settings.is_offline():
        embedded = _embedded_boundaries(year, level, code)
        if embedded is not None:
            return embedded
        raise CacheMissError(
            f"The {level} map of {year}{f' for {code}' if code else ''} is not in the cache and wijkassets is "
            "offline; the embedded maps are Den Haag/Haaglanden 2015, Rotterdam buurten 2015 and 2024, "
            f"all gemeenten 2023 and all wijken 2024. When online, run: {_fetch_hint(year, level, code)}"
        )
    try:
        features = _pdok.fetch_features(year, level, code)
    except SourceError as exc:
        embedded = _embedded_boundaries(year, level, code)
        if embedded is None:
            raise
        warnings.warn(
            f"PDOK could not be reached ({exc}); using the embedded map instead: {embedded.attrs['source']}.",
            stacklevel=2,
        )
        return embedded
    return _finished(features, year=year, level=level, gemeente=code)


def _finished(payload: dict, *, year: int, level: str, gemeente: str | None) -> gpd.GeoDataFrame:
    """Build the map from PDOK's features, cache it as GeoParquet, and warn as the build did."""
    from wijkassets.areas import _pdok

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gdf = _from_features(payload, year=year, level=level, gemeente=gemeente)
    warned = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    _pdok.store_frame(year, level, gemeente, gdf, warned)
    for w in caught:
        if not issubclass(w.category, UserWarning):
            warnings.warn(w.message, w.category, stacklevel=3)
    _warn_again(warned, stacklevel=4)
    return gdf


def _warn_again(messages: list[str], *, stacklevel: int) -> None:
    """Give the warnings of the map's making to the caller of load_boundaries (again, for a cached map)."""
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=stacklevel)


def _from_features(
    payload: dict, *, year: int, level: str, gemeente: str | None
) -> gpd.GeoDataFrame:
    from wijkassets.areas import _pdok

    features = payload.get("features", [])
    source = _pdok.describe(year, level, gemeente)
    if not features:
        raise SourceError(
            f"{source}: PDOK returned no areas. Check the year and gemeente code "
            f"(find codes with: wijkassets areas find NAME)."
        )
    raw = _features_frame(features)
    # The historic API holds every year; keep only the year asked, should a filter have been ignored.
    for column in ("jaarcode", "jaar"):
        if column in raw.columns:
            years = raw[column].astype(str).str.extract(r"(\d{4})")[0]
            raw = raw.loc[(years == str(year)) | years.isna()]
            break
    gdf = _finish(raw, year=year, source=source, level=level)
    if gemeente is not None:
        gdf = gdf.loc[gdf["gemeentecode"] == gemeente].reset_index(drop=True)
    gdf.attrs["source"] = f"{source}. Bron: CBS, PDOK"
    return gdf


def _features_frame(features: list[dict]) -> gpd.GeoDataFrame:
    """Return ``GeoDataFrame.from_features(features, crs=RD_NEW)``, with the polygons built in bulk."""
    import geopandas as gpd
    import pandas as pd

    from wijkassets.areas._geometry import from_geojson

    properties = [f.get("properties") or {} for f in features]
    # A property named "geometry" would overwrite the geometry in from_features; keep its rules for that.
    if any("geometry" in p for p in properties):
        return gpd.GeoDataFrame.from_features(features, crs=RD_NEW)
    table = pd.DataFrame(properties, index=pd.RangeIndex(len(features)))
    table.insert(0, "geometry", from_geojson([f["geometry"] for f in features]))
    return gpd.GeoDataFrame(table, geometry="geometry", crs=RD_NEW)


def _embedded_boundaries(year: int, level: str, gemeente: str | None) -> gpd.GeoDataFrame | None:
    import pandas as pd

    from wijkassets.areas._embedded import find_embedded, read_embedded

    entries = find_embedded(year, level, gemeente)
    if not entries:
        return None
    parts = [read_embedded(e.key) for e in entries]
    gdf = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    if gemeente is not None:
        gdf = gdf.loc[gdf["gemeentecode"] == gemeente].reset_index(drop=True)
        if gdf.empty:
            return None
    elif any(e.gemeenten is not None for e in entries):
        warnings.warn(
            f"Offline: the embedded {level} map of {year} covers only "
            f"{'; '.join(e.covers for e in entries)}, not all of the Netherlands.",
            stacklevel=3,
        )
    gdf.attrs["source"] = (
        "; ".join(p.attrs["source"].removesuffix(". Bron: CBS") for p in parts) + ". Bron: CBS"
    )
    gdf.attrs["embedded"] = [e.key for e in entries]
    return gdf
