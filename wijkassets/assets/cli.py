"""Commands of the ``assets`` step, added to the root ``wijkassets`` command by :func:`register`.

``wijkassets assets new|template|import|check|list|show|edit|link|remove|export|xlsform``: keep the neighbourhood's
ABCD register. Resident text is printed as plain text (never as markup).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

RegisterOpt = Annotated[
    Path,
    typer.Option(
        "--register", "-r", help="The register file (a .gpkg), e.g. buurt.gpkg.", show_default=False
    ),
]
CrsOpt = Annotated[
    str | None,
    typer.Option(
        "--crs",
        help="The coordinate system of the file's coordinates when the column names do not say it: "
        "EPSG:4326 (degrees, lat/lon) or EPSG:28992 (RD New, x/y in metres).",
    ),
]
SepOpt = Annotated[
    str | None,
    typer.Option("--sep", help="CSV column separator (default: ; , or tab, as the header shows)."),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="Read the file as: csv, xlsx, geojson, umap, gpkg, kobo or odk (default: from the file).",
    ),
]
LayerOpt = Annotated[
    str | None, typer.Option("--layer", help="The layer to read from a GeoPackage with several.")
]
CategorieOpt = Annotated[
    str | None,
    typer.Option(
        "--categorie",
        help="Category for rows that give none, e.g. 'fysieke plek' for a layer of playgrounds.",
    ),
]
NaamKolomOpt = Annotated[
    str | None,
    typer.Option(
        "--naam-kolom", help="The file's column that holds the names (e.g. VESTIGINGSNAAM)."
    ),
]
IdKolomOpt = Annotated[
    str | None,
    typer.Option(
        "--id-kolom", help="The file's column that holds stable ids (e.g. identificatie)."
    ),
]


def _columns(naam_kolom: str | None, id_kolom: str | None) -> dict[str, str] | None:
    cols = {k: v for k, v in (("naam", naam_kolom), ("id", id_kolom)) if v}
    return cols or None


BronOpt = Annotated[
    str | None,
    typer.Option(
        "--bron",
        help="How these assets were recorded, where the file does not say: wandeling, workshop, ... "
        "(default: the kind of file).",
    ),
]


def _print_notes(lines: list[str]) -> None:
    from wijkassets.cli import err

    for line in lines:
        err.print(f"- {line}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add this step's commands to the root command."""
    assets_app = typer.Typer(
        name="assets",
        help=(
            "The ABCD register: what residents record about their neighbourhood (people's gifts, "
            "associations, institutions, places, local economy, culture and stories). Import walks, "
            "workshops and Kobo/uMap files, check them, keep them private, export what may be shown."
        ),
        no_args_is_help=True,
    )

    @assets_app.command("new")
    def new_cmd(
        path: Annotated[Path, typer.Argument(help="The register file to create, e.g. buurt.gpkg.")],
        naam: Annotated[
            str | None, typer.Option("--naam", help="The register's name (default: the file name).")
        ] = None,
        beschrijving: Annotated[
            str, typer.Option("--beschrijving", help="A line about the register: whose, where.")
        ] = "",
    ) -> None:
        """Start an empty register file (a GeoPackage) for a neighbourhood."""
        from wijkassets.assets.register import new_register
        from wijkassets.cli import out

        reg = new_register(path, naam=naam, beschrijving=beschrijving)
        out.print(f"New register {reg.name!r}: {path}", markup=False)
        out.print(f"Add assets with: wijkassets assets import FILE --register {path}", markup=False)

    @assets_app.command("template")
    def template_cmd(
        output: Annotated[
            Path, typer.Option("-o", "--output", help="The table to write: .csv or .xlsx.")
        ] = Path("assets.csv"),
    ) -> None:
        """Write an example table with the register's columns, to fill in and import."""
        from wijkassets.assets.export import template
        from wijkassets.cli import out

        out.print(str(template(output)), markup=False)

    @assets_app.command("import")
    def import_cmd(
        file: Annotated[
            Path,
            typer.Argument(
                help="CSV, Excel, GeoJSON (also uMap), GeoPackage, or a KoboToolbox/ODK CSV export."
            ),
        ],
        register_path: RegisterOpt,
        crs: CrsOpt = None,
        sep: SepOpt = None,
        fmt: FormatOpt = None,
        layer: LayerOpt = None,
        bron: BronOpt = None,
        categorie: CategorieOpt = None,
        naam_kolom: NaamKolomOpt = None,
        id_kolom: IdKolomOpt = None,
    ) -> None:
        """Add the assets in a file to the register (created if missing).

        Every problem in the file is listed at once and then nothing is changed. Importing the same file
        again adds nothing; changed values are updated and the old values kept in the history. Addresses
        (straat, huisnummer, postcode) are looked up online at PDOK once and then cached.
        """
        from wijkassets.assets.importing import import_file
        from wijkassets.cli import out

        report = import_file(
            file,
            register_path,
            fmt=fmt,
            sep=sep,
            layer=layer,
            crs=crs,
            bron=bron,
            categorie=categorie,
            columns=_columns(naam_kolom, id_kolom),
        )
        lines = report.lines()
        out.print(lines[0], markup=False)
        _print_notes(lines[1:])

    @assets_app.command("check")
    def check_cmd(
        file: Annotated[Path, typer.Argument(help="The file to check.")],
        register_path: Annotated[
            Path | None,
            typer.Option("--register", "-r", help="Check links and ids against this register too."),
        ] = None,
        crs: CrsOpt = None,
        sep: SepOpt = None,
        fmt: FormatOpt = None,
        layer: LayerOpt = None,
        categorie: CategorieOpt = None,
        naam_kolom: NaamKolomOpt = None,
        id_kolom: IdKolomOpt = None,
    ) -> None:
        """Check a file without importing it: list every problem, or say it is fine."""
        from wijkassets.assets.importing import read_assets
        from wijkassets.cli import out

        checked = read_assets(
            file,
            register=register_path,
            fmt=fmt,
            sep=sep,
            layer=layer,
            crs=crs,
            categorie=categorie,
            columns=_columns(naam_kolom, id_kolom),
        )
        if checked.kind == "links":
            n = len(checked.links) if checked.links is not None else 0
            out.print(f"{file}: {n} link(s), no problems found.", markup=False)
        else:
            counts = checked.assets["categorie"].value_counts()
            parts = ", ".join(f"{counts[c]} {c}" for c in counts.index)
            out.print(
                f"{file}: {len(checked.assets)} asset(s) ({parts}), no problems found.",
                markup=False,
            )
        _print_notes(checked.notes)

    @assets_app.command("list")
    def list_cmd(
        register_path: RegisterOpt,
        categorie: Annotated[
            str | None, typer.Option("--categorie", help="Show only this category.")
        ] = None,
        output: Annotated[
            Path | None,
            typer.Option(
                "-o",
                "--output",
                help="Also write the full table (personal fields included): .csv, .xlsx, .parquet or .gpkg.",
            ),
        ] = None,
    ) -> None:
        """List the assets in a register: id, name, category, privacy, dates."""
        from rich.table import Table
        from rich.text import Text

        from wijkassets._errors import WijkassetsError
        from wijkassets._io import write_table
        from wijkassets.assets import schema
        from wijkassets.assets.register import open_register
        from wijkassets.cli import out

        reg = open_register(register_path)
        assets = reg.assets
        if categorie:
            cat = schema.normalise_category(categorie)
            if cat is None:
                raise WijkassetsError(
                    f"Unknown category {categorie!r}. Use one of: {schema.allowed_categories_text()}"
                )
            assets = assets[assets["categorie"] == cat]
        table = Table(title=Text(f"{reg.source}: {len(assets)} asset(s)"))
        cols = ["id", "naam", "categorie", "privacy", "toestemming", "vastgelegd_op", "beeindigd"]
        for col in cols:
            table.add_column(col)
        for _, row in assets.iterrows():
            cells = []
            for col in cols:
                v = row[col]
                text = "" if v is None or (not isinstance(v, bool) and v != v) else str(v)
                if col == "toestemming":
                    text = "ja" if v else ("nee" if row["categorie"] == "individu" else "")
                cells.append(Text(text))
            table.add_row(*cells)
        out.print(table)
        if output is not None:
            write_table(assets, output, index=False)
            out.print(f"written: {output} (holds personal data: keep it private)", markup=False)

    @assets_app.command("show")
    def show_cmd(
        asset_id: Annotated[
            str, typer.Argument(help="The asset's id (see: wijkassets assets list).")
        ],
        register_path: RegisterOpt,
    ) -> None:
        """Show one asset with every field, its links and its history."""
        from wijkassets._errors import WijkassetsError
        from wijkassets.assets.register import open_register
        from wijkassets.cli import out

        reg = open_register(register_path)
        rows = reg.assets[reg.assets["id"] == asset_id]
        if rows.empty:
            raise WijkassetsError(
                f"No asset {asset_id!r} in {register_path}. List the ids with: "
                f"wijkassets assets list --register {register_path}"
            )
        row = rows.iloc[0]
        for col in rows.columns:
            value = row[col].wkt if col == "geometry" else row[col]
            out.print(f"{col}: {value}", markup=False)
        links = reg.links[(reg.links["van"] == asset_id) | (reg.links["naar"] == asset_id)]
        for link in links.itertuples(index=False):
            out.print(f"link: {link.van} -> {link.naar} ({link.soort})", markup=False)
        hist = reg.history[reg.history["id"] == asset_id]
        for h in hist.itertuples(index=False):
            detail = (
                f" {h.veld}: {h.oude_waarde!s} -> {h.nieuwe_waarde!s}"
                if h.actie == "gewijzigd"
                else ""
            )
            out.print(f"history: {h.gewijzigd_op} {h.actie}{detail}", markup=False)

    @assets_app.command("edit")
    def edit_cmd(
        asset_id: Annotated[
            str, typer.Argument(help="The asset's id (see: wijkassets assets list).")
        ],
        register_path: RegisterOpt,
        naam: Annotated[str | None, typer.Option("--naam", help="New name.")] = None,
        categorie: Annotated[str | None, typer.Option("--categorie", help="New category.")] = None,
        tags: Annotated[
            str | None, typer.Option("--tags", help="New tags, e.g. 'natuur;eten'.")
        ] = None,
        beschrijving: Annotated[
            str | None, typer.Option("--beschrijving", help="New description.")
        ] = None,
        privacy: Annotated[
            str | None, typer.Option("--privacy", help="openbaar, buurt or prive.")
        ] = None,
        toestemming: Annotated[
            str | None,
            typer.Option("--toestemming", help="ja or nee: did the person agree to be shown?"),
        ] = None,
        laatst_gezien: Annotated[
            str | None,
            typer.Option("--laatst-gezien", help="Date it was last seen still there (2025-03-01)."),
        ] = None,
        beeindigd: Annotated[
            str | None,
            typer.Option(
                "--beeindigd", help="Date it stopped; it stays in the register's history."
            ),
        ] = None,
    ) -> None:
        """Change fields of one asset (consent, privacy, last seen, ended, ...); old values go to the history."""
        from wijkassets.assets.importing import edit_asset
        from wijkassets.assets.register import open_register, save_register
        from wijkassets.cli import out

        reg = open_register(register_path)
        new, changed = edit_asset(
            reg,
            asset_id,
            naam=naam,
            categorie=categorie,
            tags=tags,
            beschrijving=beschrijving,
            privacy=privacy,
            toestemming=toestemming,
            laatst_gezien=laatst_gezien,
            beeindigd=beeindigd,
        )
        if changed:
            save_register(new)
            out.print(f"{asset_id}: changed {', '.join(changed)}", markup=False)
        else:
            out.print(f"{asset_id}: nothing changed", markup=False)

    @assets_app.command("link")
    def link_cmd(
        van: Annotated[str, typer.Argument(help="Id of the first asset.")],
        naar: Annotated[str, typer.Argument(help="Id of the second asset.")],
        register_path: RegisterOpt,
        soort: Annotated[
            str,
            typer.Option("--soort", help="Kind of link, e.g. 'werkt samen met', 'komt samen in'."),
        ] = "werkt samen met",
        notitie: Annotated[str | None, typer.Option("--notitie", help="A short note.")] = None,
    ) -> None:
        """Link two assets (an informal network: who works with whom, who meets where)."""
        import pandas as pd

        from wijkassets._errors import WijkassetsError
        from wijkassets.assets.register import merge_assets, open_register, save_register
        from wijkassets.assets.schema import empty_assets
        from wijkassets.cli import out

        reg = open_register(register_path)
        unknown = [i for i in (van, naar) if i not in reg.asset_ids()]
        if unknown:
            raise WijkassetsError(
                f"No asset {', '.join(repr(u) for u in unknown)} in {register_path}. List the ids with: "
                f"wijkassets assets list --register {register_path}"
            )
        if van == naar:
            raise WijkassetsError("A link joins two different assets; give two ids.")
        links = pd.DataFrame([{"van": van, "naar": naar, "soort": soort, "notitie": notitie}])
        merged, summary = merge_assets(reg, empty_assets(), links=links)
        if summary.links_added:
            save_register(merged)
            out.print(f"link added: {van} -> {naar} ({soort})", markup=False)
        else:
            out.print("this link was already in the register", markup=False)

    @assets_app.command("remove")
    def remove_cmd(
        asset_ids: Annotated[list[str], typer.Argument(help="Id(s) of the asset(s) to remove.")],
        register_path: RegisterOpt,
        yes: Annotated[
            bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")
        ] = False,
    ) -> None:
        """Remove assets for good: also their history and their links (the AVG's right to erasure).

        The register file is rewritten and compacted, so the removed text is not left in the file.
        Copies made earlier (exports, backups) must be removed separately.
        """
        from wijkassets.assets.register import open_register, remove_assets, save_register
        from wijkassets.cli import out

        reg = open_register(register_path)
        new = remove_assets(reg, asset_ids)
        if not yes:
            names = reg.assets.loc[reg.assets["id"].isin(asset_ids), "naam"].tolist()
            typer.confirm(
                f"Remove {len(asset_ids)} asset(s) ({', '.join(map(str, names))}) with their history "
                "and links, for good?",
                abort=True,
            )
        save_register(new)
        out.print(
            f"removed {len(asset_ids)} asset(s), their history and links from {register_path}. "
            "Remove them from earlier exports and backups too.",
            markup=False,
        )

    @assets_app.command("export")
    def export_cmd(
        register_path: RegisterOpt,
        output: Annotated[
            Path,
            typer.Option(
                "-o",
                "--output",
                help="The file to write: .geojson, .csv, .xlsx, .gpkg or .parquet (Kumu: .xlsx or .csv).",
            ),
        ],
        public: Annotated[
            bool,
            typer.Option(
                "--public/--all",
                help="--public (default): only what may be published. --all: everything, personal data "
                "included, for the register's keepers only.",
            ),
        ] = True,
        fmt: Annotated[
            str,
            typer.Option(
                "--format",
                help="plain (default: by the file's suffix), umap (GeoJSON with uMap's name, description "
                "and colours) or kumu (Elements and Connections for kumu.io).",
            ),
        ] = "plain",
        audience: Annotated[
            str,
            typer.Option(
                "--audience",
                help="With --public: openbaar (default, for the internet) or buurt (also assets marked "
                "buurt, for maps shown in the neighbourhood).",
            ),
        ] = "openbaar",
        individuals: Annotated[
            str,
            typer.Option(
                "--individuals",
                help="With --public: put individuals in the middle of a grid cell (grid, default) or of "
                "their buurt (buurt).",
            ),
        ] = "grid",
        grid_m: Annotated[
            float, typer.Option("--grid-m", help="Grid cell size in metres for individuals.")
        ] = 500,
        min_individuals: Annotated[
            int,
            typer.Option(
                "--min-individuals",
                help="Show no individuals in an area with fewer than this many.",
            ),
        ] = 3,
        personal_links: Annotated[
            bool,
            typer.Option(
                "--personal-links",
                help="Kumu only: include individuals and their links (personal data; needs --all).",
            ),
        ] = False,
    ) -> None:
        """Write the register for uMap, Kumu, QGIS or Excel; by default only what may be published.

        Public rules: no personal fields, no prive assets, no individual without consent, individuals
        never at their own place (grid cell or buurt), and no area with fewer than 3 individuals.
        """
        import warnings

        from wijkassets._errors import WijkassetsError
        from wijkassets._io import write_table
        from wijkassets.assets.export import to_geojson, to_kumu
        from wijkassets.assets.privacy import public_view
        from wijkassets.assets.register import open_register
        from wijkassets.cli import out

        if fmt not in ("plain", "umap", "kumu"):
            raise WijkassetsError(f"--format {fmt!r}: use plain, umap or kumu.")
        if personal_links and public:
            raise WijkassetsError(
                "--personal-links exports personal data: use it with --all, and keep the file private."
            )
        reg = open_register(register_path)
        if public:
            assets, links = public_view(
                reg,
                audience=audience,  # type: ignore[arg-type]
                individuals=individuals,  # type: ignore[arg-type]
                grid_m=grid_m,
                min_individuals=min_individuals,
            )
        else:
            assets, links = reg.assets, reg.links
            warnings.warn(
                f"{output} holds personal data (names, who recorded what, exact places of individuals): "
                "keep it private.",
                stacklevel=1,
            )
        if fmt == "kumu":
            if not personal_links:
                assets = assets[assets["categorie"] != "individu"]
            paths = to_kumu(assets, links, output)
        elif output.suffix.lower() in (".geojson", ".json", ".umap"):
            paths = [to_geojson(assets, output, umap=fmt == "umap", name=reg.name)]
        else:
            if fmt == "umap":
                raise WijkassetsError(
                    "--format umap writes GeoJSON: use a name ending in .geojson."
                )
            table = assets
            if output.suffix.lower() in (".csv", ".xlsx") and len(assets):
                # plain tables lose the geometry: give Excel users the place in degrees
                where = assets.geometry.representative_point().to_crs(4326)
                table = assets.assign(lat=where.y.round(6), lon=where.x.round(6))
            paths = [write_table(table, output, index=False)]
        for p in paths:
            out.print(f"{p} ({len(assets)} assets; {reg.source})", markup=False)

    @assets_app.command("xlsform")
    def xlsform_cmd(
        output: Annotated[
            Path, typer.Option("-o", "--output", help="The form to write (.xlsx).")
        ] = Path("wijkassets-formulier.xlsx"),
        title: Annotated[
            str, typer.Option("--title", help="The form's title on the phone.")
        ] = "Wat heeft onze buurt?",
    ) -> None:
        """Write a KoboToolbox/ODK form (XLSForm) to record assets on a phone during a walk.

        Upload it to KoboToolbox (or ODK Central), collect, download the data as CSV and import it with:
        wijkassets assets import EXPORT.csv --register REGISTER.gpkg
        """
        from wijkassets.assets.export import xlsform
        from wijkassets.cli import out

        out.print(str(xlsform(output, title=title)), markup=False)

    app.add_typer(assets_app, name="assets")
