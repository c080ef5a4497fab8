"""Settings: defaults, atomic saves, and a corrupt file kept as ``.bak``."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import pytest

from layerscope import paths
from layerscope.atomic import write_atomic
from layerscope.settings import Settings, load_settings, save_settings


def test_defaults_without_a_file() -> None:
    assert not paths.config_file().exists()
    assert load_settings() == (Settings(), None)


def test_save_and_load(isolated_home: Path) -> None:
    chosen = Settings(theme="monokai", last_comparison=("ai", "crypto"), layer_order="bottom-up")
    save_settings(chosen)
    path = paths.config_file()
    assert path.is_file()
    assert path.is_relative_to(isolated_home)
    assert load_settings() == (chosen, None)


def test_settings_never_go_to_the_real_home(isolated_home: Path) -> None:
    real_home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    for path in (paths.config_file(), paths.user_data_dir()):
        assert path.is_relative_to(isolated_home)
        assert not path.is_relative_to(real_home) or isolated_home.is_relative_to(real_home)


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b'{"theme": 5}',
        b'{"layer_order": "sideways"}',
        b"[]",
        b"\xff\xfe",
    ],
    ids=["syntax", "empty", "wrong-type", "bad-value", "not-an-object", "binary"],
)
def test_corrupt_file_gives_defaults_and_a_backup(content: bytes) -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    settings, warning = load_settings()
    assert settings == Settings()
    backup = path.with_name("settings.json.bak")
    assert warning is not None
    assert str(backup) in warning
    assert "defaults" in warning
    # The bad file is kept, byte for byte, and a later save does not touch it.
    assert backup.read_bytes() == content
    assert not path.exists()
    save_settings(Settings(theme="nord"))
    assert load_settings() == (Settings(theme="nord"), None)
    assert backup.read_bytes() == content


def test_unknown_keys_from_a_newer_version_are_ignored() -> None:
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_text('{"theme": "nord", "future_option": [1, 2]}')
    assert load_settings() == (Settings(theme="nord"), None)


def test_unreadable_settings_give_defaults() -> None:
    path = paths.config_file()
    path.mkdir(parents=True)  # a directory where the file should be
    settings, warning = load_settings()
    assert settings == Settings()
    assert warning is not None
    assert "could not read settings" in warning


def test_failed_save_keeps_the_old_file(monkeypatch: pytest.MonkeyPatch) -> None:
    save_settings(Settings(theme="old"))
    path = paths.config_file()
    before = path.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        save_settings(Settings(theme="new"))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]


# --- atomic writes --------------------------------------------------------------------


def test_write_atomic_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")
    path.chmod(0o600)
    write_atomic(path, "new")
    assert path.read_text() == "new"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomic_goes_through_a_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.txt"
    seen: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append((str(src), Path(src).read_text()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_atomic(path, b"data")
    [(tmp, text)] = seen
    assert Path(tmp).parent == tmp_path
    assert Path(tmp).name != "out.txt"
    assert text == "data"


def test_write_atomic_without_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    write_atomic(path, "first", overwrite=False)
    assert path.read_text() == "first"
    with pytest.raises(FileExistsError):
        write_atomic(path, "second", overwrite=False)
    assert path.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["new.yaml"]


def test_write_atomic_into_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "missing" / "x.txt", "x")
    assert list(tmp_path.iterdir()) == []
