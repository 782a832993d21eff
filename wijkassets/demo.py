"""The main job: everything wijkassets does, on the embedded Den Haag data, offline, in seconds.

Steps (the data flow of the package, in order):

1. CBS figures for Den Haag 2015 (the Wijk- en buurtkaart's own attributes; same year as the boundaries);
2. the buurten of Den Haag 2015;
3. the FICTIONAL example register of the Schilderswijk, in its public view;
4. the profile per buurt: strengths from the register next to CBS deficit figures;
5. the strengths map, strengths next to deficits, and a printable walk through the Schilderswijk.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from wijkassets import settings

GEMEENTE = "GM0518"
YEAR = 2015
WALK_BUURT = "BU05182916"  # Schildersbuurt-Noord, where the example register lives


def run_demo(output: str | Path = "maps", *, quiet: bool = False) -> list[Path]:
    """Build the demo outputs in ``output`` and return their paths.

    Works offline: it reads only the embedded data and the example register (no network is tried).
    """
    from rich.console import Console

    console = Console(stderr=True, highlight=False, quiet=quiet)
    from wijkassets._io import ensure_folder

    outdir = ensure_folder(output)
    en = settings.get_language() == "en"
    paths: list[Path] = []
    with (
        settings.override(offline=True),
        warnings.catch_warnings(record=True) as caught,
        console.status("") as status,
    ):
        warnings.simplefilter("always")

        def step(nl: str, english: str) -> None:
            text = english if en else nl
            status.update(text)
            console.print(f"[dim]·[/dim] {text}")

        from wijkassets._io import write_table
        from wijkassets.analysis import describe_profile, profile
        from wijkassets.areas import load_boundaries
        from wijkassets.assets import example_register_path, open_register, public_view
        from wijkassets.cbs import load_kwb
        from wijkassets.render.print_map import two_panel_figure, walk_map
        from wijkassets.render.web import save_map, side_by_side_map, strengths_map

        step(f"CBS-cijfers Den Haag {YEAR} (Bron: CBS)", f"CBS figures Den Haag {YEAR} (Bron: CBS)")
        kwb = load_kwb(YEAR, gemeente=GEMEENTE)
        step(f"Buurtgrenzen Den Haag {YEAR}", f"Buurt boundaries Den Haag {YEAR}")
        buurten = load_boundaries(YEAR, "buurt", gemeente=GEMEENTE)
        step(
            "Voorbeeldregister Schilderswijk (FICTIEF)",
            "Example register Schilderswijk (FICTIONAL)",
        )
        register = open_register(example_register_path())
        assets, links = public_view(register)

        step(
            "Profiel per buurt: sterktes naast tekorten",
            "Profile per buurt: strengths next to deficits",
        )
        prof = profile(buurten, assets, kwb, links=links)
        paths.append(write_table(prof, outdir / "profiel.csv", index=False))
        paths.append(
            write_table(describe_profile(prof), outdir / "profiel-kolommen.csv", index=False)
        )

        step("Sterktekaart", "Strengths map")
        paths.append(save_map(strengths_map(register, buurten), outdir / "sterktekaart.html"))
        step("Sterktes naast tekorten", "Strengths next to deficits")
        paths.append(
            save_map(
                side_by_side_map(prof, register=register), outdir / "sterktes-naast-tekorten.html"
            )
        )

        step("Wandelkaart (PDF en PNG)", "Walk map (PDF and PNG)")
        walk = walk_map(
            register,
            WALK_BUURT,
            boundaries=buurten,
            path=[outdir / "wandeling.pdf", outdir / "wandeling.png"],
        )
        paths += [Path(p) for p in walk.paths]

        step(
            "Sterktes naast tekorten voor een rapport (PDF)",
            "Strengths next to deficits for a report (PDF)",
        )
        report = outdir / "sterktes-naast-tekorten.pdf"
        two_panel_figure(
            prof,
            strength="assets_per_1000",
            deficit="bijstand_uitkeringen_per_1000",
            path=report,
            subtitle=f"Den Haag, buurten {YEAR}",
        )
        paths.append(report)
    # The same note can come from several steps (each map applies the public view): say it once.
    for message in dict.fromkeys(str(w.message) for w in caught):
        console.print(f"[yellow]{'Note' if en else 'Let op'}:[/yellow] {message}")
    return paths
