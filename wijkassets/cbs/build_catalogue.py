"""Build the indicator catalogue (``catalogue.json``) from the KWB tables' own DataProperties.

Run ``python -m wijkassets.cbs.build_catalogue`` after adding recorded DataProperties or key lists of a year. The
rules below say, once for all years, what each stable indicator name means: the CBS base names it may carry (the
``_N`` suffix moves from year to year and is ignored), the parent TopicGroup and title that tell apart base names
that repeat inside one table, the unit it must have, and the Wijk- en buurtkaart attribute names with the same
meaning *and the same kind*. The per-year keys in the catalogue are never typed by hand: they are found by
applying these rules to each year's recorded DataProperties (Key, Title, parent TopicGroup, Unit) or, where only a
table's column keys were recorded, to those keys (a base name that occurs more than once is then left alone).

Renames are explicit: a rule lists every base name the figure has had (``GemiddeldeWoningwaarde`` became
``GemiddeldeWOZWaardeVanWoningen``). A figure that a year's table does not have stays absent for that year; a
look-alike (``PersonenInArmoede`` for ``HuishoudensMetEenLaagInkomen``) is never used in its place.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijkassets.cbs.indicators import (
    CATALOGUE_FILE,
    match_dataproperties,
    match_keys,
)


@dataclass
class Rule:
    """What one stable indicator name means."""

    name: str
    label_nl: str
    label_en: str
    kind: str
    unit: str
    theme: str
    polarity: str = "neutral"
    bases: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    map_attributes: list[str] = field(default_factory=list)
    notes: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label_nl": self.label_nl,
            "label_en": self.label_en,
            "unit": self.unit,
            "kind": self.kind,
            "theme": self.theme,
            "polarity": self.polarity,
            "notes": self.notes,
            "match": {
                "bases": self.bases,
                "groups": self.groups,
                "titles": self.titles,
                "units": self.units or ([self.unit] if self.bases else []),
            },
            "map_attributes": self.map_attributes,
        }


def R(
    name: str,
    label_nl: str,
    label_en: str,
    kind: str,
    unit: str,
    theme: str,
    polarity: str = "neutral",
    *,
    bases: Iterable[str] = (),
    groups: Iterable[str] = (),
    titles: Iterable[str] = (),
    units: Iterable[str] = (),
    map: Iterable[str] = (),
    notes: str = "",
) -> Rule:
    return Rule(
        name,
        label_nl,
        label_en,
        kind,
        unit,
        theme,
        polarity,
        list(bases),
        list(groups),
        list(titles),
        list(units),
        list(map),
        notes,
    )


_PCT_MAP_NOTE = (
    "Only in the Wijk- en buurtkaart attributes, as a rounded percentage of inwoners; the tables give the count "
    "(see {count}). Never mixed with the count."
)

# fmt: off
SPEC: list[Rule] = [
    # --- bevolking
    R("inwoners", "Aantal inwoners", "Residents", "count", "aantal", "bevolking",
      bases=["AantalInwoners"], map=["AANT_INW", "aantal_inwoners", "aantalInwoners"],
      notes="Registered population on 1 January of the table's year."),
    R("mannen", "Mannen", "Men", "count", "aantal", "bevolking",
      bases=["Mannen"], map=["AANT_MAN", "mannen"]),
    R("vrouwen", "Vrouwen", "Women", "count", "aantal", "bevolking",
      bases=["Vrouwen"], map=["AANT_VROUW", "vrouwen"]),
    R("inwoners_0_15", "Inwoners 0 tot 15 jaar", "Residents aged 0-14", "count", "aantal", "bevolking",
      bases=["k_0Tot15Jaar"]),
    R("inwoners_15_25", "Inwoners 15 tot 25 jaar", "Residents aged 15-24", "count", "aantal", "bevolking",
      bases=["k_15Tot25Jaar"]),
    R("inwoners_25_45", "Inwoners 25 tot 45 jaar", "Residents aged 25-44", "count", "aantal", "bevolking",
      bases=["k_25Tot45Jaar"]),
    R("inwoners_45_65", "Inwoners 45 tot 65 jaar", "Residents aged 45-64", "count", "aantal", "bevolking",
      bases=["k_45Tot65Jaar"]),
    R("inwoners_65_plus", "Inwoners 65 jaar of ouder", "Residents aged 65 and over", "count", "aantal",
      "bevolking", bases=["k_65JaarOfOuder"]),
    R("pct_inwoners_0_15", "Percentage inwoners 0 tot 15 jaar", "Share of residents aged 0-14", "percentage",
      "%", "bevolking", map=["P_00_14_JR", "percentage_personen_0_tot_15_jaar", "percentagePersonen0Tot15Jaar"],
      notes=_PCT_MAP_NOTE.format(count="inwoners_0_15")),
    R("pct_inwoners_15_25", "Percentage inwoners 15 tot 25 jaar", "Share of residents aged 15-24",
      "percentage", "%", "bevolking",
      map=["P_15_24_JR", "percentage_personen_15_tot_25_jaar", "percentagePersonen15Tot25Jaar"],
      notes=_PCT_MAP_NOTE.format(count="inwoners_15_25")),
    R("pct_inwoners_25_45", "Percentage inwoners 25 tot 45 jaar", "Share of residents aged 25-44",
      "percentage", "%", "bevolking",
      map=["P_25_44_JR", "percentage_personen_25_tot_45_jaar", "percentagePersonen25Tot45Jaar"],
      notes=_PCT_MAP_NOTE.format(count="inwoners_25_45")),
    R("pct_inwoners_45_65", "Percentage inwoners 45 tot 65 jaar", "Share of residents aged 45-64",
      "percentage", "%", "bevolking",
      map=["P_45_64_JR", "percentage_personen_45_tot_65_jaar", "percentagePersonen45Tot65Jaar"],
      notes=_PCT_MAP_NOTE.format(count="inwoners_45_65")),
    R("pct_inwoners_65_plus", "Percentage inwoners 65 jaar of ouder", "Share of residents aged 65 and over",
      "percentage", "%", "bevolking",
      map=["P_65_EO_JR", "percentage_personen_65_jaar_en_ouder", "percentagePersonen65JaarEnOuder"],
      notes=_PCT_MAP_NOTE.format(count="inwoners_65_plus")),
    R("ongehuwd", "Ongehuwd", "Never married", "count", "aantal", "bevolking", bases=["Ongehuwd"]),
    R("gehuwd", "Gehuwd", "Married", "count", "aantal", "bevolking", bases=["Gehuwd"]),
    R("gescheiden", "Gescheiden", "Divorced", "count", "aantal", "bevolking", bases=["Gescheiden"]),
    R("verweduwd", "Verweduwd", "Widowed", "count", "aantal", "bevolking", bases=["Verweduwd"]),
    R("pct_ongehuwd", "Percentage ongehuwd", "Share never married", "percentage", "%", "bevolking",
      map=["P_ONGEHUWD", "percentage_ongehuwd", "percentageOngehuwd"],
      notes=_PCT_MAP_NOTE.format(count="ongehuwd")),
    R("pct_gehuwd", "Percentage gehuwd", "Share married", "percentage", "%", "bevolking",
      map=["P_GEHUWD", "percentage_gehuwd", "percentageGehuwd"], notes=_PCT_MAP_NOTE.format(count="gehuwd")),
    R("pct_gescheiden", "Percentage gescheiden", "Share divorced", "percentage", "%", "bevolking",
      map=["P_GESCHEID", "percentage_gescheid", "percentageGescheid"],
      notes=_PCT_MAP_NOTE.format(count="gescheiden")),
    R("pct_verweduwd", "Percentage verweduwd", "Share widowed", "percentage", "%", "bevolking",
      map=["P_VERWEDUW", "percentage_verweduwd", "percentageVerweduwd"],
      notes=_PCT_MAP_NOTE.format(count="verweduwd")),
    R("westers", "Westerse migratieachtergrond", "Western migration background", "count", "aantal",
      "bevolking", bases=["WestersTotaal"],
      notes="Up to the 2022 tables. From 2023 CBS classifies by herkomstland (see herkomst_*); not comparable. "
      "The 2014 table (and perhaps other early ones) gave a percentage under this name: refused by the unit check."),
    R("niet_westers", "Niet-westerse migratieachtergrond", "Non-Western migration background", "count",
      "aantal", "bevolking", bases=["NietWestersTotaal"],
      notes="Up to the 2022 tables; replaced by herkomstland from 2023 (see herkomst_*)."),
    R("marokko", "Migratieachtergrond Marokko", "Moroccan migration background", "count", "aantal",
      "bevolking", bases=["Marokko"], notes="Up to the 2022 tables."),
    R("antillen_aruba", "Migratieachtergrond Nederlandse Antillen en Aruba",
      "Antillean/Aruban migration background", "count", "aantal", "bevolking",
      bases=["NederlandseAntillenEnAruba"], notes="Up to the 2022 tables."),
    R("suriname", "Migratieachtergrond Suriname", "Surinamese migration background", "count", "aantal",
      "bevolking", bases=["Suriname"], notes="Up to the 2022 tables."),
    R("turkije", "Migratieachtergrond Turkije", "Turkish migration background", "count", "aantal",
      "bevolking", bases=["Turkije"], notes="Up to the 2022 tables."),
    R("overig_niet_westers", "Overig niet-westerse migratieachtergrond",
      "Other non-Western migration background", "count", "aantal", "bevolking",
      bases=["OverigNietWesters"], notes="Up to the 2022 tables."),
    R("pct_westers", "Percentage westerse migratieachtergrond", "Share with Western migration background",
      "percentage", "%", "bevolking",
      map=["P_WEST_AL", "percentage_westerse_migratieachtergrond"],
      notes=_PCT_MAP_NOTE.format(count="westers")),
    R("pct_niet_westers", "Percentage niet-westerse migratieachtergrond",
      "Share with non-Western migration background", "percentage", "%", "bevolking",
      map=["P_N_W_AL", "percentage_niet_westerse_migratieachtergrond"],
      notes=_PCT_MAP_NOTE.format(count="niet_westers")),
    R("pct_marokko", "Percentage migratieachtergrond Marokko", "Share with Moroccan background",
      "percentage", "%", "bevolking", map=["P_MAROKKO", "percentage_uit_marokko"],
      notes=_PCT_MAP_NOTE.format(count="marokko")),
    R("pct_antillen_aruba", "Percentage migratieachtergrond Antillen en Aruba",
      "Share with Antillean/Aruban background", "percentage", "%", "bevolking",
      map=["P_ANT_ARU", "percentage_uit_nederlandse_antillen_en_aruba"],
      notes=_PCT_MAP_NOTE.format(count="antillen_aruba")),
    R("pct_suriname", "Percentage migratieachtergrond Suriname", "Share with Surinamese background",
      "percentage", "%", "bevolking", map=["P_SURINAM", "percentage_uit_suriname"],
      notes=_PCT_MAP_NOTE.format(count="suriname")),
    R("pct_turkije", "Percentage migratieachtergrond Turkije", "Share with Turkish background", "percentage",
      "%", "bevolking", map=["P_TURKIJE", "percentage_uit_turkije"],
      notes=_PCT_MAP_NOTE.format(count="turkije")),
    R("pct_overig_niet_westers", "Percentage overig niet-westerse migratieachtergrond",
      "Share with other non-Western background", "percentage", "%", "bevolking",
      map=["P_OVER_NW", "percentage_overige_nietwestersemigratieachtergrond"],
      notes=_PCT_MAP_NOTE.format(count="overig_niet_westers")),
    R("herkomst_nederland", "Herkomstland Nederland", "Country of origin: the Netherlands", "count",
      "aantal", "bevolking", bases=["Nederland"], groups=["Herkomstland"],
      notes="From the 2023 tables. The same base name sits under 'Geboren in Nederland': told apart by group."),
    R("herkomst_europa", "Herkomstland Europa (exclusief Nederland)",
      "Country of origin: Europe (excl. the Netherlands)", "count", "aantal", "bevolking",
      bases=["EuropaExclusiefNederland"], groups=["Herkomstland"], notes="From the 2023 tables."),
    R("herkomst_buiten_europa", "Herkomstland buiten Europa", "Country of origin: outside Europe", "count",
      "aantal", "bevolking", bases=["BuitenEuropa"], groups=["Herkomstland"], notes="From the 2023 tables."),
    R("geboren_nl_herkomst_nederland", "Geboren in Nederland, herkomstland Nederland",
      "Born in the Netherlands, origin the Netherlands", "count", "aantal", "bevolking",
      bases=["Nederland"], groups=["Geboren in Nederland"], notes="From the 2023 tables."),
    R("geboren_nl_herkomst_europa", "Geboren in Nederland, herkomstland Europa (excl. Nederland)",
      "Born in the Netherlands, origin Europe", "count", "aantal", "bevolking",
      bases=["EuropaExclusiefNederland"], groups=["Geboren in Nederland"], notes="From the 2023 tables."),
    R("geboren_nl_herkomst_buiten_europa", "Geboren in Nederland, herkomstland buiten Europa",
      "Born in the Netherlands, origin outside Europe", "count", "aantal", "bevolking",
      bases=["BuitenEuropa"], groups=["Geboren in Nederland"], notes="From the 2023 tables."),
    R("geboren_buiten_nl_europa", "Geboren buiten Nederland, herkomstland Europa (excl. Nederland)",
      "Born abroad, origin Europe", "count", "aantal", "bevolking",
      bases=["EuropaExclusiefNederland"], groups=["Geboren buiten Nederland"], notes="From the 2023 tables."),
    R("geboren_buiten_nl_buiten_europa", "Geboren buiten Nederland, herkomstland buiten Europa",
      "Born abroad, origin outside Europe", "count", "aantal", "bevolking",
      bases=["BuitenEuropa"], groups=["Geboren buiten Nederland"], notes="From the 2023 tables."),
    R("pct_herkomst_nederland", "Percentage herkomstland Nederland", "Share with origin the Netherlands",
      "percentage", "%", "bevolking", map=["percentageMetHerkomstlandNederland"],
      notes=_PCT_MAP_NOTE.format(count="herkomst_nederland")),
    R("pct_herkomst_europa", "Percentage herkomstland Europa (excl. Nederland)",
      "Share with origin Europe (excl. NL)", "percentage", "%", "bevolking",
      map=["percentageMetHerkomstlandUitEuropaExclNl"], notes=_PCT_MAP_NOTE.format(count="herkomst_europa")),
    R("pct_herkomst_buiten_europa", "Percentage herkomstland buiten Europa", "Share with origin outside Europe",
      "percentage", "%", "bevolking", map=["percentageMetHerkomstlandBuitenEuropa"],
      notes=_PCT_MAP_NOTE.format(count="herkomst_buiten_europa")),
    R("pct_geboren_nl_herkomst_nederland", "Percentage geboren in Nederland, herkomstland Nederland",
      "Share born in NL, origin NL", "percentage", "%", "bevolking",
      map=["percentageGebInNlMetHerkomstlandNederland"],
      notes=_PCT_MAP_NOTE.format(count="geboren_nl_herkomst_nederland")),
    R("pct_geboren_nl_herkomst_europa", "Percentage geboren in Nederland, herkomstland Europa",
      "Share born in NL, origin Europe", "percentage", "%", "bevolking",
      map=["percGebInNlMetHerkomstlandInEuropaExNl"],
      notes=_PCT_MAP_NOTE.format(count="geboren_nl_herkomst_europa")),
    R("pct_geboren_nl_herkomst_buiten_europa", "Percentage geboren in Nederland, herkomstland buiten Europa",
      "Share born in NL, origin outside Europe", "percentage", "%", "bevolking",
      map=["percGebInNlMetHerkomstlandBuitenEuropa"],
      notes=_PCT_MAP_NOTE.format(count="geboren_nl_herkomst_buiten_europa")),
    R("pct_geboren_buiten_nl_europa", "Percentage geboren buiten Nederland, herkomstland Europa",
      "Share born abroad, origin Europe", "percentage", "%", "bevolking",
      map=["percGebBuitenNlMetHerkomstlndInEuropaExNl"],
      notes=_PCT_MAP_NOTE.format(count="geboren_buiten_nl_europa")),
    R("pct_geboren_buiten_nl_buiten_europa", "Percentage geboren buiten Nederland, herkomstland buiten Europa",
      "Share born abroad, origin outside Europe", "percentage", "%", "bevolking",
      map=["percGebBuitenNlMetHerkomstlndBuitenEuropa"],
      notes=_PCT_MAP_NOTE.format(count="geboren_buiten_nl_buiten_europa")),
    R("geboorte", "Geboorte totaal", "Births", "count", "aantal", "bevolking", bases=["GeboorteTotaal"]),
    R("geboorte_per_1000", "Geboorte relatief", "Births per 1,000 residents", "rate", "per 1 000 inwoners",
      "bevolking", bases=["GeboorteRelatief"]),
    R("sterfte", "Sterfte totaal", "Deaths", "count", "aantal", "bevolking", bases=["SterfteTotaal"]),
    R("sterfte_per_1000", "Sterfte relatief", "Deaths per 1,000 residents", "rate", "per 1 000 inwoners",
      "bevolking", bases=["SterfteRelatief"]),
    R("huishoudens", "Huishoudens totaal", "Households", "count", "aantal", "bevolking",
      bases=["HuishoudensTotaal"], map=["AANTAL_HH", "aantal_huishoudens", "aantalHuishoudens"],
      notes="Private households."),
    R("eenpersoonshuishoudens", "Eenpersoonshuishoudens", "One-person households", "count", "aantal",
      "bevolking", bases=["Eenpersoonshuishoudens"]),
    R("huishoudens_zonder_kinderen", "Huishoudens zonder kinderen", "Households without children", "count",
      "aantal", "bevolking", bases=["HuishoudensZonderKinderen"]),
    R("huishoudens_met_kinderen", "Huishoudens met kinderen", "Households with children", "count", "aantal",
      "bevolking", bases=["HuishoudensMetKinderen"]),
    R("pct_eenpersoonshuishoudens", "Percentage eenpersoonshuishoudens", "Share of one-person households",
      "percentage", "%", "bevolking",
      map=["P_EENP_HH", "percentage_eenpersoonshuishoudens", "percentageEenpersoonshuishoudens"],
      notes="Map attributes only, percentage of households; the tables give the count "
      "(eenpersoonshuishoudens)."),
    R("pct_huishoudens_zonder_kinderen", "Percentage huishoudens zonder kinderen",
      "Share of households without children", "percentage", "%", "bevolking",
      map=["P_HH_Z_K", "percentage_huishoudens_zonder_kinderen", "percentageHuishoudensZonderKinderen"],
      notes="Map attributes only; the tables give the count (huishoudens_zonder_kinderen)."),
    R("pct_huishoudens_met_kinderen", "Percentage huishoudens met kinderen",
      "Share of households with children", "percentage", "%", "bevolking",
      map=["P_HH_M_K", "percentage_huishoudens_met_kinderen", "percentageHuishoudensMetKinderen"],
      notes="Map attributes only; the tables give the count (huishoudens_met_kinderen)."),
    R("gem_huishoudensgrootte", "Gemiddelde huishoudensgrootte", "Average household size", "mean",
      "aantal", "bevolking", bases=["GemiddeldeHuishoudensgrootte"],
      map=["GEM_HH_GR", "gemiddelde_huishoudsgrootte", "gemiddeldeHuishoudsgrootte"]),
    R("bevolkingsdichtheid", "Bevolkingsdichtheid", "Population density", "density",
      "aantal inwoners per km²", "bevolking", bases=["Bevolkingsdichtheid"],
      units=["aantal inwoners per km²", "aantal inwoners per km2"],
      map=["BEV_DICHTH", "bevolkingsdichtheid_inwoners_per_km2", "bevolkingsdichtheidInwonersPerKm2"]),
    # --- wonen
    R("woningvoorraad", "Woningvoorraad", "Dwellings", "count", "aantal", "wonen", bases=["Woningvoorraad"]),
    R("nieuwbouw_woningen", "Nieuwbouw woningen", "New dwellings", "count", "aantal", "wonen",
      bases=["NieuwbouwWoningen"], notes="From the 2024 table; figures arrive in a later release (mid 2025)."),
    R("niet_woningvoorraad", "Niet-woningvoorraad", "Non-residential buildings", "count", "aantal", "wonen",
      bases=["NietWoningvoorraad"], notes="From the 2024 table."),
    R("nieuwbouw_niet_woningen", "Nieuwbouw niet-woningen", "New non-residential buildings", "count",
      "aantal", "wonen", bases=["NieuwbouwNietWoningen"],
      notes="From the 2024 table; figures arrive in a later release (mid 2025)."),
    R("gem_woz", "Gemiddelde WOZ-waarde van woningen", "Average property value (WOZ)", "mean",
      "x 1 000 euro", "wonen", bases=["GemiddeldeWoningwaarde", "GemiddeldeWOZWaardeVanWoningen"],
      notes="Renamed: GemiddeldeWoningwaarde (2019 and earlier tables) became GemiddeldeWOZWaardeVanWoningen "
      "(2022 on). The WOZ value can refer to an earlier date than the table's year: see the CBS notes of the "
      "table."),
    R("pct_eengezinswoning", "Percentage eengezinswoning", "Share of single-family houses", "percentage",
      "%", "wonen", bases=["PercentageEengezinswoning"]),
    R("pct_tussenwoning", "Percentage tussenwoning (eengezins)", "Share of terraced houses", "percentage",
      "%", "wonen", bases=["PercentageTussenwoningEengezins"], notes="From the 2024 table."),
    R("pct_hoekwoning", "Percentage hoekwoning (eengezins)", "Share of end-of-terrace houses", "percentage",
      "%", "wonen", bases=["PercentageHoekwoningEengezins"], notes="From the 2024 table."),
    R("pct_twee_onder_een_kap", "Percentage twee-onder-een-kapwoning", "Share of semi-detached houses",
      "percentage", "%", "wonen", bases=["PercentageTweeOnderEenKapWoningEe"], notes="From the 2024 table."),
    R("pct_vrijstaand", "Percentage vrijstaande woning", "Share of detached houses", "percentage", "%",
      "wonen", bases=["PercentageVrijstaandeWoningEengezins"], notes="From the 2024 table."),
    R("pct_meergezinswoning", "Percentage meergezinswoning", "Share of flats", "percentage", "%", "wonen",
      bases=["PercentageMeergezinswoning"]),
    R("pct_onbewoond", "Percentage onbewoonde woningen", "Share of unoccupied dwellings", "percentage", "%",
      "wonen", bases=["PercentageOnbewoond", "OnbewoondeWoningen"],
      notes="Renamed: PercentageOnbewoond (up to 2023) became OnbewoondeWoningen (2024, still a percentage)."),
    R("pct_bewoond", "Percentage bewoonde woningen", "Share of occupied dwellings", "percentage", "%",
      "wonen", bases=["PercentageBewoond"], notes="Up to the 2023 tables; dropped from 2024."),
    R("pct_eigendom_onbekend", "Percentage woningen eigendom onbekend", "Share with unknown ownership",
      "percentage", "%", "wonen", bases=["EigendomOnbekend"], notes="Up to the 2023 tables; dropped from 2024."),
    R("pct_koopwoningen", "Percentage koopwoningen", "Share of owner-occupied dwellings", "percentage", "%",
      "wonen", bases=["Koopwoningen"]),
    R("pct_huurwoningen", "Percentage huurwoningen", "Share of rented dwellings", "percentage", "%", "wonen",
      bases=["HuurwoningenTotaal"]),
    R("pct_corporatiewoningen", "Percentage huurwoningen van een woningcorporatie",
      "Share of social housing (housing associations)", "percentage", "%", "wonen",
      bases=["InBezitWoningcorporatie"]),
    R("pct_overige_verhuurders", "Percentage huurwoningen van overige verhuurders",
      "Share rented from other landlords", "percentage", "%", "wonen", bases=["InBezitOverigeVerhuurders"]),
    R("pct_bouwjaar_voor_2000", "Percentage bouwjaar voor 2000", "Share built before 2000", "percentage",
      "%", "wonen", bases=["BouwjaarVoor2000"], notes="Up to the 2023 tables; 2024 uses ten-year classes."),
    R("pct_bouwjaar_vanaf_2000", "Percentage bouwjaar vanaf 2000", "Share built from 2000", "percentage",
      "%", "wonen", bases=["BouwjaarVanaf2000"], notes="Up to the 2023 tables; 2024 uses ten-year classes."),
    R("pct_bouwjaar_ouder_10_jaar", "Percentage bouwjaar meer dan tien jaar geleden",
      "Share built more than ten years ago", "percentage", "%", "wonen",
      bases=["BouwjaarMeerDanTienJaarGeleden"],
      notes="From the 2024 table; not comparable with pct_bouwjaar_voor_2000."),
    R("pct_bouwjaar_laatste_10_jaar", "Percentage bouwjaar afgelopen tien jaar",
      "Share built in the last ten years", "percentage", "%", "wonen", bases=["BouwjaarAfgelopenTienJaar"],
      notes="From the 2024 table; not comparable with pct_bouwjaar_vanaf_2000."),
    # --- energie
    R("elektriciteit_gem", "Gemiddelde elektriciteitslevering", "Average electricity supply", "mean", "kWh",
      "energie", bases=["GemiddeldeElektriciteitsleveringTotaal", "GemiddeldElektriciteitsverbruikTotaal"],
      notes="Renamed: verbruik (older tables) became levering."),
    R("aardgas_gem", "Gemiddeld aardgasverbruik", "Average gas consumption", "mean", "m³", "energie",
      bases=["GemiddeldAardgasverbruikTotaal"]),
    R("pct_stadsverwarming", "Percentage woningen met stadsverwarming", "Share with district heating",
      "percentage", "%", "energie", bases=["PercentageWoningenMetStadsverwarming"]),
]

# Energy by dwelling type and ownership: the same base names under electricity (kWh) and gas (m3), told apart
# by their TopicGroup (electricity or gas) and checked by unit.
for _base, _nl, _en in [
    ("Appartement", "appartement", "flat"),
    ("Tussenwoning", "tussenwoning", "terraced house"),
    ("Hoekwoning", "hoekwoning", "end-of-terrace house"),
    ("TweeOnderEenKapWoning", "twee-onder-een-kapwoning", "semi-detached house"),
    ("VrijstaandeWoning", "vrijstaande woning", "detached house"),
    ("Huurwoning", "huurwoning", "rented dwelling"),
    ("EigenWoning", "eigen woning", "owner-occupied dwelling"),
]:
    _slug = _nl.replace("-", "_").replace(" ", "_")
    SPEC.append(
        R(f"elektriciteit_{_slug}", f"Gemiddelde elektriciteitslevering, {_nl}",
          f"Average electricity supply, {_en}", "mean", "kWh", "energie",
          bases=[_base], groups=["Gemiddelde elektriciteitslevering", "Gemiddeld elektriciteitsverbruik"],
          units=["kWh"],
          notes="Base name repeats under gas (m³): matched by unit and group, never by name alone.")
    )
    SPEC.append(
        R(f"aardgas_{_slug}", f"Gemiddeld aardgasverbruik, {_nl}", f"Average gas consumption, {_en}", "mean",
          "m³", "energie", bases=[_base], groups=["Gemiddeld aardgasverbruik"], units=["m³"],
          notes="Base name repeats under electricity (kWh): matched by unit and group, never by name alone.")
    )

SPEC += [
    # --- onderwijs
    R("leerlingen_po", "Leerlingen primair onderwijs", "Pupils in primary education", "count", "aantal",
      "onderwijs", bases=["LeerlingenPo"], notes="From the 2023 tables, by place of residence."),
    R("leerlingen_vo", "Leerlingen voortgezet onderwijs (incl. vavo)", "Pupils in secondary education",
      "count", "aantal", "onderwijs", bases=["LeerlingenVoInclVavo"], notes="From the 2023 tables."),
    R("studenten_mbo", "Studenten mbo", "Students in mbo", "count", "aantal", "onderwijs",
      bases=["StudentenMboExclExtranei"], notes="From the 2023 tables."),
    R("studenten_hbo", "Studenten hbo", "Students in hbo", "count", "aantal", "onderwijs",
      bases=["StudentenHbo"], notes="From the 2023 tables."),
    R("studenten_wo", "Studenten wo", "University students", "count", "aantal", "onderwijs",
      bases=["StudentenWo"], notes="From the 2023 tables."),
    R("opleiding_laag", "Opleidingsniveau laag (basisonderwijs, vmbo, mbo1)",
      "Low level of education", "count", "aantal", "onderwijs",
      bases=["OpleidingsniveauLaag", "BasisonderwijsVmboMbo1"],
      notes="Persons 15-75 by highest level achieved. Renamed: OpleidingsniveauLaag became "
      "BasisonderwijsVmboMbo1 (2023/2024 tables), same three-way split. Figures for a year often arrive in a "
      "later release of the table (all '.' in early downloads)."),
    R("opleiding_middelbaar", "Opleidingsniveau middelbaar (havo, vwo, mbo2-4)",
      "Intermediate level of education", "count", "aantal", "onderwijs",
      bases=["OpleidingsniveauMiddelbaar", "HavoVwoMbo24"],
      notes="Renamed: OpleidingsniveauMiddelbaar became HavoVwoMbo24. Often arrives in a later release."),
    R("opleiding_hoog", "Opleidingsniveau hoog (hbo, wo)", "High level of education", "count", "aantal",
      "onderwijs", bases=["OpleidingsniveauHoog", "HboWo"],
      notes="Renamed: OpleidingsniveauHoog became HboWo. Often arrives in a later release."),
    # --- arbeid
    R("werkzame_beroepsbevolking", "Werkzame beroepsbevolking", "Employed labour force", "count", "aantal",
      "arbeid", bases=["WerkzameBeroepsbevolking"]),
    R("nettoarbeidsparticipatie", "Nettoarbeidsparticipatie", "Net labour participation", "percentage",
      "%", "arbeid", "strength", bases=["Nettoarbeidsparticipatie"]),
    R("pct_werknemers", "Percentage werknemers", "Share employees", "percentage", "%", "arbeid",
      bases=["PercentageWerknemers"]),
    R("pct_werknemers_vast", "Werknemers met vaste arbeidsrelatie", "Employees with a permanent contract",
      "percentage", "%", "arbeid", bases=["WerknemersMetVasteArbeidsrelatie"]),
    R("pct_werknemers_flex", "Werknemers met flexibele arbeidsrelatie", "Employees with a flexible contract",
      "percentage", "%", "arbeid", bases=["WerknemersMetFlexibeleArbeidsrelatie"]),
    R("pct_zelfstandigen", "Percentage zelfstandigen", "Share self-employed", "percentage", "%", "arbeid",
      bases=["PercentageZelfstandigen"]),
    # --- inkomen
    R("inkomensontvangers", "Aantal inkomensontvangers", "Income recipients", "count", "aantal", "inkomen",
      bases=["AantalInkomensontvangers"]),
    R("gem_inkomen_per_ontvanger", "Gemiddeld inkomen per inkomensontvanger",
      "Average income per recipient", "mean", "x 1 000 euro", "inkomen",
      bases=["GemiddeldInkomenPerInkomensontvanger"],
      notes="Income figures lag: they usually refer to two years before the table's year (see the CBS notes)."),
    R("gem_inkomen_per_inwoner", "Gemiddeld inkomen per inwoner", "Average income per resident", "mean",
      "x 1 000 euro", "inkomen", bases=["GemiddeldInkomenPerInwoner"],
      notes="Income figures lag: they usually refer to two years before the table's year (see the CBS notes)."),
    R("pct_personen_laagste_40_inkomen", "40% personen met laagste inkomen",
      "Share of persons in the lowest 40% incomes", "percentage", "%", "inkomen", "deficit",
      bases=["k_40PersonenMetLaagsteInkomen"]),
    R("pct_personen_hoogste_20_inkomen", "20% personen met hoogste inkomen",
      "Share of persons in the highest 20% incomes", "percentage", "%", "inkomen",
      bases=["k_20PersonenMetHoogsteInkomen"]),
    R("gem_gestandaardiseerd_inkomen", "Gemiddeld gestandaardiseerd inkomen van huishoudens",
      "Average standardised household income", "mean", "x 1 000 euro", "inkomen",
      bases=["GemGestandaardiseerdInkomenVanHuish"]),
    R("pct_huishoudens_laagste_40_inkomen", "40% huishoudens met laagste inkomen",
      "Share of households in the lowest 40% incomes", "percentage", "%", "inkomen", "deficit",
      bases=["k_40HuishoudensMetLaagsteInkomen"]),
    R("pct_huishoudens_hoogste_20_inkomen", "20% huishoudens met hoogste inkomen",
      "Share of households in the highest 20% incomes", "percentage", "%", "inkomen",
      bases=["k_20HuishoudensMetHoogsteInkomen"]),
    R("pct_laag_inkomen", "Huishoudens met een laag inkomen", "Households with a low income", "percentage",
      "%", "inkomen", "deficit", bases=["HuishoudensMetEenLaagInkomen"],
      notes="Gone from the latest release of the 2024 table; PersonenInArmoede there is a different measure "
      "(persons, not households) and is never used in its place."),
    R("pct_sociaal_minimum", "Huishoudens onder of rond sociaal minimum",
      "Households at or below the social minimum", "percentage", "%", "inkomen", "deficit",
      bases=["HuishOnderOfRondSociaalMinimum"]),
    R("pct_tot_110_sociaal_minimum", "Huishoudens tot 110% van sociaal minimum",
      "Households up to 110% of the social minimum", "percentage", "%", "inkomen", "deficit",
      bases=["HuishoudensTot110VanSociaalMinimum"]),
    R("pct_tot_120_sociaal_minimum", "Huishoudens tot 120% van sociaal minimum",
      "Households up to 120% of the social minimum", "percentage", "%", "inkomen", "deficit",
      bases=["HuishoudensTot120VanSociaalMinimum"]),
    R("mediaan_vermogen", "Mediaan vermogen van particuliere huishoudens", "Median household wealth",
      "mean", "x 1 000 euro", "inkomen", bases=["MediaanVermogenVanParticuliereHuish"],
      notes="A median, listed with kind 'mean' (a central value per household)."),
    # --- sociale zekerheid
    R("bijstand", "Personen met bijstand", "Persons on social assistance (bijstand)", "count", "aantal",
      "sociale zekerheid", "deficit", bases=["PersonenPerSoortUitkeringBijstand"],
      notes="Persons. The map attribute WWB_UITTOT counts benefits (bijstand_uitkeringen): a different "
      "indicator."),
    R("bijstand_uitkeringen", "Bijstandsuitkeringen (WWB)", "Social assistance benefits (WWB)", "count",
      "aantal", "sociale zekerheid", "deficit", map=["WWB_UITTOT"],
      notes="Benefits (uitkeringen), from the Wijk- en buurtkaart attributes; not persons (see bijstand)."),
    R("ao_uitkering", "Personen met een arbeidsongeschiktheidsuitkering", "Persons on disability benefit",
      "count", "aantal", "sociale zekerheid", "deficit", bases=["PersonenPerSoortUitkeringAO"]),
    R("ao_uitkeringen", "Arbeidsongeschiktheidsuitkeringen", "Disability benefits", "count", "aantal",
      "sociale zekerheid", "deficit", map=["AO_UIT_TOT"],
      notes="Benefits from the map attributes; not persons (see ao_uitkering)."),
    R("ww_uitkering", "Personen met een WW-uitkering", "Persons on unemployment benefit", "count", "aantal",
      "sociale zekerheid", "deficit", bases=["PersonenPerSoortUitkeringWW"]),
    R("ww_uitkeringen", "WW-uitkeringen", "Unemployment benefits", "count", "aantal", "sociale zekerheid",
      "deficit", map=["WW_UIT_TOT"], notes="Benefits from the map attributes; not persons (see ww_uitkering)."),
    R("aow_uitkering", "Personen met een AOW-uitkering", "Persons receiving state pension (AOW)", "count",
      "aantal", "sociale zekerheid", bases=["PersonenPerSoortUitkeringAOW"]),
    R("aow_uitkeringen", "AOW-uitkeringen", "State pension benefits (AOW)", "count", "aantal",
      "sociale zekerheid", map=["A_SOZ_OW"],
      notes="Benefits from the map attributes; not persons (see aow_uitkering)."),
    # --- zorg
    R("jeugdzorg", "Jongeren met jeugdzorg in natura", "Young people in youth care", "count", "aantal",
      "zorg", "deficit", bases=["JongerenMetJeugdzorgInNatura"]),
    R("pct_jeugdzorg", "Percentage jongeren met jeugdzorg", "Share of young people in youth care",
      "percentage", "%", "zorg", "deficit", bases=["PercentageJongerenMetJeugdzorg"]),
    R("wmo_clienten", "Wmo-cliënten", "Wmo clients (social support)", "count", "aantal", "zorg", "deficit",
      bases=["WmoClienten"]),
    R("wmo_clienten_per_1000", "Wmo-cliënten relatief", "Wmo clients per 1,000 residents", "rate",
      "per 1 000 inwoners", "zorg", "deficit", bases=["WmoClientenRelatief"]),
    # --- bedrijven
    R("bedrijfsvestigingen", "Bedrijfsvestigingen totaal", "Business locations", "count", "aantal",
      "bedrijven", "strength", bases=["BedrijfsvestigingenTotaal"],
      notes="In the 2024 table these figures were added in a later release (March 2025)."),
    R("bedrijven_landbouw", "Bedrijfsvestigingen landbouw, bosbouw en visserij",
      "Businesses: agriculture, forestry, fishing", "count", "aantal", "bedrijven", "strength",
      bases=["ALandbouwBosbouwEnVisserij"]),
    R("bedrijven_nijverheid", "Bedrijfsvestigingen nijverheid en energie", "Businesses: industry, energy",
      "count", "aantal", "bedrijven", "strength", bases=["BFNijverheidEnEnergie"]),
    R("bedrijven_handel_horeca", "Bedrijfsvestigingen handel en horeca", "Businesses: trade, hospitality",
      "count", "aantal", "bedrijven", "strength", bases=["GIHandelEnHoreca"]),
    R("bedrijven_vervoer_ict", "Bedrijfsvestigingen vervoer, informatie en communicatie",
      "Businesses: transport, information, communication", "count", "aantal", "bedrijven", "strength",
      bases=["HJVervoerInformatieEnCommunicatie"]),
    R("bedrijven_financieel", "Bedrijfsvestigingen financiële diensten, onroerend goed",
      "Businesses: finance, real estate", "count", "aantal", "bedrijven", "strength",
      bases=["KLFinancieleDienstenOnroerendGoed"]),
    R("bedrijven_zakelijk", "Bedrijfsvestigingen zakelijke dienstverlening", "Businesses: business services",
      "count", "aantal", "bedrijven", "strength", bases=["MNZakelijkeDienstverlening"]),
    R("bedrijven_overheid_onderwijs_zorg", "Bedrijfsvestigingen overheid, onderwijs en zorg",
      "Businesses: government, education, care", "count", "aantal", "bedrijven", "strength",
      bases=["OQOverheidOnderwijsEnZorg"]),
    R("bedrijven_cultuur_recreatie", "Bedrijfsvestigingen cultuur, recreatie, overige diensten",
      "Businesses: culture, recreation, other services", "count", "aantal", "bedrijven", "strength",
      bases=["RUCultuurRecreatieOverigeDiensten"]),
    # --- motorvoertuigen
    R("personenautos", "Personenauto's totaal", "Passenger cars", "count", "aantal", "motorvoertuigen",
      bases=["PersonenautoSTotaal"], map=["AUTO_TOT"]),
    R("personenautos_benzine", "Personenauto's op benzine", "Petrol cars", "count", "aantal",
      "motorvoertuigen", bases=["PersonenautoSBrandstofBenzine"], map=["A_BST_B"]),
    R("personenautos_overige_brandstof", "Personenauto's op overige brandstof", "Cars on other fuels",
      "count", "aantal", "motorvoertuigen", bases=["PersonenautoSOverigeBrandstof"], map=["A_BST_NB"]),
    R("personenautos_jonger_6_jaar", "Personenauto's jonger dan 6 jaar", "Cars younger than 6 years",
      "count", "aantal", "motorvoertuigen", bases=["PersonenautoSJongerDan6Jaar"], map=["A_LFTJ6J"]),
    R("personenautos_6_jaar_en_ouder", "Personenauto's 6 jaar en ouder", "Cars 6 years and older", "count",
      "aantal", "motorvoertuigen", bases=["PersonenautoS6JaarEnOuder"], map=["A_LFTO6J"]),
    R("personenautos_per_huishouden", "Personenauto's per huishouden", "Cars per household", "mean",
      "per huishouden", "motorvoertuigen", bases=["PersonenautoSPerHuishouden"], map=["AUTO_HH"]),
    R("personenautos_per_km2", "Personenauto's naar oppervlakte", "Cars per km²", "density", "per km²",
      "motorvoertuigen", bases=["PersonenautoSNaarOppervlakte"], map=["AUTO_LAND"]),
    R("bedrijfsmotorvoertuigen", "Bedrijfsmotorvoertuigen", "Commercial vehicles", "count", "aantal",
      "motorvoertuigen", bases=["Bedrijfsmotorvoertuigen"], map=["BEDR_AUTO"]),
    R("motorfietsen", "Motorfietsen", "Motorcycles", "count", "aantal", "motorvoertuigen",
      bases=["Motorfietsen"]),
    R("motortweewielers", "Motortweewielers", "Motorised two-wheelers", "count", "aantal", "motorvoertuigen",
      map=["MOTOR_2W"],
      notes="Map attribute; motortweewielers may include more than the tables' motorfietsen: kept apart."),
    # --- nabijheid
    R("afstand_huisarts", "Afstand tot huisartsenpraktijk", "Distance to GP practice", "distance", "km",
      "nabijheid", "deficit", bases=["AfstandTotHuisartsenpraktijk"],
      notes="Average road distance for residents; the reference year can lag the table year."),
    R("afstand_supermarkt", "Afstand tot grote supermarkt", "Distance to large supermarket", "distance",
      "km", "nabijheid", "deficit", bases=["AfstandTotGroteSupermarkt"]),
    R("afstand_kinderdagverblijf", "Afstand tot kinderdagverblijf", "Distance to day nursery", "distance",
      "km", "nabijheid", "deficit", bases=["AfstandTotKinderdagverblijf"]),
    R("afstand_school", "Afstand tot basisschool", "Distance to primary school", "distance", "km",
      "nabijheid", "deficit", bases=["AfstandTotSchool"]),
    R("scholen_binnen_3km", "Basisscholen binnen 3 km", "Primary schools within 3 km", "mean", "aantal",
      "nabijheid", "strength", bases=["ScholenBinnen3Km"]),
    # --- oppervlakte en stedelijkheid
    R("oppervlakte_totaal_ha", "Oppervlakte totaal", "Total area", "area", "ha", "oppervlakte",
      bases=["OppervlakteTotaal"], map=["OPP_TOT", "oppervlakte_totaal_in_ha", "oppervlakteTotaalInHa"]),
    R("oppervlakte_land_ha", "Oppervlakte land", "Land area", "area", "ha", "oppervlakte",
      bases=["OppervlakteLand"], map=["OPP_LAND", "oppervlakte_land_in_ha", "oppervlakteLandInHa"]),
    R("oppervlakte_water_ha", "Oppervlakte water", "Water area", "area", "ha", "oppervlakte",
      bases=["OppervlakteWater"], map=["OPP_WATER", "oppervlakte_water_in_ha", "oppervlakteWaterInHa"]),
    R("stedelijkheid", "Mate van stedelijkheid (1 zeer sterk - 5 niet stedelijk)",
      "Degree of urbanisation (1 very high - 5 none)", "code", "code", "stedelijkheid",
      bases=["MateVanStedelijkheid"], map=["STED", "stedelijkheid_adressen_per_km2", "stedelijkheidAdressenPerKm2"],
      notes="A class 1-5, not a quantity: do not sum or average."),
    R("omgevingsadressendichtheid", "Omgevingsadressendichtheid", "Address density of the surroundings",
      "density", "per km²", "stedelijkheid", bases=["Omgevingsadressendichtheid"],
      map=["OAD", "omgevingsadressendichtheid"]),
]

# fmt: on

# Topics of the tables that are deliberately not indicators, by base name, with the reason.
LEFT_OUT: dict[str, str] = {
    "ID": "row number of the OData feed, not a figure",
    "WijkenEnBuurten": "identity: the region key, becomes the code index",
    "Gemeentenaam": "identity: used for the naam of gemeente rows, not a figure",
    "SoortRegio": "identity: becomes the level column (gemeente, wijk, buurt)",
    "Codering": "identity: becomes the code index",
    "IndelingswijzigingGemeenteWijkBuurt": "a change-of-boundaries flag (code), not a figure; the areas "
    "part handles boundary changes",
    "IndelingswijzigingWijkenEnBuurten": "older name of the boundary-change flag",
    "MeestVoorkomendePostcode": "a postcode (text), not a figure",
    "Dekkingspercentage": "a quality code of the postcode above, not a figure",
}

# Where each year's keys were recorded. Paths are relative to the repository root.
EVIDENCE: list[dict[str, Any]] = [
    {
        "year": 2024,
        "kind": "dataproperties",
        "path": "data/cbs/kwb-2024-85984NED-DataProperties.json",
        "what": "recorded DataProperties of 85984NED (Key, Title, parent TopicGroup, Unit)",
    },
    {
        "year": 2023,
        "kind": "rows",
        "path": "tests/data/cbs/rotterdam-stadsdriehoek-2022-2023-TypedDataSet-rows.json",
        "select": "2023",
        "what": "column keys of recorded TypedDataSet rows of 85618NED (no DataProperties recorded)",
    },
    {
        "year": 2022,
        "kind": "rows",
        "path": "tests/data/cbs/rotterdam-stadsdriehoek-2022-2023-TypedDataSet-rows.json",
        "select": "2022",
        "what": "column keys of recorded TypedDataSet rows of 85318NED (no DataProperties recorded)",
    },
    {
        "year": 2021,
        "kind": "csv",
        "path": "data/cbs/kwb-2021-statline-denhaag-GM0518.csv",
        "what": "column keys of a StatLine CSV download of KWB 2021 (22 columns)",
    },
    {
        "year": 2019,
        "kind": "csv",
        "path": "data/cbs/kwb-2019-84583NED-statline-denhaag-GM0518.csv",
        "what": "column keys of a StatLine CSV download of 84583NED (22 columns)",
    },
]


def _root() -> Path:
    return Path(__file__).resolve().parents[2]


def _evidence_keys(item: dict[str, Any], root: Path) -> list[str]:
    path = root / item["path"]
    if item["kind"] == "csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [c.strip() for c in next(csv.reader(fh, delimiter=";"))]
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data[item["select"]]["rows"][0].keys())


def build(root: Path | None = None) -> dict[str, Any]:
    """Apply the rules to every recorded year and return the catalogue as a JSON-ready dict."""
    root = root or _root()
    rules = [r.as_dict() for r in SPEC]
    names = [r["name"] for r in rules]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise SystemExit(f"duplicate indicator names in SPEC: {sorted(dupes)}")
    for r in rules:
        r["keys"] = {}
        r["titles"] = {}
    evidence = []
    unmatched_2024: list[str] = []
    for item in EVIDENCE:
        year = item["year"]
        if item["kind"] == "dataproperties":
            props = json.loads((root / item["path"]).read_text(encoding="utf-8"))
            found, unmatched, problems = match_dataproperties(props, rules, LEFT_OUT)
            if problems:
                raise SystemExit(f"{year}: " + "; ".join(problems))
            if year == 2024:
                unmatched_2024 = unmatched
            titles = {
                p["Key"]: p.get("Title", "").strip() for p in props if p.get("Type") == "Topic"
            }
        else:
            keys = _evidence_keys(item, root)
            found, unmatched, problems = match_keys(keys, rules, LEFT_OUT)
            titles = {}
        for name, key in found.items():
            rule = next(r for r in rules if r["name"] == name)
            rule["keys"][str(year)] = key
            if key in titles:
                rule["titles"][str(year)] = titles[key]
        evidence.append(
            {
                "year": year,
                "what": item["what"],
                "file": item["path"],
                "unmatched": unmatched,
                "not_matched_by_key_alone": problems,
            }
        )
    if unmatched_2024:
        raise SystemExit(
            "Topics of the 2024 DataProperties neither mapped nor left out: "
            + ", ".join(unmatched_2024)
        )
    return {
        "about": (
            "Indicator catalogue of wijkassets: stable snake_case names for the figures of the CBS Kerncijfers "
            "wijken en buurten (Bron: CBS). Generated by `python -m wijkassets.cbs.build_catalogue` from the "
            "rules in build_catalogue.py and the tables' recorded DataProperties/keys; do not edit by hand."
        ),
        "evidence": sorted(evidence, key=lambda e: e["year"]),
        "left_out": LEFT_OUT,
        "indicators": rules,
    }


def main(argv: list[str] | None = None) -> int:
    """Write ``catalogue.json`` (or check it is up to date with ``--check``)."""
    args = sys.argv[1:] if argv is None else argv
    text = json.dumps(build(), ensure_ascii=False, indent=1) + "\n"
    if "--check" in args:
        current = CATALOGUE_FILE.read_text(encoding="utf-8") if CATALOGUE_FILE.exists() else ""
        if current != text:
            print(f"{CATALOGUE_FILE} is out of date: run python -m wijkassets.cbs.build_catalogue")
            return 1
        return 0
    from wijkassets._io import atomic_write_text

    atomic_write_text(CATALOGUE_FILE, text)
    print(f"wrote {CATALOGUE_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
