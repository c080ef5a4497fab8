"""The comparison makes its pieces again only when what they are made from changes."""

from __future__ import annotations

import msgspec
from test_tui_support import fixture_catalog_copy

from layerscope.report.format import UNICODE
from layerscope.report.views.compare import compare_inputs, compare_pieces


def test_stacks_that_differ_only_in_what_the_pieces_do_not_read_give_the_same_pieces() -> None:
    catalog = fixture_catalog_copy()
    alpha, beta = catalog.stack("alpha"), catalog.stack("beta")
    bare = msgspec.structs.replace(
        alpha,
        as_of="1999",
        drivers=(),
        layers=tuple(msgspec.structs.replace(la, examples=(), metrics=()) for la in alpha.layers),
    )
    assert any(la.examples or la.metrics for la in alpha.layers)  # something was left out
    assert compare_inputs(bare) == compare_inputs(alpha)
    # What the inputs leave out is indeed not shown: the pieces are the same.
    assert compare_pieces([bare, beta], UNICODE) == compare_pieces([alpha, beta], UNICODE)


def test_a_change_the_pieces_show_changes_the_inputs() -> None:
    alpha = fixture_catalog_copy().stack("alpha")
    first = alpha.layers[0]
    renamed = msgspec.structs.replace(
        alpha,
        layers=(msgspec.structs.replace(first, summary="Another summary."), *alpha.layers[1:]),
    )
    assert compare_inputs(renamed) != compare_inputs(alpha)
    assert compare_pieces([renamed], UNICODE) != compare_pieces([alpha], UNICODE)
