"""Bad settings files: every one kept (numbered backups), none dropped silently; unknown
theme names and binding ids said once, with the valid choices."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_tui_support import make_app, notices

from layerscope import paths, settings
from layerscope.settings import Settings, load_settings, save_settings


def settings_file(content: bytes | str) -> Path:
    path = paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


# -- numbered backups -------------------------------------------------------------------------


def test_every_corrupt_file_gets_its_own_backup() -> None:
    path = settings_file(b"{first")
    old = path.with_name("settings.json.bak")
    old.write_bytes(b"an older backup")
    for n, content in enumerate([b"{second", b"{third"], start=1):
        path.write_bytes(content)
        found, warning = load_settings()
        backup = path.with_name(f"settings.json.bak.{n}")
        assert found == Settings()
        assert backup.read_bytes() == content
        assert warning is not None and str(backup) in warning
    assert old.read_bytes() == b"an older backup"


def test_the_first_backup_is_plain_bak() -> None:
    path = settings_file(b"{broken")
    _, warning = load_settings()
    assert path.with_name("settings.json.bak").read_bytes() == b"{broken"
    assert warning is not None and "settings.json.bak" in warning


def _no_renames(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Every way to move or link the bad file away fails (os.replace stays: saves use it).
    monkeypatch.setattr(os, "link", refuse)
    monkeypatch.setattr(os, "rename", refuse)
    monkeypatch.setattr(Path, "rename", refuse)
    monkeypatch.setattr(Path, "replace", refuse)


def test_without_a_backup_the_bad_file_is_never_overwritten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = settings_file(b"{precious but broken")
    _no_renames(monkeypatch)
    found, warning = load_settings()
    assert found == Settings()
    assert warning is not None
    assert "could not keep a copy" in warning and "not overwritten" in warning
    with pytest.raises(OSError) as caught:
        save_settings(Settings(theme="nord"))
    assert "not overwriting" in str(caught.value)
    assert path.read_bytes() == b"{precious but broken"
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]


async def test_the_app_keeps_a_bad_file_it_cannot_back_up(monkeypatch: pytest.MonkeyPatch) -> None:
    path = settings_file(b"{precious but broken")
    _no_renames(monkeypatch)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.update_settings(theme="nord")  # any change is saved at once
        await pilot.pause()
        assert path.read_bytes() == b"{precious but broken"
        said = [n.message for n in notices(app)]
        assert any("could not keep a copy" in m for m in said)
        assert any("not overwriting" in m for m in said)


def test_a_corrupt_symlinked_file_is_kept_beside_its_target(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "settings.json").write_bytes(b"{broken")
    link = paths.config_file()
    link.parent.mkdir(parents=True)
    link.symlink_to(dotfiles / "settings.json")
    found, warning = load_settings()
    assert found == Settings()
    assert warning is not None and str(dotfiles / "settings.json.bak") in warning
    assert (dotfiles / "settings.json.bak").read_bytes() == b"{broken"
    assert link.is_symlink()
    save_settings(Settings(theme="nord"))
    assert link.is_symlink()
    assert load_settings(dotfiles / "settings.json") == (Settings(theme="nord"), None)


# -- unknown choices --------------------------------------------------------------------------


def test_an_unknown_theme_is_said_with_the_choices() -> None:
    import layerscope.tui.keys  # noqa: F401  (the app's choices are known where it runs)

    settings_file('{"theme": "nrod"}')
    found, warning = load_settings()
    assert found.theme == "nrod"  # kept as written: a later version may know it
    assert warning is not None
    assert "unknown theme 'nrod'" in warning
    assert "did you mean 'nord'" in warning
    assert "textual-dark" in warning  # the choices


def test_an_unknown_binding_id_is_said_with_the_closest_ids() -> None:
    import layerscope.tui.keys  # noqa: F401

    settings_file('{"keys": {"drivrs": "D", "flow": "F"}}')
    _, warning = load_settings()
    assert warning is not None
    assert "unknown binding id 'drivrs'" in warning
    assert "did you mean 'drivers'" in warning
    assert "'flow'" not in warning


def test_known_choices_are_not_warned_about() -> None:
    import layerscope.tui.keys  # noqa: F401

    settings_file('{"theme": "nord", "keys": {"drivers": "D"}}')
    assert load_settings() == (Settings(theme="nord", keys={"drivers": "D"}), None)


async def test_the_app_says_so_once() -> None:
    settings_file('{"theme": "nrod", "keys": {"drivrs": "D"}}')
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        said = [n.message for n in notices(app) if "unknown" in n.message]
        assert len(said) == 1
        assert "unknown theme 'nrod'" in said[0] and "unknown binding id 'drivrs'" in said[0]
        # Every theme the app offers is a choice the check knows.
        assert set(app.available_themes) <= settings.known_choices("theme")


def test_every_binding_id_is_a_known_choice() -> None:
    from layerscope.tui.keys import ALL_BINDINGS

    ids = {b.id for group in ALL_BINDINGS.values() for b in group if getattr(b, "id", None)}
    assert ids and ids <= settings.known_choices("binding")


def test_nothing_is_checked_where_nothing_is_known(monkeypatch: pytest.MonkeyPatch) -> None:
    """The headless core knows no themes (they are Textual's): no check, no warning."""
    monkeypatch.setattr(settings, "_CHOICES", {})
    settings_file('{"theme": "nrod"}')
    assert load_settings() == (Settings(theme="nrod"), None)
