"""National statistics: parse a whole national KWB year from recorded responses, then load it from the cache.

Goal (issue 9): the cached load under half a second and at least 20 times faster than the parse.
The response is national-size and partly synthetic; see :mod:`bench._kwb_national` for what is real.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import _harness, _kwb_national
from bench._harness import NotBuilt, Result, Row, profile_top, timeit


@contextmanager
def _wijkassets_env(cache: Path, *, offline: bool) -> Iterator[None]:
    """Point wijkassets at a fresh cache folder and set the offline switch, restoring both afterwards."""
    from wijkassets import settings

    old = (settings.cache_folder, settings.offline)
    settings.cache_folder = cache
    settings.offline = offline
    try:
        yield
    finally:
        settings.cache_folder, settings.offline = old


def _odata_server(folder: Path) -> Any:
    """Start a fake CBS OData v3 server on 127.0.0.1 that serves the national response in pages."""
    from tests.fakeserver import Answer, FakeServer, Request

    infos = json.loads((folder / "TableInfos.json").read_text("utf-8"))
    props = json.loads((folder / "DataProperties.json").read_text("utf-8"))
    dim = json.loads((folder / "WijkenEnBuurten.json").read_text("utf-8"))
    rows = json.loads((folder / "TypedDataSet.json").read_text("utf-8"))
    server = FakeServer().start()
    table = _kwb_national.TABLE
    base = f"{server.url}/ODataApi/odata/{table}"
    pages = _kwb_national.odata_pages(rows, base)
    untyped_pages = pages  # same values; a loader that asks for UntypedDataSet gets the same shape

    def envelope(name: str, value: Any) -> Answer:
        return Answer({"odata.metadata": f"{base}/$metadata#{name}", "value": value})

    def paged(req: Request) -> Answer:
        skip = int((req.query.get("$skip") or ["0"])[0])
        return Answer(pages[skip // 10_000] if skip // 10_000 < len(pages) else b"")

    service = {
        "odata.metadata": f"{base}/$metadata",
        "value": [
            {"name": n, "url": f"{base}/{n}"}
            for n in ("TableInfos", "UntypedDataSet", "TypedDataSet", "DataProperties")
            + ("CategoryGroups", "WijkenEnBuurten")
        ],
    }
    for prefix in (f"/ODataApi/odata/{table}", f"/ODataFeed/odata/{table}"):
        _routes(server, prefix, service, envelope, infos, props, dim, paged, untyped_pages)
    return server


def _routes(
    server: Any,
    prefix: str,
    service: Any,
    envelope: Any,
    infos: Any,
    props: Any,
    dim: Any,
    paged: Any,
    untyped_pages: list[bytes],
) -> None:
    from tests.fakeserver import Answer

    server.routes.update(
        {
            prefix: Answer(service),
            prefix + "/": Answer(service),
            prefix + "/TableInfos": envelope("TableInfos", infos),
            prefix + "/DataProperties": envelope("DataProperties", props),
            prefix + "/CategoryGroups": envelope("CategoryGroups", []),
            prefix + "/WijkenEnBuurten": envelope("WijkenEnBuurten", dim),
            prefix + "/TypedDataSet": paged,
            prefix + "/UntypedDataSet": lambda req: Answer(
                untyped_pages[int((req.query.get("$skip") or ["0"])[0]) // 10_000]
            ),
        }
    )


def _plain_parse(path: Path) -> Any:
    import pandas as pd

    with open(path, encoding="utf-8") as fh:
        return pd.DataFrame(json.load(fh))


def run(quick: bool = False) -> Result:
    """Time wijkassets' parse and cached load of a national KWB year; plain pandas for reference."""
    import pandas as pd

    repeat = 1 if quick else 3
    folder = _kwb_national.write_download_dir(buurten_per_wijk=0 if quick else 4)
    typed = folder / "TypedDataSet.json"
    nrows = len(json.loads(typed.read_text("utf-8")))
    size = os.path.getsize(typed)
    result = Result(
        "kwb",
        "National statistics: parse vs cached load",
        data=(
            ("QUICK: gemeenten and wijken only. " if quick else "")
            + f"A national-size recorded KWB 2024 (85984NED) response: {nrows:,} rows x 130 columns, "
            f"{size / 1e6:.0f} MB of JSON as cbsodata saves it. Real: DataProperties, TableInfos, the 8 "
            "indicators of all 342 gemeenten and 3,393 wijken (Bron: CBS). SYNTHETIC: about 13,500 buurt "
            "rows (each wijk's row repeated under four made-up buurt codes) and placeholder values in the "
            "columns the repository has no national figures for. Best of "
            f"{repeat} run{'s' if repeat > 1 else ''}."
        ),
    )
    # reference: what plain pandas needs, to read the JSON and to read the same frame back from parquet
    plain = timeit(lambda: _plain_parse(typed), repeat=repeat)
    with tempfile.TemporaryDirectory() as tmp:
        pq = Path(tmp) / "kwb.parquet"
        plain.value.to_parquet(pq)
        plain_pq = timeit(lambda: pd.read_parquet(pq), repeat=repeat)
    result.extra.append(
        Row("reference: json.load + pd.DataFrame of the rows", plain.best, None, "")
    )
    result.extra.append(Row("reference: pd.read_parquet of that frame", plain_pq.best, None, ""))

    parse_best: float | None = None
    cached_best: float | None = None
    try:
        try:
            from wijkassets.cbs import load_kwb, read_kwb
        except ImportError as exc:
            raise NotBuilt("wijkassets.cbs.read_kwb/load_kwb not built yet") from exc
        with tempfile.TemporaryDirectory() as tmp:
            # parse: read_kwb on the file as cbsodata saved it
            with _wijkassets_env(Path(tmp) / "c1", offline=True), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    parse = timeit(lambda: read_kwb(typed, year=2024), repeat=repeat)
                except Exception as exc:
                    raise NotBuilt(f"read_kwb could not read the national file ({exc})") from exc
                parse_best = parse.best
                result.notes.append(
                    f"read_kwb returned {len(parse.value):,} rows x {parse.value.shape[1]} columns."
                )
            cached_best = _cached_load(
                load_kwb, folder, Path(tmp) / "c2", repeat, result, parse_best
            )
    except NotBuilt as exc:
        result.not_measured.append(str(exc))
    result.rows.append(
        Row(
            "parse a national KWB year (read_kwb) vs plain pandas",
            parse_best,
            plain.best,
            "json.load + pd.DataFrame",
        )
    )
    met = None if cached_best is None else cached_best < 0.5
    result.rows.append(
        Row(
            "cached load of the national year (load_kwb, offline)",
            cached_best,
            0.5,
            "goal: 0.5 s",
            goal="under 0.5 s",
            met=met,
        )
    )
    met20 = None if cached_best is None or parse_best is None else parse_best / cached_best >= 20
    result.rows.append(
        Row(
            "cached load vs parse (ratio = cached / parse)",
            cached_best,
            parse_best,
            "wijkassets' own parse",
            goal="at least 20x faster (ratio <= 0.05)",
            met=met20,
        )
    )
    return result


def _cached_load(
    load_kwb: Any, folder: Path, cache: Path, repeat: int, result: Result, parse_best: float
) -> float | None:
    """Fill the cache from the fake server (online), then time ``load_kwb(2024)`` offline from it."""
    from wijkassets.cbs import odata

    server = _odata_server(folder)
    stopped = False
    old = odata.CBS_ODATA_URL
    odata.CBS_ODATA_URL = server.url  # wijkassets' CBS root, pointed at the fake server
    try:
        with _wijkassets_env(cache, offline=False), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                fetch = timeit(lambda: load_kwb(2024), repeat=1)
            except Exception as exc:
                raise NotBuilt(
                    f"load_kwb(2024) could not be pointed at a fake CBS server ({type(exc).__name__}: "
                    f"{str(exc)[:200]})"
                ) from exc
            result.extra.append(
                Row(
                    "first load_kwb(2024) from the fake server (download + parse)",
                    fetch.best,
                    None,
                    "",
                )
            )
            result.notes.append(
                f"load_kwb(2024) returned {len(fetch.value):,} rows x {fetch.value.shape[1]} columns."
            )
        # offline from the cache; the base URL stays the fake server's, since it is part of the cache key
        server.stop()
        stopped = True
        with _wijkassets_env(cache, offline=True), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cached = timeit(lambda: load_kwb(2024), repeat=repeat)
            origin = str(cached.value.attrs.get("origin", ""))
            if len(cached.value) != len(fetch.value) or not origin.startswith("cache"):
                raise NotBuilt(
                    f"the cached load: load_kwb(2024) offline returned {len(cached.value):,} rows from "
                    f"{origin!r}, not the {len(fetch.value):,} rows cached"
                )
            if _harness.DEEP and (cached.best >= 0.5 or cached.best * 20 > parse_best):
                result.notes.append(
                    "Profile of the cached load_kwb(2024), top entries by cumulative time:\n\n```\n"
                    + profile_top(lambda: load_kwb(2024))
                    + "\n```"
                )
    finally:
        odata.CBS_ODATA_URL = old
        if not stopped:
            server.stop()
    return cached.best
