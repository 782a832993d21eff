"""Settings, the file cache and atomic writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wijkassets import _cache, settings
from wijkassets._errors import WijkassetsError
from wijkassets._io import atomic_path, write_table


def test_cache_folder_follows_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKASSETS_CACHE", str(tmp_path / "elders"))
    assert settings.get_cache_folder() == tmp_path / "elders"
    assert (tmp_path / "elders").is_dir()
    monkeypatch.setattr(settings, "cache_folder", tmp_path / "attr")
    assert settings.get_cache_folder() == tmp_path / "attr"


def test_tests_never_share_a_developer_cache() -> None:
    # The autouse fixture points the cache at a fresh temporary folder for every test.
    assert not any(settings.get_cache_folder().iterdir())


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("ja", True), ("0", False), ("", False)]
)
def test_offline_switch(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("WIJKASSETS_OFFLINE", value)
    assert settings.is_offline() is expected


def test_language_default_and_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings.get_language() == "nl"
    monkeypatch.setenv("WIJKASSETS_LANG", "EN")
    assert settings.get_language() == "en"
    monkeypatch.setenv("WIJKASSETS_LANG", "fr")
    with pytest.raises(WijkassetsError, match="nl, en"):
        settings.get_language()


def test_cache_roundtrip_and_key_parts() -> None:
    key = _cache.canonical_key("https://x/TypedDataSet", {"b": 2, "a": 1}, modified="2024-10-01")
    assert key == _cache.canonical_key(
        "https://x/TypedDataSet", {"a": 1, "b": 2}, modified="2024-10-01"
    )
    assert key != _cache.canonical_key(
        "https://x/TypedDataSet", {"a": 1, "b": 2}, modified="2025-03-01"
    )
    assert _cache.get("cbs", key) is None
    _cache.put_json("cbs", key, {"value": [1, 2, 3]})
    assert _cache.get_json("cbs", key) == {"value": [1, 2, 3]}


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_corrupt_cache_entry_is_a_miss(damage: str) -> None:
    key = _cache.canonical_key("https://x", {"q": 1})
    path = _cache.put("ns", key, b"0123456789" * 100)
    raw = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(raw[:-10])
    elif damage == "flip":
        path.write_bytes(raw[:-1] + b"X")
    elif damage == "garbage":
        path.write_bytes(b"\x00\xff not a cache file")
    else:
        path.write_bytes(b"")
    assert _cache.get("ns", key) is None
    assert not path.exists()


def test_atomic_path_keeps_old_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "register.txt"
    target.write_text("old")

    def crash() -> None:
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("crash mid-way")

    with pytest.raises(RuntimeError):
        crash()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["register.txt"]


def test_write_table_formats(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {"inwoners": [514861.0, None], "naam": ["'s-Gravenhage", "Oostduinen"]},
        index=pd.Index(["GM0518", "BU05180170"], name="code"),
    )
    csv = write_table(df, tmp_path / "t.csv")
    assert csv.read_text(encoding="utf-8").splitlines()[0] == "code,inwoners,naam"
    assert "514861.0,'s-Gravenhage" in csv.read_text(encoding="utf-8")
    xlsx = write_table(df, tmp_path / "t.xlsx")
    back = pd.read_excel(xlsx, index_col=0)
    assert back.loc["GM0518", "inwoners"] == 514861
    write_table(df, tmp_path / "t.parquet")
    assert pd.read_parquet(tmp_path / "t.parquet").equals(df)


def test_write_table_refuses_unknown_suffix_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(WijkassetsError, match=r"\.csv, \.xlsx"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.txt")
    with pytest.raises(WijkassetsError, match="geometry"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.gpkg")
    assert list(tmp_path.iterdir()) == []
