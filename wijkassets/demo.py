"""The main job: everything wijkassets does, on the embedded Den Haag data, offline, in seconds."""

from __future__ import annotations

from pathlib import Path

from wijkassets.cli import err


def run_demo(output: str | Path = "maps") -> list[Path]:
    """Build the demo outputs in ``output`` and return their paths."""
    import geopandas as gpd

    from wijkassets._data import data_path
    from wijkassets._io import write_table

    outdir = Path(output)
    outdir.mkdir(parents=True, exist_ok=True)
    buurten = gpd.read_file(data_path("geo", "haaglanden_buurt_2015.geojson"))
    denhaag = buurten[buurten["GM_CODE"] == "GM0518"][["BU_CODE", "BU_NAAM", "AANT_INW"]]
    table = denhaag.rename(
        columns={"BU_CODE": "code", "BU_NAAM": "naam", "AANT_INW": "inwoners"}
    ).set_index("code")
    path = write_table(table, outdir / "buurten-denhaag-2015.csv")
    err.print(
        "The maps, the profile and the walk are not built yet (later issues); this demo lists Den Haag's buurten."
    )
    return [path]
