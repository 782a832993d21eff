"""Check rows read from a file against the schema and turn them into register assets.

Every problem in the file is collected (row or feature number, column, what was found, how to fix it) and
raised together as one :class:`~wijkassets._errors.ValidationError`; nothing is fixed silently. Coordinates that
are missing, not finite, swapped, in RD New while labelled as degrees (or the other way round), or outside the
Netherlands are refused with a hint such as the ``--crs`` option that declares the columns' reference system.

Defaults that are applied (privacy, the date recorded, the source) are reported as notes, so the import can say
what it filled in.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from wijkassets._errors import OfflineError, SourceError, ValidationError
from wijkassets.assets import schema
from wijkassets.assets.readers import RawTable

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from wijkassets.assets.geocode import Geocoded

# The Netherlands, generously: degrees (WGS84) and RD New metres.
NL_LAT = (50.70, 53.70)
NL_LON = (3.20, 7.30)
RD_X = (0.0, 300_000.0)
RD_Y = (289_000.0, 630_000.0)

CRS_DEGREES = "EPSG:4326"
CRS_RD = "EPSG:28992"
_CRS_NAMES = {
    "epsg:4326": CRS_DEGREES,
    "4326": CRS_DEGREES,
    "wgs84": CRS_DEGREES,
    "wgs 84": CRS_DEGREES,
    "graden": CRS_DEGREES,
    "degrees": CRS_DEGREES,
    "crs84": CRS_DEGREES,
    "epsg:28992": CRS_RD,
    "28992": CRS_RD,
    "rd": CRS_RD,
    "rd new": CRS_RD,
    "rijksdriehoek": CRS_RD,
    "amersfoort / rd new": CRS_RD,
}
_GEOPOINT_NAMES = (
    "locatie",
    "location",
    "geopoint",
    "gps",
    "coordinaten",
    "coordinates",
    "positie",
    "plek",
    "punt",
    "waar_is_het?",  # the XLSForm's labels
    "where_is_it?",
)
_NUMBER = r"[-+]?\d+(?:[.,]\d+)?"
_GEOPOINT = re.compile(rf"^\s*({_NUMBER})\s*[ ,;]\s*({_NUMBER})(?:\s+{_NUMBER})*\s*$")
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%y")
_UMAP_LAYER = "_layer"


def normalise_crs(crs: str | None) -> str | None:
    """Return ``EPSG:4326`` or ``EPSG:28992`` for a typed CRS (``rd``, ``wgs84``, ``28992``), or None."""
    if crs is None:
        return None
    found = _CRS_NAMES.get(crs.strip().lower())
    if found is None:
        raise ValidationError(
            [f"--crs {crs!r} is not a reference system wijkassets knows"],
            hint="Use --crs EPSG:4326 (degrees, lat/lon) or --crs EPSG:28992 (RD New, x/y in metres).",
        )
    return found


@dataclass
class Checked:
    """The outcome of checking one file: assets, links, which columns each asset gave, notes, problems.

    ``notes`` say which defaults were applied; ``warned`` repeats what was also raised as a warning
    (usable but suspicious: columns left out, individuals without consent, a guessed text encoding).
    """

    assets: gpd.GeoDataFrame
    links: pd.DataFrame | None
    given: dict[str, set[str]]
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    kind: str = ""
    warned: list[str] = field(default_factory=list)


@dataclass
class _Roles:
    fields: dict[str, str] = field(default_factory=dict)  # schema column -> file column
    coords: dict[str, str] = field(default_factory=dict)  # lat/lon/x/y/wkt/geopoint -> file column
    address: dict[str, str] = field(default_factory=dict)
    link_fields: dict[str, str] = field(default_factory=dict)
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    metadata: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _strip_group(name: str, kind: str) -> str:
    """Remove Kobo (``group/field``) and ODK Central (``group-field``) group prefixes."""
    if "/" in name:
        name = name.rsplit("/", 1)[1]
    if kind == "odk" and "-" in name:
        head, tail = name.rsplit("-", 1)
        if tail.lower() in ("latitude", "longitude", "altitude", "accuracy"):
            return f"{head.rsplit('-', 1)[-1]}_{tail}"
        return tail
    return name


def _map_columns(columns: list[str], kind: str, overrides: dict[str, str] | None = None) -> _Roles:
    roles = _Roles()
    overrides = dict(overrides or {})
    by_stripped = {str(c).strip(): str(c) for c in columns}
    forced: dict[str, str] = {}  # file column -> schema column
    for target, name in overrides.items():
        actual = by_stripped.get(name.strip())
        if actual is None:
            roles.problems.append(
                f"--{target}-kolom {name!r}: no such column (found columns: "
                f"{', '.join(repr(str(c)) for c in columns)})"
            )
        else:
            forced[actual] = target
            roles.fields[target] = actual
    asset_lookup = schema.column_lookup()
    link_lookup = schema.column_lookup(schema.LINK_COLUMNS)
    coord_lookup = {
        schema.fold_name(a): role
        for role, names in schema.COORDINATE_ALIASES.items()
        for a in names
    }
    addr_lookup = {
        schema.fold_name(a): role for role, names in schema.ADDRESS_ALIASES.items() for a in names
    }
    claimed: dict[str, list[str]] = {}
    pair_prefix: dict[str, dict[str, str]] = {}
    for col in columns:
        if str(col) in forced:
            continue
        raw = str(col).strip()
        low = raw.lower()
        is_meta = (
            low in schema.FORM_METADATA and (kind in ("kobo", "odk") or low.startswith("_"))
        ) or (kind in ("kobo", "odk") and low.startswith("_"))
        if is_meta and not re.search(r"_(latitude|longitude)$", low):
            roles.metadata.append(raw)
            continue
        if kind in ("kobo", "odk") and "/" in raw:
            head = schema.fold_name(raw.split("/", 1)[0])
            if head in asset_lookup and asset_lookup[head] == "tags":
                continue  # select_multiple's one-column-per-choice copies of the tags column
        name = schema.fold_name(_strip_group(raw, kind))
        if raw == _UMAP_LAYER:
            roles.coords["_layer"] = raw
            continue
        m = re.match(r"^(.*?)_?(latitude|longitude|altitude|precision|accuracy)$", name)
        if m and m.group(1) and kind in ("kobo", "odk"):
            part = m.group(2)
            if part in ("latitude", "longitude"):
                pair_prefix.setdefault(m.group(1), {})[part] = raw
            else:
                roles.metadata.append(raw)
            continue
        if name in coord_lookup and coord_lookup[name] not in roles.coords:
            roles.coords[coord_lookup[name]] = raw
            continue
        if name in asset_lookup and asset_lookup[name] in overrides:
            roles.unknown.append(raw)
            continue
        if name in asset_lookup and asset_lookup[name] != "geometry":
            claimed.setdefault(asset_lookup[name], []).append(raw)
            continue
        if name in addr_lookup and addr_lookup[name] not in roles.address:
            roles.address[addr_lookup[name]] = raw
            continue
        if name in link_lookup:
            roles.link_fields.setdefault(link_lookup[name], raw)
            continue
        if name in _GEOPOINT_NAMES and "geopoint" not in roles.coords:
            roles.coords["geopoint"] = raw
            continue
        roles.unknown.append(raw)
    for prefix, pair in pair_prefix.items():
        if "latitude" in pair and "longitude" in pair and "lat" not in roles.coords:
            roles.coords["lat"], roles.coords["lon"] = pair["latitude"], pair["longitude"]
        else:
            roles.metadata.extend(pair.values())
            _ = prefix
    for target, cols in claimed.items():
        # the column named exactly as the schema wins; others with the same meaning are checked later
        cols.sort(key=lambda c: schema.fold_name(c) != target)
        roles.fields[target] = cols[0]
        roles.duplicates[target] = cols[1:]
    # the link fields 'soort'/'notitie' only count as such in a links file
    return roles


def _float(text: str) -> float | None:
    t = text.strip().replace(" ", "")
    if not t:
        return None
    if t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")  # Dutch decimal comma, as Excel writes it
    try:
        return float(t)
    except ValueError:
        return math.nan if t.lower() in ("nan", "inf", "-inf", "infinity") else None


def _in(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _check_degrees(lat: float, lon: float, where: str, cols: str) -> str | None:
    if _in(lat, NL_LAT) and _in(lon, NL_LON):
        return None
    found = f"found lat={lat:g}, lon={lon:g}"
    if _in(lon, NL_LAT) and _in(lat, NL_LON):
        return f"{where}, {cols}: {found}: latitude and longitude are swapped (in the Netherlands lat is about 51-53, lon about 3-7); swap the two columns"
    if (_in(lon, RD_X) and _in(lat, RD_Y)) or (_in(lat, RD_X) and _in(lon, RD_Y)):
        return f"{where}, {cols}: {found}: these are RD New metres (EPSG:28992), not degrees; name the columns x and y, or declare them with --crs EPSG:28992"
    if abs(lat) <= 90 and abs(lon) <= 180:
        return f"{where}, {cols}: {found}: this place is outside the Netherlands; check the numbers (a lost minus sign or decimal point?)"
    return f"{where}, {cols}: {found}: not valid degrees (latitude runs from -90 to 90); if these are RD New metres, use --crs EPSG:28992"


def _check_rd(x: float, y: float, where: str, cols: str) -> str | None:
    if _in(x, RD_X) and _in(y, RD_Y):
        return None
    found = f"found x={x:g}, y={y:g}"
    if _in(y, RD_X) and _in(x, RD_Y):
        return f"{where}, {cols}: {found}: x and y are swapped (in RD New x is 0-300000, y 289000-630000); swap the two columns"
    if (_in(x, NL_LON) and _in(y, NL_LAT)) or (_in(x, NL_LAT) and _in(y, NL_LON)):
        return f"{where}, {cols}: {found}: these are degrees (WGS84), not RD New metres; name the columns lat and lon, or declare them with --crs EPSG:4326"
    return f"{where}, {cols}: {found}: this place is outside the Netherlands (RD New x 0-300000, y 289000-630000); check the numbers"


def _parse_date(text: str) -> str | None:
    t = text.strip()
    if not t:
        return None
    try:
        return datetime.fromisoformat(t.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def _split_tags(text: str, kind: str) -> str | None:
    seps = r"[;,|]" if kind not in ("kobo", "odk") else r"[;,|\s]"
    tags = [t.strip().lower() for t in re.split(seps, text) if t.strip()]
    seen: list[str] = []
    for t in tags:
        if t not in seen:
            seen.append(t)
    return ";".join(seen) or None


def check_rows(
    raw: RawTable,
    *,
    crs: str | None = None,
    salt: str = "",
    today: date | None = None,
    bron: str | None = None,
    known_ids: set[str] | None = None,
    geocoder: Callable[[str], Geocoded | None] | None = None,
    categorie: str | None = None,
    columns: dict[str, str] | None = None,
) -> Checked:
    """Check every row of ``raw`` and build register assets (and links, for a links file or a register).

    Parameters
    ----------
    raw
        Rows from :func:`wijkassets.assets.readers.read_raw`.
    crs
        The reference system of the coordinate columns when their names do not say it, or to override them.
    salt
        The register's secret for generated ids.
    today
        The import date (default: today), the default of ``vastgelegd_op``.
    bron
        The default of ``bron`` (default: the kind of file: csv, kobo, umap, ...).
    known_ids
        Ids already in the register (links may point at them).
    geocoder
        Function from an address to a place (default: PDOK's Locatieserver, cached).
    categorie
        The category of rows that give none (e.g. ``"fysieke plek"`` for a layer of playgrounds).
    columns
        Which file column holds a register column when the names differ, e.g.
        ``{"naam": "VESTIGINGSNAAM", "id": "VESTIGINGSNUMMER"}``.
    """
    import geopandas as gpd
    import shapely
    from pyproj import Transformer

    from wijkassets.assets.register import generated_id

    declared = normalise_crs(crs)
    today = today or date.today()
    kind = raw.kind
    default_bron = bron or {"register": "register", "xlsx": "xlsx"}.get(kind, kind)
    where = raw.labels
    rows = raw.rows
    roles = _map_columns([str(c) for c in rows.columns], kind, columns)
    fallback_cat = None
    if categorie is not None:
        fallback_cat = schema.normalise_category(categorie)
        if fallback_cat is None:
            roles.problems.append(
                f"--categorie {categorie!r}: not an ABCD category; use one of: "
                f"{schema.allowed_categories_text()}"
            )
    problems = list(roles.problems)
    notes = list(raw.notes)
    for target, others in roles.duplicates.items():
        main = rows[roles.fields[target]].astype(str).str.strip()
        for other in others:
            alt = rows[other].astype(str).str.strip()
            if not ((alt == main) | (alt == "")).all():
                problems.append(
                    f"columns {roles.fields[target]!r} and {other!r} both mean {target!r} but differ; "
                    "keep one of them"
                )
    columns_found = ", ".join(repr(str(c)) for c in rows.columns)

    # A links file: van/naar columns and no name column.
    if "naam" not in roles.fields and {"van", "naar"} <= set(roles.link_fields):
        return _check_links(raw, roles, known_ids=known_ids)

    if roles.metadata:
        notes.append(
            f"form metadata not stored (it identifies phones and people, not assets): "
            f"{', '.join(roles.metadata)}"
        )
    suspicious = list(raw.suspicious)
    ignored = [c for c in roles.unknown if c not in ("fid", "ogc_fid")]
    if ignored:
        suspicious.append(
            f"columns not in the register's schema were not imported: {', '.join(ignored)} "
            "(rename a column to a schema name to keep it, e.g. beschrijving)"
        )
    for col in ("naam", "categorie"):
        if col not in roles.fields and not (
            col == "categorie" and ("_layer" in roles.coords or fallback_cat is not None)
        ):
            spec = next(c for c in schema.ASSET_COLUMNS if c.name == col)
            problems.append(
                f"column {col!r} is missing (found columns: {columns_found}); add a column {col} "
                f"(or {spec.label_en})"
            )
    has_geom = raw.geometries is not None
    coord_sources = [k for k in ("lat", "x", "geopoint", "wkt") if k in roles.coords]
    half = [
        (a, b)
        for a, b in (("lat", "lon"), ("x", "y"))
        if (a in roles.coords) != (b in roles.coords)
    ]
    for a, b in half:
        have = a if a in roles.coords else b
        problems.append(
            f"column {roles.coords[have]!r} has no partner: add the column {b if have == a else a} "
            "too (coordinates come in pairs)"
        )
    has_address = bool(roles.address)
    if not has_geom and not coord_sources and not has_address:
        problems.append(
            f"no location columns (found columns: {columns_found}); add lat and lon (degrees), x and "
            "y (RD New metres), a KoboToolbox/ODK geopoint, or an address (straat, huisnummer, postcode)"
        )
    if problems:
        raise ValidationError(problems, source=raw.source, hint=_hint(problems))

    to_rd = Transformer.from_crs(CRS_DEGREES, CRS_RD, always_xy=True)
    allowed_cats = schema.allowed_categories_text()
    out: list[dict[str, Any]] = []
    given: dict[str, set[str]] = {}
    ids_seen: dict[str, str] = {}
    defaults = {"privacy_individu": 0, "privacy_other": 0, "vastgelegd_op": 0, "bron": 0}
    no_consent = 0
    to_geocode: list[tuple[int, str]] = []
    form_date_cols = [
        c
        for c in rows.columns
        if str(c).lower() in ("today", "_submission_time", "submissiondate", "start")
    ]

    def value(row: Any, col: str) -> str:
        name = roles.fields.get(col)
        return "" if name is None else str(row[name]).strip()

    for i, (_, row) in enumerate(rows.iterrows()):
        label = where[i]
        rec: dict[str, Any] = {}
        gave: set[str] = set()
        bad = False

        naam = value(row, "naam")
        if not naam:
            problems.append(
                f"{label}, column {roles.fields.get('naam', 'naam')!r}: found nothing: every asset needs a name"
            )
            bad = True
        rec["naam"] = naam
        gave.add("naam")

        cat_text = value(row, "categorie")
        if not cat_text and "_layer" in roles.coords:
            cat_text = str(row[roles.coords["_layer"]]).strip()
        cat = schema.normalise_category(cat_text)
        if cat is None and not cat_text and fallback_cat is not None:
            cat = fallback_cat
        if cat is None:
            near = schema.suggest_category(cat_text) if cat_text else None
            did = f" (did you mean {near!r}?)" if near else ""
            problems.append(
                f"{label}, column {roles.fields.get('categorie', 'categorie')!r}: found {cat_text!r}: "
                f"not an ABCD category{did}; use one of: {allowed_cats}"
            )
            bad = True
        rec["categorie"] = cat
        gave.add("categorie")

        for col in ("beschrijving", "vastgelegd_door"):
            text = value(row, col)
            rec[col] = text or None
            if col in roles.fields:
                gave.add(col)
        if "tags" in roles.fields:
            rec["tags"] = _split_tags(value(row, "tags"), kind)
            gave.add("tags")

        for col in schema.DATE_COLUMNS:
            text = value(row, col)
            if col in roles.fields:
                gave.add(col)
            parsed = _parse_date(text) if text else None
            if parsed == "":
                problems.append(
                    f"{label}, column {roles.fields[col]!r}: found {text!r}: not a date; write it as "
                    "2024-05-17 (or 17-05-2024)"
                )
                bad = True
                parsed = None
            rec[col] = parsed
        if rec["vastgelegd_op"] is None:
            for fc in form_date_cols:
                parsed = _parse_date(str(row[fc]))
                if parsed:
                    rec["vastgelegd_op"] = parsed
                    break
            else:
                rec["vastgelegd_op"] = today.isoformat()
                defaults["vastgelegd_op"] += 1
            gave.discard("vastgelegd_op")

        b = value(row, "bron")
        if b:
            rec["bron"] = b
            gave.add("bron")
        else:
            rec["bron"] = default_bron
            defaults["bron"] += 1

        ptext = value(row, "privacy")
        privacy = schema.normalise_privacy(ptext) if ptext else None
        if ptext and privacy is None:
            problems.append(
                f"{label}, column {roles.fields['privacy']!r}: found {ptext!r}: use openbaar (public), "
                "buurt (neighbourhood) or prive (private)"
            )
            bad = True
        if privacy is None and cat is not None:
            privacy = schema.default_privacy(cat)
            defaults["privacy_individu" if cat == "individu" else "privacy_other"] += 1
        else:
            gave.add("privacy")
        rec["privacy"] = privacy

        ttext = value(row, "toestemming")
        consent = schema.parse_bool(ttext) if ttext else False
        if ttext and consent is None:
            problems.append(
                f"{label}, column {roles.fields['toestemming']!r}: found {ttext!r}: write ja or nee "
                "(yes/no) for consent"
            )
            bad = True
        rec["toestemming"] = bool(consent)
        if "toestemming" in roles.fields:
            gave.add("toestemming")
        if cat == "individu" and privacy in ("openbaar", "buurt") and not consent:
            no_consent += 1

        geom, geo_problem, wants_address = _location(
            raw, i, row, roles, declared, label, to_rd, has_geom
        )
        if geo_problem:
            problems.append(geo_problem)
            bad = True
        elif wants_address:
            to_geocode.append((i, wants_address))
        rec["geometry"] = geom
        gave.add("geometry")

        ident = value(row, "id")
        if not ident and kind in ("kobo", "odk"):
            for mc in rows.columns:
                if str(mc).lower() in ("_uuid", "meta-instanceid", "key", "meta/instanceid"):
                    v = str(row[mc]).strip().removeprefix("uuid:")
                    if v:
                        ident = f"{kind}-{v}"
                        break
        rec["id"] = ident or None
        rec["_label"] = label
        rec["_bad"] = bad
        out.append(rec)
        given_key = i
        given[str(given_key)] = gave

    if to_geocode:
        _geocode_rows(out, to_geocode, problems, geocoder)

    # ids: generated where missing, duplicates refused
    for rec in out:
        if rec["id"] is None and rec["naam"] and rec["categorie"] and rec["geometry"] is not None:
            rec["id"] = generated_id(rec["naam"], rec["categorie"], rec["geometry"], salt=salt)
            rec["_generated"] = True
    for rec in out:
        ident = rec["id"]
        if ident is None:
            continue
        if ident in ids_seen:
            if rec.get("_generated"):
                problems.append(
                    f"{ids_seen[ident]} and {rec['_label']}: the same asset twice (same name, category "
                    "and place); remove one of the rows"
                )
            else:
                problems.append(
                    f"{ids_seen[ident]} and {rec['_label']}, column {roles.fields.get('id', 'id')!r}: "
                    f"found the id {ident!r} twice; give each asset its own id"
                )
        else:
            ids_seen[ident] = rec["_label"]

    if problems:
        raise ValidationError(problems, source=raw.source, hint=_hint(problems))

    if defaults["privacy_individu"] or defaults["privacy_other"]:
        parts = []
        if defaults["privacy_individu"]:
            parts.append(f"prive for {defaults['privacy_individu']} individu")
        if defaults["privacy_other"]:
            parts.append(f"openbaar for {defaults['privacy_other']} other asset(s)")
        notes.append(
            f"privacy not given for {defaults['privacy_individu'] + defaults['privacy_other']} asset(s): "
            f"set to {' and '.join(parts)}"
        )
    if defaults["vastgelegd_op"]:
        notes.append(
            f"vastgelegd_op not given for {defaults['vastgelegd_op']} asset(s): set to the import date "
            f"{today.isoformat()}"
        )
    if defaults["bron"]:
        notes.append(f"bron not given for {defaults['bron']} asset(s): set to {default_bron!r}")
    if no_consent:
        suspicious.append(
            f"{no_consent} individu(en) are marked openbaar/buurt without toestemming (consent): they "
            "stay out of every public map and export until consent is recorded"
        )
    given_by_id = {rec["id"]: given[str(i)] for i, rec in enumerate(out)}
    frame = gpd.GeoDataFrame(
        [{k: v for k, v in rec.items() if not k.startswith("_")} for rec in out],
        geometry="geometry",
        crs=schema.CRS,
    )
    assets = schema.conform_assets(frame)
    _ = shapely
    links = None
    if raw.links is not None and len(raw.links):
        links = schema.conform_links(raw.links)
    for line in suspicious:  # usable but suspicious: warn (the CLI prints "Let op: ...")
        warnings.warn(f"{raw.source}: {line}", stacklevel=3)
    return Checked(assets, links, given_by_id, notes, [], kind, warned=suspicious)


def _location(
    raw: RawTable,
    i: int,
    row: Any,
    roles: _Roles,
    declared: str | None,
    label: str,
    to_rd: Any,
    has_geom: bool,
) -> tuple[Any, str | None, str | None]:
    """Return (geometry in RD, problem, address to geocode) for one row."""
    import shapely
    import shapely.wkt

    def cell(role: str) -> str:
        name = roles.coords.get(role)
        return "" if name is None else str(row[name]).strip()

    if has_geom and raw.geometries is not None and raw.geometries[i] is not None:
        geom = raw.geometries[i]
        crs = declared or raw.crs or CRS_DEGREES
        return _checked_geometry(geom, crs, label, "geometry", to_rd)

    pairs: list[tuple[str, str, str, str]] = []  # (a, b, columns text, crs)
    if "lat" in roles.coords and "lon" in roles.coords:
        pairs.append(
            (
                cell("lat"),
                cell("lon"),
                f"columns {roles.coords['lat']!r}/{roles.coords['lon']!r}",
                declared or CRS_DEGREES,
            )
        )
    if "x" in roles.coords and "y" in roles.coords:
        pairs.append(
            (
                cell("x"),
                cell("y"),
                f"columns {roles.coords['x']!r}/{roles.coords['y']!r}",
                "xy:" + (declared or CRS_RD),
            )
        )
    if "geopoint" in roles.coords and cell("geopoint"):
        m = _GEOPOINT.match(cell("geopoint"))
        if m is None and pairs:
            pass  # e.g. the 'locatie' column of a public export ("exact"); the coordinate columns count
        elif m is None:
            return (
                None,
                f"{label}, column {roles.coords['geopoint']!r}: found {cell('geopoint')!r}: not a "
                "geopoint; write 'lat lon' in degrees (as KoboToolbox/ODK do), e.g. '52.0705 4.3007'",
                None,
            )
        if m is not None:
            pairs.insert(
                0,
                (
                    m.group(1),
                    m.group(2),
                    f"column {roles.coords['geopoint']!r}",
                    declared or CRS_DEGREES,
                ),
            )
    for a, b, cols, crs in pairs:
        if not a and not b:
            continue
        if not a or not b:
            return (
                None,
                f"{label}, {cols}: found only one of the two coordinates ({a or '(empty)'!r}, "
                f"{b or '(empty)'!r}); fill in both",
                None,
            )
        fa, fb = _float(a), _float(b)
        if fa is None or fb is None:
            return (
                None,
                f"{label}, {cols}: found {a!r}, {b!r}: not numbers; write coordinates as numbers with "
                "a decimal point, e.g. 52.0705",
                None,
            )
        if not (math.isfinite(fa) and math.isfinite(fb)):
            return (
                None,
                f"{label}, {cols}: found {a!r}, {b!r}: not a finite number; give real coordinates",
                None,
            )
        xy = crs.startswith("xy:")
        crs = crs.removeprefix("xy:")
        if crs == CRS_DEGREES:
            lat, lon = (fb, fa) if xy else (fa, fb)
            problem = _check_degrees(lat, lon, label, cols)
            if problem:
                return None, problem, None
            x, y = to_rd.transform(lon, lat)
            return shapely.Point(x, y), None, None
        x, y = (fa, fb) if xy else (fb, fa)
        problem = _check_rd(x, y, label, cols)
        if problem:
            return None, problem, None
        return shapely.Point(x, y), None, None
    if "wkt" in roles.coords and cell("wkt"):
        try:
            geom = shapely.wkt.loads(cell("wkt"))
        except Exception:
            return (
                None,
                f"{label}, column {roles.coords['wkt']!r}: found {cell('wkt')[:60]!r}: not a WKT "
                "shape; write e.g. POINT (4.3007 52.0705) or POLYGON ((...))",
                None,
            )
        crs = declared or _guess_crs(geom)
        return _checked_geometry(geom, crs, label, f"column {roles.coords['wkt']!r}", to_rd)
    if roles.address:
        from wijkassets.assets.geocode import address_text

        parts = {k: str(row[v]).strip() for k, v in roles.address.items()}
        text = address_text(**parts)
        if text:
            return None, None, text
    cols = "columns " + (
        ", ".join(repr(c) for c in roles.coords.values() if c != "_layer") or "(location)"
    )
    return (
        None,
        f"{label}, {cols}: found no location; fill in the coordinates (or an address with "
        "straat, huisnummer and postcode)",
        None,
    )


def _guess_crs(geom: Any) -> str:
    x, y = geom.representative_point().coords[0]
    return CRS_RD if abs(x) > 180 or abs(y) > 90 else CRS_DEGREES


def _checked_geometry(
    geom: Any, crs: str, label: str, cols: str, to_rd: Any
) -> tuple[Any, str | None, str | None]:
    import shapely

    if geom.is_empty:
        return None, f"{label}, {cols}: found an empty geometry; draw the point or area again", None
    kind = geom.geom_type
    if (
        kind == "MultiPoint"
        and len(geom.geoms) == 1
        or kind == "MultiPolygon"
        and len(geom.geoms) == 1
    ):
        geom = geom.geoms[0]
    elif kind not in ("Point", "Polygon", "MultiPolygon"):
        return (
            None,
            f"{label}, {cols}: found a {kind}: an asset is a point, or an area (polygon) for a park "
            "or square; draw it as one of those",
            None,
        )
    coords = shapely.get_coordinates(geom)
    if not all(math.isfinite(v) for v in coords.ravel()):
        return None, f"{label}, {cols}: found coordinates that are not finite numbers", None
    p = geom.representative_point()
    if crs == CRS_DEGREES:
        problem = _check_degrees(p.y, p.x, label, cols)
        if problem:
            return None, problem.replace("swap the two columns", "swap x and y in the file"), None
        return shapely.transform(geom, lambda c: _proj(c, to_rd)), None, None
    crs_epsg = crs.upper()
    if crs_epsg not in (CRS_RD, "EPSG:28992"):
        import geopandas as gpd

        try:
            moved = gpd.GeoSeries([geom], crs=crs).to_crs(CRS_RD).iloc[0]
        except Exception:
            return (
                None,
                f"{label}, {cols}: cannot convert from {crs}; save the file in EPSG:28992 or EPSG:4326",
                None,
            )
        geom = moved
        p = geom.representative_point()
    problem = _check_rd(p.x, p.y, label, cols)
    if problem:
        return None, problem, None
    return geom, None, None


def _proj(coords: Any, to_rd: Any) -> Any:
    import numpy as np

    x, y = to_rd.transform(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


def _geocode_rows(
    out: list[dict[str, Any]],
    wanted: list[tuple[int, str]],
    problems: list[str],
    geocoder: Callable[[str], Geocoded | None] | None,
) -> None:
    import shapely

    from wijkassets._progress import progress
    from wijkassets.assets.geocode import geocode

    find = geocoder or geocode
    offline: list[str] = []
    for i, text in progress(wanted, total=len(wanted), desc="adressen opzoeken (PDOK)"):
        label = out[i]["_label"]
        try:
            found = find(text)
        except OfflineError:
            offline.append(label)
            problems.append(
                f"{label}, address: found {text!r}: cannot be looked up offline; run this import once "
                "online (PDOK Locatieserver; the answer is cached), or add lat/lon columns"
            )
            continue
        except SourceError as exc:
            problems.append(f"{label}, address: found {text!r}: PDOK could not be asked ({exc})")
            continue
        if found is None:
            problems.append(
                f"{label}, address: found {text!r}: PDOK Locatieserver knows no such address; check "
                "straat, huisnummer and postcode, or give lat/lon"
            )
            continue
        out[i]["geometry"] = shapely.Point(found.x, found.y)


def _check_links(raw: RawTable, roles: _Roles, *, known_ids: set[str] | None) -> Checked:
    import geopandas as gpd
    import pandas as pd

    problems: list[str] = []
    recs = []
    if "notitie" not in roles.link_fields and "beschrijving" in roles.fields:
        roles.link_fields["notitie"] = roles.fields["beschrijving"]  # e.g. a column 'opmerking'
    if "soort" not in roles.link_fields and "categorie" in roles.fields:
        roles.link_fields["soort"] = roles.fields["categorie"]
    for i, (_, row) in enumerate(raw.rows.iterrows()):
        label = raw.labels[i]
        rec = {
            k: str(row[roles.link_fields[k]]).strip() if k in roles.link_fields else ""
            for k in ("van", "naar", "soort", "notitie")
        }
        for end in ("van", "naar"):
            if not rec[end]:
                problems.append(
                    f"{label}, column {roles.link_fields[end]!r}: found nothing: a link needs the ids "
                    "of both assets"
                )
            elif known_ids is not None and rec[end] not in known_ids:
                problems.append(
                    f"{label}, column {roles.link_fields[end]!r}: found {rec[end]!r}: no asset with "
                    "this id in the register; import the assets first (wijkassets assets list shows ids)"
                )
        if rec["van"] and rec["van"] == rec["naar"]:
            problems.append(f"{label}: a link from {rec['van']!r} to itself; check van and naar")
        recs.append(rec)
    if problems:
        raise ValidationError(problems, source=raw.source, hint=_hint(problems))
    notes = list(raw.notes)
    if known_ids is None:
        notes.append(
            "links file: the ids were not checked against a register (no --register given)"
        )
    empty = gpd.GeoDataFrame(schema.empty_assets(), geometry="geometry", crs=schema.CRS)
    return Checked(empty, schema.conform_links(pd.DataFrame(recs)), {}, notes, [], "links")


def _hint(problems: list[str]) -> str:
    text = " ".join(problems)
    hints = ["Fix the file and run the command again; the register was not changed."]
    if "--crs" in text:
        hints.append(
            "Declare the coordinate system with --crs EPSG:4326 (degrees) or --crs EPSG:28992 (RD New)."
        )
    if "offline" in text:
        hints.append("Addresses are looked up online at PDOK once and then cached.")
    return " ".join(hints)
