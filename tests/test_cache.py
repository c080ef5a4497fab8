"""The cache of loaded files: a warm load gives exactly what a fresh one does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from layerscope.catalog import Catalog, SearchDir, load_catalog, search_path
from layerscope.load import cache as cache_module
from layerscope.load.cache import LoadCache, cache_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "catalog"

pytestmark = pytest.mark.cold_cache  # each test starts from no cache, as a first start does


def stack_text(stack_id: str, name: str, profile: str = "") -> str:
    return (
        f"schema_version: 1\nid: {stack_id}\nname: {name}\nsummary: s\n"
        "layers:\n  - id: only\n    level: 1\n    name: Only\n    summary: s\n" + profile
    )


def dirs(*extra: Path) -> list[SearchDir]:
    return [
        *search_path(user_data=False),
        SearchDir(FIXTURES, "--data"),
        *(SearchDir(p, "--data") for p in extra),
    ]


def same(a: Catalog, b: Catalog) -> None:
    assert a.stacks == b.stacks
    assert a.files == b.files
    assert a.dimensions == b.dimensions
    assert [str(d) for d in a.diagnostics] == [str(d) for d in b.diagnostics]


def test_a_warm_load_equals_a_fresh_one(tmp_path: Path) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    # An override, an unknown dimension and a broken file: diagnostics of the catalog
    # (located through the cached positions) and of the file itself.
    (extra / "alpha.yaml").write_text(
        stack_text("alpha", "Alpha again", "profile:\n  nowhere: x\n"), encoding="utf-8"
    )
    (extra / "broken.yaml").write_text("schema_version: 1\nid: [x\n", encoding="utf-8")
    assert not cache_file().exists()
    cold = load_catalog(dirs(extra))
    assert cache_file().is_file()
    warm = load_catalog(dirs(extra))
    same(warm, cold)
    same(warm, load_catalog(dirs(extra), cached=False))
    codes = {d.code for d in warm.diagnostics}
    assert {"override", "unknown-dimension", "yaml-syntax"} <= codes
    override = next(d for d in warm.diagnostics if d.file == str(extra / "alpha.yaml"))
    assert (override.code, override.line, override.column) == ("override", 2, 5)  # its `id`


def test_a_changed_file_is_loaded_again(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(stack_text("one", "First"), encoding="utf-8")
    stat = path.stat()
    assert load_catalog([SearchDir(tmp_path, "--data")]).stacks["one"].name == "First"
    # Same size, same modification time: only the content tells.
    path.write_text(stack_text("one", "Other"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_catalog([SearchDir(tmp_path, "--data")]).stacks["one"].name == "Other"


def test_a_deleted_file_leaves_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(stack_text("one", "First"), encoding="utf-8")
    load_catalog([SearchDir(tmp_path, "--data")])
    path.unlink()
    (tmp_path / "two.yaml").write_text(stack_text("two", "Second"), encoding="utf-8")
    assert list(load_catalog([SearchDir(tmp_path, "--data")]).stacks) == ["two"]
    assert str(path) not in LoadCache()._entries


@pytest.mark.parametrize("content", [b"", b"\x00garbage", b"\x92\xa1x\x80"])
def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    fresh = load_catalog(dirs(), cached=False)
    cache_file().parent.mkdir(parents=True)
    cache_file().write_bytes(content)
    same(load_catalog(dirs()), fresh)
    assert cache_file().read_bytes() != content
    same(load_catalog(dirs()), fresh)


def test_a_cache_from_other_loader_code_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(stack_text("one", "First"), encoding="utf-8")
    load_catalog([SearchDir(tmp_path, "--data")])
    assert LoadCache()._entries
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT + 1)
    assert LoadCache()._entries == {}


def test_without_the_cache_nothing_is_read_or_written(tmp_path: Path) -> None:
    load_catalog(dirs(), cached=False)
    assert not cache_file().exists()


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    cache_file().parent.parent.mkdir(parents=True)
    cache_file().parent.write_text("a file where the directory should be")
    same(load_catalog(dirs()), load_catalog(dirs(), cached=False))


def test_a_warm_start_does_not_import_yaml() -> None:
    code = (
        "import sys\n"
        "from layerscope.catalog import load_catalog, search_path\n"
        "catalog = load_catalog(search_path(user_data=False))\n"
        "print(sorted(catalog.stacks), 'yaml' in sys.modules)\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert first.stdout.split("]")[1].strip() == "True", first.stderr
    assert again.stdout == first.stdout.replace("True", "False"), again.stderr


def test_damaged_positions_only_lose_the_positions() -> None:
    from layerscope.load.cache import CachedDocument

    document = CachedDocument(raw=msgspec.Raw(b"\xc1"))
    assert document.at(("id",)) == (1, 1)
