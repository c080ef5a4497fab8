"""The search path, overrides across directories, and lookup by id."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from layerscope import paths
from layerscope.catalog import Catalog, SearchDir, UnknownId, load_catalog, search_path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "catalog"


def stack_text(stack_id: str, name: str = "", profile: str = "") -> str:
    return (
        f"schema_version: 1\nid: {stack_id}\nname: {name or stack_id}\nsummary: s\n"
        "layers:\n  - id: only\n    level: 1\n    name: Only\n    summary: s\n" + profile
    )


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the search path ------------------------------------------------------------------


def test_search_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, two, three = tmp_path / "one", tmp_path / "two", tmp_path / "three"
    monkeypatch.setenv("LAYERSCOPE_PATH", f"{one}{os.pathsep}{os.pathsep}{two}")
    found = search_path([three])
    assert [(d.origin, d.path) for d in found] == [
        ("built-in", paths.builtin_data_dir()),
        ("user", paths.user_data_dir()),
        ("LAYERSCOPE_PATH", one),
        ("LAYERSCOPE_PATH", two),
        ("--data", three),
    ]


def test_no_user_data_skips_user_dir_and_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LAYERSCOPE_PATH", str(tmp_path / "env"))
    found = search_path([tmp_path / "extra"], user_data=False)
    assert [d.origin for d in found] == ["built-in", "--data"]


def test_builtin_data_is_found_in_a_checkout() -> None:
    builtin = paths.builtin_data_dir()
    assert builtin.is_dir()
    assert (builtin / "dimensions.yaml").is_file()


def test_user_data_dir_is_under_the_patched_home(isolated_home: Path) -> None:
    assert paths.user_data_dir().is_relative_to(isolated_home)
    assert paths.config_file().is_relative_to(isolated_home)


def test_user_data_and_env_dirs_are_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(paths.user_data_dir(), "mine.yaml", stack_text("mine"))
    write(tmp_path / "env", "shared.yaml", stack_text("shared"))
    monkeypatch.setenv("LAYERSCOPE_PATH", str(tmp_path / "env"))
    catalog = load_catalog(search_path())
    assert {"mine", "shared"} <= set(catalog.stacks)
    assert catalog.files["mine"] == paths.user_data_dir() / "mine.yaml"

    skipped = load_catalog(search_path(user_data=False))
    assert "mine" not in skipped.stacks
    assert "shared" not in skipped.stacks


# --- overrides ------------------------------------------------------------------------


def test_later_directory_overrides_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "a", "x.yaml", stack_text("same", "First"))
    later = write(tmp_path / "b", "y.yaml", stack_text("same", "Second"))
    catalog = load_catalog([SearchDir(tmp_path / "a", "user"), SearchDir(tmp_path / "b", "--data")])
    assert catalog.stack("same").name == "Second"
    assert catalog.files["same"] == later
    [warning] = catalog.diagnostics
    assert (warning.severity, warning.code, warning.file) == ("warning", "override", str(later))
    assert (warning.line, warning.column) == (2, 5)
    assert str(tmp_path / "a" / "x.yaml") in warning.message
    assert all(result.ok for result in catalog.results)


def test_the_same_directory_twice_is_loaded_once(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(FIXTURES)
    catalog = load_catalog(
        [
            SearchDir(FIXTURES, "built-in"),
            SearchDir(tmp_path / "link", "LAYERSCOPE_PATH"),
            SearchDir(FIXTURES / ".." / "catalog", "--data"),
        ]
    )
    assert catalog.diagnostics == []
    assert len(catalog.results) == 3
    assert catalog.files["alpha"] == FIXTURES / "alpha.yaml"


def test_a_user_stack_overrides_a_fixture_stack(tmp_path: Path) -> None:
    write(tmp_path, "alpha.yaml", stack_text("alpha", "My alpha"))
    catalog = load_catalog([SearchDir(FIXTURES, "built-in"), SearchDir(tmp_path, "--data")])
    assert catalog.stack("alpha").name == "My alpha"
    assert catalog.stack("beta").name == "Beta stack"
    assert [d.code for d in catalog.diagnostics] == ["override"]


def test_dimension_override_warns(tmp_path: Path) -> None:
    write(
        tmp_path,
        "dims.yaml",
        "schema_version: 1\nkind: dimensions\ndimensions:\n"
        "  - {id: competes-on, name: Competes on (mine)}\n",
    )
    catalog = load_catalog([SearchDir(FIXTURES, "built-in"), SearchDir(tmp_path, "--data")])
    assert [(d.code, d.line) for d in catalog.diagnostics] == [("override", 4)]
    names = {d.id: d.name for d in catalog.dimensions}
    assert names["competes-on"] == "Competes on (mine)"
    assert [d.id for d in catalog.dimensions] == ["layer-meaning", "competes-on"]


def test_profile_checked_against_dimensions_from_any_directory(tmp_path: Path) -> None:
    profile = "profile:\n  competes-on: speed\n  made-up: x\n"
    write(tmp_path, "p.yaml", stack_text("p", profile=profile))
    catalog = load_catalog([SearchDir(tmp_path, "user"), SearchDir(FIXTURES, "--data")])
    [warning] = catalog.diagnostics
    assert (warning.code, warning.severity, warning.line, warning.column) == (
        "unknown-dimension",
        "warning",
        12,
        3,
    )
    assert "made-up" in warning.message
    assert "p" in catalog.stacks


def test_missing_directories(tmp_path: Path) -> None:
    catalog = load_catalog(
        [SearchDir(tmp_path / "gone", "--data"), SearchDir(tmp_path / "no-user", "user")]
    )
    assert [(d.code, d.file) for d in catalog.diagnostics] == [
        ("missing-dir", str(tmp_path / "gone"))
    ]


def test_only_yaml_files_are_read(tmp_path: Path) -> None:
    write(tmp_path, "a.yml", stack_text("a"))
    write(tmp_path, "b.yaml", stack_text("b"))
    write(tmp_path, "notes.txt", "not yaml: [")
    write(tmp_path, "stack.schema.json", "{}")
    (tmp_path / "dir.yaml").mkdir()
    catalog = load_catalog([SearchDir(tmp_path, "--data")])
    assert sorted(catalog.stacks) == ["a", "b"]
    assert catalog.diagnostics == []


# --- lookup ---------------------------------------------------------------------------


def test_lookup_by_id(fixture_catalog: Catalog) -> None:
    assert fixture_catalog.stack("alpha").short_name == "Alpha"
    stack, layer = fixture_catalog.layer("beta", "rollup")
    assert (stack.id, layer.id) == ("beta", "rollup")


def test_layer_lookup_by_label(fixture_catalog: Catalog) -> None:
    assert fixture_catalog.layer("beta", "B3")[1].id == "appchain"
    assert fixture_catalog.layer("beta", "b3")[1].id == "appchain"
    assert fixture_catalog.layer("alpha", "L2")[1].id == "middle"


def test_unknown_stack_suggests_the_closest(fixture_catalog: Catalog) -> None:
    with pytest.raises(UnknownId) as caught:
        fixture_catalog.stack("alpah")
    error = caught.value
    assert error.closest == "alpha"
    assert error.known == ("alpha", "beta")
    assert str(error) == "unknown stack 'alpah' (did you mean 'alpha'?); known: alpha, beta"


def test_unknown_id_without_a_close_match(fixture_catalog: Catalog) -> None:
    with pytest.raises(UnknownId) as caught:
        fixture_catalog.stack("zzzzzz")
    assert caught.value.closest is None
    assert "did you mean" not in str(caught.value)
    assert "known: alpha, beta" in str(caught.value)


def test_unknown_layer_suggests_the_closest(fixture_catalog: Catalog) -> None:
    with pytest.raises(UnknownId) as caught:
        fixture_catalog.layer("alpha", "midle")
    assert caught.value.closest == "middle"
    assert caught.value.known == ("base", "middle", "top")
    assert "layer of 'alpha'" in str(caught.value)
