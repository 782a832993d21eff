"""Helpers for the CBS tests: a fake CBS OData v3 feed built from recorded real responses.

Every figure the fake feed serves comes from the real files in ``data/cbs/`` (the 2024 TypedDataSet values of
Den Haag and its wijken, the recorded 2024 DataProperties and TableInfos). What is built by hand is only the
wrapping: the OData v3 envelope (``odata.metadata``, ``value``, ``odata.nextLink``), the padding CBS applies to
keys and text, and the page size.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.fakeserver import Answer, FakeServer, Request

ROOT = Path(__file__).resolve().parent.parent
DATA_CBS = ROOT / "data" / "cbs"
TESTDATA_CBS = ROOT / "tests" / "data" / "cbs"
TABLE = "85984NED"
FEED = f"/ODataFeed/odata/{TABLE}"


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def dataproperties_2024() -> list[dict[str, Any]]:
    return load_json(DATA_CBS / "kwb-2024-85984NED-DataProperties.json")


def tableinfos_2024() -> list[dict[str, Any]]:
    value = load_json(DATA_CBS / "kwb-2024-85984NED-TableInfos.json")
    return value if isinstance(value, list) else [value]


def pad(text: str, width: int) -> str:
    return text.ljust(width)


def denhaag_rows_2024(*, decoy: bool = True) -> list[dict[str, Any]]:
    """TypedDataSet-shaped rows of GM0518 and its wijken (real 2024 values), keys padded like CBS does.

    With ``decoy``, one more row is added whose code is ``BU03440518``: the values are Utrecht's real wijk
    WK034405 row, relabelled to the code that ``substringof('0518', ...)`` wrongly matches (hand-made, to test
    that the loader drops it).
    """
    values = load_json(DATA_CBS / "kwb-2024-85984NED-gemeenten-wijken-8-indicators.json")
    rows = []
    codes = [c for c in values if c == "GM0518" or c.startswith("WK0518")]
    if decoy:
        codes.append("WK034405")
    for i, code in enumerate(codes):
        shown = "BU03440518" if code == "WK034405" else code
        soort = {"GM": "Gemeente", "WK": "Wijk", "BU": "Buurt"}[shown[:2]]
        row: dict[str, Any] = {
            "ID": 16000 + i,
            "WijkenEnBuurten": pad(shown, 10),
            "Gemeentenaam_1": pad("Utrecht" if code == "WK034405" else "'s-Gravenhage", 40),
            "SoortRegio_2": pad(soort, 10),
            "Codering_3": pad(shown, 10),
        }
        row.update(values[code])
        rows.append(row)
    return rows


def names_2024(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The WijkenEnBuurten dimension items for the rows (Key padded; Title as CBS writes it)."""
    out = []
    for r in rows:
        code = r["WijkenEnBuurten"].strip()
        title = "'s-Gravenhage" if code == "GM0518" else f"Wijk {code[-2:]}"
        out.append(
            {"Key": pad(code, 10), "Title": title, "Description": "", "Municipality": code[:6]}
        )
    return out


def envelope(
    base: str, name: str, value: list[Any], next_link: str | None = None, *, feed: str = FEED
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "odata.metadata": f"{base}{feed}/$metadata#Cbs.OData.WebAPI.{name}",
        "value": value,
    }
    if next_link:
        body["odata.nextLink"] = next_link
    return body


def install_fake_cbs(
    server: FakeServer,
    *,
    rows: list[dict[str, Any]] | None = None,
    page_size: int = 20,
    modified: str | None = None,
    faults: dict[int, list[Answer]] | None = None,
    table: str = TABLE,
    period: str | None = None,
) -> dict[str, Any]:
    """Serve table 85984NED on ``server`` like the CBS OData v3 feed; return a dict with the served rows.

    ``faults`` maps a page number (0-based) of the TypedDataSet to answers served (in turn) before the good
    one, e.g. ``{1: [Answer(status=503)]}``; a list ending in a fault repeats that fault forever.
    """
    rows = denhaag_rows_2024() if rows is None else rows
    infos = tableinfos_2024()
    if modified:
        infos = [{**infos[0], "Modified": modified}]
    if (
        table != TABLE or period
    ):  # hand-made: the recorded 2024 answer served under another id/period
        infos = [{**infos[0], "Identifier": table, "Period": period or infos[0]["Period"]}]
    feed = f"/ODataFeed/odata/{table}"
    base = server.url
    state: dict[str, Any] = {"rows": rows, "infos": infos, "faults": faults or {}, "served": {}}

    def fixed(name: str, value: list[Any]) -> Callable[[Request], Answer]:
        return lambda req: Answer(envelope(base, name, value, feed=feed))

    root = [
        {"name": n, "url": f"{base}{feed}/{n}"}
        for n in (
            "TableInfos",
            "UntypedDataSet",
            "TypedDataSet",
            "DataProperties",
            "CategoryGroups",
            "WijkenEnBuurten",
        )
    ]

    def dataset(req: Request) -> Answer:
        skip = int((req.query.get("$skip") or ["0"])[0])
        page = skip // page_size
        queue = state["faults"].get(page) or []
        n = state["served"].get(page, 0)
        state["served"][page] = n + 1
        if n < len(queue):
            return queue[n]
        if queue and queue[-1].fault == "always":
            return Answer(b'{"value": [', fault="cut")
        chunk = state["rows"][skip : skip + page_size]
        more = skip + page_size < len(state["rows"])
        link = f"{base}{feed}/TypedDataSet?$format=json&$skip={skip + page_size}" if more else None
        return Answer(envelope(base, "TypedDataSet", chunk, link, feed=feed))

    def untyped(req: Request) -> Answer:
        as_text = [
            {k: ("." if v is None else str(v).rjust(10)) for k, v in r.items()}
            for r in state["rows"]
        ]
        return Answer(envelope(base, "UntypedDataSet", as_text, feed=feed))

    server.routes.update(
        {
            f"{feed}/": lambda req: Answer(
                {"odata.metadata": f"{base}{feed}/$metadata", "value": root}
            ),
            f"{feed}/TableInfos": lambda req: Answer(
                envelope(base, "TableInfos", state["infos"], feed=feed)
            ),
            f"{feed}/DataProperties": fixed("DataProperties", dataproperties_2024()),
            f"{feed}/CategoryGroups": fixed("CategoryGroups", []),
            f"{feed}/WijkenEnBuurten": fixed("WijkenEnBuurten", names_2024(rows)),
            f"{feed}/TypedDataSet": dataset,
            f"{feed}/UntypedDataSet": untyped,
        }
    )
    return state


def paths_asked(server: FakeServer) -> list[str]:
    return [r.path for r in server.requests]
