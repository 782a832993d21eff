"""The ``wijkassets compare`` command and the charts it draws, offline on the embedded data."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from wijkassets.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(SystemExit) as exc:
            main(list(args))
    captured = capsys.readouterr()
    return int(exc.value.code or 0), captured.out, captured.err


def test_compare_nplv_draws_a_png_and_lists_members_without_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nplv.png"
    code, stdout, stderr = run(
        capsys,
        "compare",
        "--set",
        "nplv-2022",
        "--indicator",
        "inwoners",
        "--years",
        "2015,2019,2021,2024",
        "-o",
        str(out),
    )
    assert code == 0, stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    with Image.open(out) as im:
        w, h = im.size
    assert w > 1200 and h > 800  # seven panels, footer and table: readable, not a thumbnail
    assert "Zonder cijfers" in stdout
    for name in ("Arnhem Oost", "Heerlen Noord", "Amsterdam Zuidoost", "Roosendaal-stad"):
        assert name in stdout
    assert "Traceback" not in stderr


def test_compare_areas_to_csv_and_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "laak.csv"
    code, stdout, stderr = run(
        capsys,
        "compare",
        "--areas",
        "WK051838,WK051833",
        "--indicator",
        "inwoners",
        "--years",
        "2019,2021,2024",
        "-o",
        str(csv),
    )
    assert code == 0, stderr
    df = pd.read_csv(csv)
    laak = df[df["area"] == "WK051838"].set_index("year")["value"].to_dict()
    assert laak == {2019: 42265, 2021: 43520, 2024: 44735}  # Bron: CBS
    assert set(df["bron"].dropna()) >= {"CBS, Kerncijfers wijken en buurten 2019 (84583NED)"}
    xlsx = tmp_path / "laak.xlsx"
    code, _, stderr = run(
        capsys,
        "compare",
        "--areas",
        "WK051838",
        "--indicator",
        "inwoners",
        "--years",
        "2024",
        "-o",
        str(xlsx),
    )
    assert code == 0, stderr
    assert pd.read_excel(xlsx)["value"].tolist() == [44735]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "no-such-set"], "Unknown area set 'no-such-set'"),
        (["--areas", "WK051899"], "WK051899 has no geometry on the wijk map of 2024"),
        (["--areas", "WK051838", "--indicator", "inwonres"], "is not in the CBS catalogue"),
        (["--areas", "WK051838", "--set", "nplv-2022"], "either --set NAME or --areas CODES"),
        (["--areas", "WK051838", "--years", "2019,twintig"], "--years"),
        (["--areas", "WK051838", "--years", "2024,2031"], "table is known for year 2031"),
        (["--areas", "WK051838", "--reference-year", "2031"], "table is known for year 2031"),
    ],
)
def test_errors_are_short_messages_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "x.png"
    base = {"--indicator": "inwoners", "--years": "2019,2024"}
    for i in range(0, len(args), 2):
        base.pop(args[i], None)
    flat = [x for kv in base.items() for x in kv]
    code, _, stderr = run(capsys, "compare", *args, *flat, "-o", str(out))
    assert code == 2
    assert message in stderr
    assert "Traceback" not in stderr
    assert not out.exists()  # nothing written on an error


def test_chart_english_and_change_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import matplotlib.pyplot as plt

    import wijkassets
    from wijkassets.render.charts import change_table, draw_comparison, small_multiples

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = wijkassets.compare(["WK051838", "WK051833", "WK051836"], "inwoners", [2019, 2024])
    table = change_table(df)
    assert list(table["rang"]) == [1, 2, 3]
    assert table["change_pct"].is_monotonic_decreasing
    laak = table.set_index("area").loc["WK051838"]
    assert laak["first"] == 42265 and laak["last"] == 44735
    monkeypatch.setenv("WIJKASSETS_LANG", "en")
    fig = small_multiples(df)
    from matplotlib.text import Text

    texts = " ".join(str(t.get_text()) for t in fig.findobj(match=Text))
    plt.close(fig)
    assert "in the boundaries of 2024" in texts
    assert "Source: CBS, Kerncijfers wijken en buurten 2019, 2024" in texts
    assert "Change, ranked" in texts
    path = draw_comparison(df, tmp_path / "laak.svg")
    assert Path(path).read_text().startswith("<?xml")
