"""Settings: defaults, validation, tolerant loading, atomic owner-only saving, no secrets."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import fields

import pytest

from vault_app.domain.errors import ValidationError
from vault_app.services.settings import SPECS, Settings, SettingsStore, from_json, to_json, validated


def test_defaults_are_the_documented_ones() -> None:
    s = Settings()
    assert s.idle_lock_minutes == 5
    assert s.clipboard_clear_seconds == 30
    assert s.kdf_target_seconds == 0.5
    assert s.inbox_folder is None
    assert s.language == "system"
    assert s.window_geometry is None


def test_every_setting_has_a_spec() -> None:
    assert set(SPECS) == {f.name for f in fields(Settings)}


def test_missing_file_gives_defaults(tmp_path) -> None:
    store = SettingsStore(tmp_path / "cfg" / "settings.json")
    assert store.current == Settings()


def test_update_saves_atomically_with_owner_only_permissions(tmp_path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    store = SettingsStore(path)
    new = store.update(idle_lock_minutes=10, language="zh_CN", inbox_folder=str(tmp_path))
    assert new.idle_lock_minutes == 10 and new.language == "zh_CN"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp file left behind
    again = SettingsStore(path)
    assert again.current == new
    data = json.loads(path.read_text())
    assert data["version"] == 1 and data["idle_lock_minutes"] == 10


@pytest.mark.parametrize(
    "key,value",
    [
        ("idle_lock_minutes", -1),
        ("idle_lock_minutes", 1.5),
        ("idle_lock_minutes", True),
        ("idle_lock_minutes", 100000),
        ("clipboard_clear_seconds", 0),
        ("clipboard_clear_seconds", "30"),
        ("kdf_target_seconds", 0.0),
        ("kdf_target_seconds", 99),
        ("language", "fr"),
        ("inbox_folder", 5),
        ("inbox_folder", "a\nb"),
        ("nonsense", 1),
    ],
)
def test_update_rejects_bad_values_and_keeps_the_old_ones(tmp_path, key, value) -> None:
    path = tmp_path / "settings.json"
    store = SettingsStore(path)
    with pytest.raises(ValidationError) as ei:
        store.update(**{key: value})
    assert ei.value.field == key
    assert store.current == Settings()
    assert not path.exists()


def test_bad_entries_fall_back_to_defaults_one_by_one() -> None:
    s = from_json(
        {
            "idle_lock_minutes": "ten",
            "clipboard_clear_seconds": 45,
            "language": "xx",
            "extra": 1,
            "kdf_target_seconds": 1,
        }
    )
    assert s.idle_lock_minutes == 5
    assert s.clipboard_clear_seconds == 45
    assert s.language == "system"
    assert s.kdf_target_seconds == 1.0 and isinstance(s.kdf_target_seconds, float)


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b"\xff\xfe", b"{" + b" " * 70000 + b"}"])
def test_damaged_file_gives_defaults(tmp_path, content) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    assert SettingsStore(path).current == Settings()


def test_empty_folder_means_none() -> None:
    assert validated(Settings(), inbox_folder="").inbox_folder is None


def test_memory_only_store_never_writes(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = SettingsStore(None)
    assert store.update(idle_lock_minutes=1).idle_lock_minutes == 1
    assert list(tmp_path.iterdir()) == []


def test_default_store_lives_in_the_config_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PDVAULT_CONFIG", str(tmp_path / "conf"))
    store = SettingsStore.default()
    store.update(clipboard_clear_seconds=60)
    assert (tmp_path / "conf" / "settings.json").exists()


def test_round_trip_keeps_every_setting() -> None:
    s = validated(
        Settings(),
        idle_lock_minutes=0,
        clipboard_clear_seconds=3600,
        kdf_target_seconds=2.5,
        inbox_folder="/tmp/inbox",
        language="zh_CN",
        window_geometry="AdnQywADAAA=",
    )
    assert from_json(json.loads(json.dumps(to_json(s)))) == s


def test_read_only_store_reads_but_never_writes(tmp_path) -> None:
    path = tmp_path / "settings.json"
    SettingsStore(path).update(language="zh_CN")
    before = path.read_bytes()
    ro = SettingsStore(path, persist=False)
    assert ro.current.language == "zh_CN"
    assert ro.update(idle_lock_minutes=9).idle_lock_minutes == 9
    assert path.read_bytes() == before
