"""Build import files for the asset tests from real data.

Places come from the real DUO list of primary schools (``data/assets/haaglanden_scholen_basisonderwijs_DUO2016
.geojson``): names, WGS84 and RD coordinates. The file layouts are built here by hand in the shapes the tools
write (a KoboToolbox CSV export, an ODK Central CSV export, a uMap layer export); the values are the schools'.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from wijkassets.cli import main

ROOT = Path(__file__).resolve().parent.parent
DUO = ROOT / "data" / "assets" / "haaglanden_scholen_basisonderwijs_DUO2016.geojson"
PDOK_ANSWER = (
    ROOT / "tests" / "data" / "assets" / "pdok_locatieserver_adres_lijsterstraat20_amersfoort.json"
)


@dataclass(frozen=True)
class Place:
    naam: str
    lat: float
    lon: float
    x: float
    y: float
    straat: str
    huisnummer: str
    postcode: str


@cache
def den_haag_schools() -> tuple[Place, ...]:
    """Return the real DUO 2016 primary schools in Den Haag (GM0518) with both coordinate systems."""
    import geopandas as gpd

    schools = gpd.read_file(DUO)
    schools = schools[schools["GEMEENTENUMMER"] == "0518"].sort_values("VESTIGINGSNUMMER")
    rd = schools.to_crs(28992)
    return tuple(
        Place(
            str(s["VESTIGINGSNAAM "]).strip(),
            round(s.geometry.y, 6),
            round(s.geometry.x, 6),
            round(r.x, 2),
            round(r.y, 2),
            str(s["STRAATNAAM"]),
            str(s["HUISNUMMER-TOEVOEGING"]),
            str(s["POSTCODE"]),
        )
        for (_, s), r in zip(schools.iterrows(), rd.geometry, strict=True)
    )


def write_csv(path: Path, header: list[str], rows: list[list[object]], *, sep: str = ";") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=sep)
        writer.writerow(header)
        writer.writerows(rows)
    return path


KOBO_HEADER = [
    "start",
    "end",
    "today",
    "naam",
    "categorie",
    "tags",
    "tags/natuur",
    "tags/eten",
    "beschrijving",
    "locatie",
    "_locatie_latitude",
    "_locatie_longitude",
    "_locatie_altitude",
    "_locatie_precision",
    "privacy",
    "toestemming",
    "vastgelegd_door",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]


def kobo_export(path: Path, places: list[Place], *, categorie: str = "instelling") -> Path:
    """Write a KoboToolbox CSV export (``;``, XML values, geopoint plus its split columns, metadata)."""
    rows = []
    for i, p in enumerate(places, start=1):
        rows.append(
            [
                "2024-09-14T10:02:11.000+02:00",
                "2024-09-14T10:05:40.000+02:00",
                "2024-09-14",
                p.naam,
                categorie,
                "natuur eten",
                "1",
                "1",
                "Gezien op de wandeling",
                f"{p.lat} {p.lon} 0 4.5",
                p.lat,
                p.lon,
                "0",
                "4.5",
                "openbaar",
                "",
                "Wandelaar Geheimnaam",
                str(1000 + i),
                f"8d1f0c2e-0000-4000-8000-00000000000{i}",
                "2024-09-14T08:06:01",
                "",
                "",
                "submitted_via_web",
                "",
                "vKoboVersie",
                "",
                str(i),
            ]
        )
    return write_csv(path, KOBO_HEADER, rows, sep=";")


ODK_HEADER = [
    "SubmissionDate",
    "start",
    "end",
    "naam",
    "categorie",
    "beschrijving",
    "locatie-Latitude",
    "locatie-Longitude",
    "locatie-Altitude",
    "locatie-Accuracy",
    "privacy",
    "meta-instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
]


def odk_export(path: Path, places: list[Place]) -> Path:
    """Write an ODK Central CSV export (``,``, group-dash names, metadata columns)."""
    rows = []
    for i, p in enumerate(places, start=1):
        uuid = f"uuid:5a0e0a7c-0000-4000-8000-00000000000{i}"
        rows.append(
            [
                "2024-10-02T12:00:00.000Z",
                "2024-10-02T13:40:00.000+02:00",
                "2024-10-02T13:45:00.000+02:00",
                p.naam,
                "vereniging_of_netwerk",
                "Uit de workshop",
                p.lat,
                p.lon,
                "1.0",
                "5.0",
                "buurt",
                uuid,
                uuid,
                "7",
                "Telefoon van Jamal",
                "0",
                "0",
                "",
                "",
                "collect:abc123",
                "0",
                "1",
            ]
        )
    return write_csv(path, ODK_HEADER, rows, sep=",")


def umap_layer(path: Path, layers: dict[str, list[Place]]) -> Path:
    """Write a uMap export: ``{"type": "umap", "layers": [FeatureCollection + _umap_options]}``."""
    doc = {
        "type": "umap",
        "uri": "https://umap.openstreetmap.fr/nl/map/wijk_123",
        "properties": {"name": "Onze wijk", "zoom": 16},
        "geometry": {"type": "Point", "coordinates": [4.3, 52.07]},
        "layers": [
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {
                            "name": p.naam,
                            "description": "Uit **uMap**",
                            "_umap_options": {"color": "Red"},
                        },
                        "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                    }
                    for p in places
                ],
                "_umap_options": {"displayOnLoad": True, "name": name, "color": "Blue"},
            }
            for name, places in layers.items()
        ],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``wijkassets ARGS`` in this process; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    captured = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


def pdok_answer() -> dict:
    return json.loads(PDOK_ANSWER.read_text(encoding="utf-8"))
