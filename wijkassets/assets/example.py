"""The example register: a FICTIONAL ABCD register for the Schilderswijk (Den Haag), for demos and workshops.

Everything residents "recorded" in it is invented: the people, their gifts, the associations, the stories, the
links between them. The only real entries are the primary schools, copied from DUO's list of school locations
(May 2016, ``data/assets/haaglanden_scholen_basisonderwijs_DUO2016.geojson``); each keeps its source in ``bron``.
The register says so in its own metadata (``fictief = ja``) and in ``data/SOURCES.md``.

:func:`build_example_register` rebuilds the file shipped in ``data/assets/`` from the rows below; it is
deterministic apart from the save times.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from wijkassets.assets import schema

EXAMPLE_FILE = "schilderswijk_voorbeeld_FICTIEF.gpkg"
EXAMPLE_NAME = "Schilderswijk, Den Haag (FICTIEF voorbeeld)"
EXAMPLE_DESCRIPTION = (
    "FICTIEF voorbeeldregister voor demo's en workshops. Personen, gaven, verenigingen, verhalen en verbanden "
    "zijn verzonnen. Alleen de basisscholen zijn echt: DUO, vestigingen basisonderwijs mei 2016 (bron per asset). "
    "FICTIONAL example register: people, associations, stories and links are invented; only the primary schools "
    "are real (DUO, May 2016)."
)
DUO_FILE = "haaglanden_scholen_basisonderwijs_DUO2016.geojson"
SCHILDERSWIJK_BUURTEN = ("BU05182915", "BU05182916", "BU05182917")

# id, naam, categorie, tags, beschrijving, x, y (RD New), privacy, toestemming, bron, vastgelegd_op,
# laatst_gezien, beeindigd, vastgelegd_door. All invented.
# fmt: off
_FICTIONAL: list[tuple[Any, ...]] = [
    ('sw-001', 'Fatima B.', 'individu', 'eten;koken', 'Kookt voor buren als er iemand ziek is; wil dat leren aan jongeren.', 80905, 453700, 'openbaar', True, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-002', 'Meneer Yilmaz', 'individu', 'reparatie', 'Repareert fietsen op de stoep, gratis voor kinderen.', 80760, 453610, 'openbaar', True, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-003', 'Priya', 'individu', 'taal;kinderen', 'Helpt kinderen met huiswerk, spreekt Hindi, Sarnami en Nederlands.', 80830, 453780, 'openbaar', True, 'workshop', '2024-10-02', None, None, 'Jamal'),
    ('sw-004', 'Oma Riet', 'individu', 'geschiedenis;ouderen', 'Woont al 60 jaar in de wijk en kent de verhalen van vroeger.', 80700, 453870, 'buurt', True, 'workshop', '2024-10-02', None, None, 'Jamal'),
    ('sw-005', 'Samir', 'individu', 'muziek;jongeren', 'Geeft darbuka-les in de kelder van zijn flat.', 80870, 453800, 'openbaar', True, 'workshop', '2024-10-02', None, None, 'Jamal'),
    ('sw-006', 'Anoniem (naaister)', 'individu', 'reparatie', 'Vermaakt kleding; wil niet met naam op de kaart.', 81300, 453650, 'prive', False, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-007', 'Kees', 'individu', 'sport', 'Traint op zaterdag een voetbalteam van tienermeiden.', 80420, 454050, 'openbaar', True, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-008', 'Buurvrouw met de sleutels', 'individu', 'zorg', 'Heeft sleutels van halve portiek en let op ouderen.', 81100, 453950, 'openbaar', False, 'workshop', '2024-10-02', None, None, 'Jamal'),
    ('sw-010', 'Vrouwengroep De Brug', 'vereniging of netwerk', 'taal;ontmoetingsplek', 'Wekelijkse koffieochtend met Nederlandse les, elke dinsdag. ☕ Çay ve kahve. مرحبا', 80880, 453640, 'openbaar', False, 'workshop', '2024-10-02', '2025-03-01', None, 'Jamal'),
    ('sw-011', 'Vadergroep Schilderswijk', 'vereniging of netwerk', 'jongeren;opvoeding', 'Vaders die samen op straat zijn bij de avondvierdaagse en op woensdagmiddag.', 80640, 453500, 'openbaar', False, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-012', 'App-groep Portiek 12', 'vereniging of netwerk', 'zorg', 'Buren helpen elkaar met boodschappen en klusjes via een appgroep.', 81050, 453850, 'buurt', False, 'workshop', '2024-10-02', None, None, 'Jamal'),
    ('sw-013', 'Moskeevereniging (voorbeeld)', 'vereniging of netwerk', 'geloof;eten', 'Iftar voor de hele straat tijdens de ramadan.', 80550, 453780, 'openbaar', False, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-014', 'Hardloopclub Rondje Park', 'vereniging of netwerk', 'sport', 'Gestopt toen de trainer verhuisde.', 81200, 453480, 'openbaar', False, 'wandeling', '2023-05-20', '2023-11-01', '2024-06-30', 'Ilse (buurtwerker)'),
    ('sw-020', 'Buurthuis De Samenkomst', 'instelling', 'ontmoetingsplek;ouderen;jongeren', 'Buurthuis met open inloop, computerhoek en een gedeelde keuken.', 80860, 453720, 'openbaar', False, 'wandeling', '2024-09-14', '2025-03-01', None, 'Ilse (buurtwerker)'),
    ('sw-021', 'Bibliotheekpunt Schilderswijk', 'instelling', 'taal;kinderen', 'Taalcafé op donderdag, voorlezen op zaterdag.', 80700, 453420, 'openbaar', False, 'workshop', '2024-10-02', None, None, 'Jamal'),
    ('sw-022', 'Gezondheidscentrum (voorbeeld)', 'instelling', 'zorg', 'Huisartsen, wijkverpleging en een maatschappelijk werker.', 81150, 453700, 'openbaar', False, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-030', 'Buurtmoestuin De Zonnebloem', 'fysieke plek', 'natuur;eten;ontmoetingsplek', 'Twaalf bakken, iedereen mag oogsten. Sleutel bij het buurthuis.', 80780, 453980, 'openbaar', False, 'wandeling', '2024-09-14', '2025-03-01', None, 'Ilse (buurtwerker)'),
    ('sw-031', 'Speelplein Het Ei', 'fysieke plek', 'spelen;kinderen', "Omheind speelplein; 's zomers waterspeelplaats.", None, None, 'openbaar', False, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-032', 'Bankjes bij de gracht', 'fysieke plek', 'ontmoetingsplek;ouderen', "Hier zitten 's avonds ouderen en praten; er is schaduw.", 80500, 454150, 'openbaar', False, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-033', 'Binnentuin Portiekflat', 'fysieke plek', 'natuur', 'Gemeenschappelijke binnentuin, alleen voor bewoners.', 81050, 453860, 'prive', False, 'workshop', '2024-10-02', None, None, 'Jamal'),
    ('sw-040', 'Markt aan de rand van de wijk', 'economie en ruil', 'eten;werk', 'Groente en fruit, stoffen; veel buurtbewoners werken er.', 80600, 453250, 'openbaar', False, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-041', 'Weggeefkast Hobbema', 'economie en ruil', 'ruil', 'Boeken, kleding en speelgoed: breng en haal.', 80900, 453600, 'openbaar', False, 'wandeling', '2024-09-14', '2025-03-01', None, 'Ilse (buurtwerker)'),
    ('sw-042', 'Repair Café (maandelijks)', 'economie en ruil', 'reparatie;ruil', 'Elke eerste zaterdag van de maand in het buurthuis.', 80865, 453725, 'openbaar', False, 'workshop', '2024-10-02', None, None, 'Jamal'),
    ('sw-043', 'Bakkerij met buurtkorting', 'economie en ruil', 'eten;werk', 'Geeft brood van gisteren aan de voedselbank. 🥖', 81250, 453800, 'openbaar', False, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-050', 'Verhalen van de Schilderswijk', 'cultuur en verhaal', 'geschiedenis', 'Verzamelde verhalen van bewoners over de sanering en de nieuwbouw.', 80740, 453760, 'openbaar', False, 'workshop', '2024-10-02', None, None, 'Jamal'),
    ('sw-051', "Muurschildering 'Samen'", 'cultuur en verhaal', 'kunst', 'Door jongeren uit de wijk geschilderd in 2019.', 80980, 453520, 'openbaar', False, 'wandeling', '2024-09-14', None, None, 'Ilse (buurtwerker)'),
    ('sw-052', 'Suikerfeest op het plein', 'cultuur en verhaal', 'evenement;eten', 'Jaarlijks feest met muziek en eten voor iedereen.', 80920, 453660, 'openbaar', False, 'workshop', '2024-10-02', None, None, 'Jamal'),
]
# fmt: on

# The square of Speelplein Het Ei (a polygon, RD New).
_POLYGONS = {"sw-031": [(80600, 453650), (80660, 453650), (80660, 453700), (80600, 453700)]}

# van, naar, soort, notitie (invented)
# fmt: off
_LINKS: list[tuple[str, str, str, str | None]] = [
    ('sw-010', 'sw-020', 'komt samen in', 'dinsdagochtend'),
    ('sw-042', 'sw-020', 'komt samen in', None),
    ('sw-021', 'sw-010', 'werkt samen met', 'taalcafé'),
    ('sw-011', 'sw-031', 'gebruikt', 'woensdagmiddag'),
    ('sw-030', 'sw-020', 'werkt samen met', 'sleutel en gereedschap'),
    ('sw-043', 'sw-041', 'helpt', None),
    ('sw-050', 'sw-021', 'is onderdeel van', 'verhalenavond'),
    ('sw-001', 'sw-020', 'komt samen in', 'kookt op vrijdag'),
    ('sw-003', 'sw-021', 'helpt', 'huiswerkbegeleiding'),
    ('sw-004', 'sw-050', 'is onderdeel van', 'vertelt'),
]
# fmt: on


def example_register_path() -> Path:
    """Return the path of the FICTIONAL example register for the Schilderswijk (Den Haag).

    The file is ``data/assets/schilderswijk_voorbeeld_FICTIEF.gpkg`` (``wijkassets/_data/assets/`` in an
    installed wheel); open it with :func:`wijkassets.assets.open_register`.
    """
    from wijkassets._data import data_path

    return data_path("assets", EXAMPLE_FILE)


def _duo_schools() -> list[dict[str, Any]]:
    """Return the DUO 2016 primary schools that lie in the Schilderswijk buurten, as register rows."""
    import geopandas as gpd

    from wijkassets._data import data_path

    schools = gpd.read_file(data_path("assets", DUO_FILE)).to_crs(schema.CRS)
    buurten = gpd.read_file(data_path("geo", "haaglanden_buurt_2015.geojson")).to_crs(schema.CRS)
    buurten = buurten[buurten["BU_CODE"].isin(SCHILDERSWIJK_BUURTEN)]
    inside = gpd.sjoin(schools, buurten[["BU_CODE", "geometry"]], predicate="within")
    rows = []
    for _, s in inside.sort_values("VESTIGINGSNUMMER").iterrows():
        adres = f"{s['STRAATNAAM']} {s['HUISNUMMER-TOEVOEGING']}, {s['POSTCODE']}"
        rows.append(
            {
                "id": f"duo-{s['VESTIGINGSNUMMER']}",
                "naam": str(s["VESTIGINGSNAAM "]).strip(),
                "categorie": "instelling",
                "tags": "school;kinderen",
                "beschrijving": f"Basisschool, {adres} (BRIN-vestiging {s['VESTIGINGSNUMMER']}).",
                "vastgelegd_op": "2016-05-01",
                "bron": "DUO, vestigingen basisonderwijs mei 2016 (echt, niet fictief)",
                "privacy": "openbaar",
                "toestemming": False,
                "geometry": s.geometry,
            }
        )
    return rows


def build_example_register(path: str | os.PathLike[str] | None = None) -> Path:
    """Build the example register from the rows in this module and save it (default: the shipped file)."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    from wijkassets._data import data_dir
    from wijkassets.assets.register import new_register, save_register

    target = Path(path) if path is not None else data_dir() / "assets" / EXAMPLE_FILE
    reg = new_register(None, naam=EXAMPLE_NAME, beschrijving=EXAMPLE_DESCRIPTION, fictief=True)
    reg.metadata["id_salt"] = "voorbeeld-fictief"
    reg.metadata["aangemaakt_op"] = "2024-09-14T10:00:00+02:00"
    reg.metadata["bron"] = (
        "FICTIEF (verzonnen door de ontwikkelaars van wijkassets); scholen: DUO mei 2016"
    )
    rows = []
    for (
        aid,
        naam,
        cat,
        tags,
        text,
        x,
        y,
        privacy,
        consent,
        bron,
        op,
        gezien,
        eind,
        door,
    ) in _FICTIONAL:
        geom = (
            shapely.Polygon(_POLYGONS[aid])
            if aid in _POLYGONS
            else shapely.Point(float(x), float(y))
        )
        rows.append(
            {
                "id": aid,
                "naam": naam,
                "categorie": cat,
                "tags": tags,
                "beschrijving": text,
                "vastgelegd_door": door,
                "vastgelegd_op": op,
                "bron": f"{bron} (FICTIEF)",
                "laatst_gezien": gezien,
                "beeindigd": eind,
                "privacy": privacy,
                "toestemming": consent,
                "geometry": geom,
            }
        )
    rows += _duo_schools()
    reg.assets = schema.conform_assets(gpd.GeoDataFrame(rows, geometry="geometry", crs=schema.CRS))
    reg.links = schema.conform_links(
        pd.DataFrame(_LINKS, columns=[c.name for c in schema.LINK_COLUMNS])
    )
    reg.history = pd.DataFrame(
        {
            "id": reg.assets["id"],
            "actie": "toegevoegd",
            "gewijzigd_op": reg.metadata["aangemaakt_op"],
            "bestand": "wijkassets.assets.example (FICTIEF)",
        }
    )
    return save_register(reg, target)
