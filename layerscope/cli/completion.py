"""``layerscope completion bash|zsh|fish`` and the ``__complete`` helper its scripts call.

The scripts are thin: on each TAB they run ``layerscope __complete -- WORD...`` with the
words typed so far and offer what it prints, one candidate a line. The candidates come from
the argument parser itself (commands, options, choices such as formats and export kinds)
and from the catalog (stack ids, ``STACK/LAYER`` ids), so a new option or a new stack file
completes without regenerating anything. An argument that takes a path prints nothing and
the shell completes file names.

No completion library: shtab writes static scripts (no fish, no ids from the catalog
without hand-written shell functions per shell) and argcomplete needs a hook that runs
before every parse. This module is imported only by the two commands that use it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from layerscope.cli.parser import SHELLS

if TYPE_CHECKING:
    from layerscope.catalog import Catalog

__all__ = ["SHELLS", "candidates", "script"]

_BASH = """\
# layerscope completion for bash: source <(layerscope completion bash)
_layerscope() {
    local IFS=$'\\n'
    COMPREPLY=($(layerscope __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _layerscope layerscope
"""

_ZSH = """\
#compdef layerscope
# layerscope completion for zsh: source <(layerscope completion zsh)
_layerscope() {
    local -a candidates
    candidates=("${(@f)$(layerscope __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ -n "${candidates[1]}" ]]; then
        compadd -- "${candidates[@]}"
    else
        _files
    fi
}
if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
    _layerscope "$@"
else
    compdef _layerscope layerscope
fi
"""

_FISH = """\
# layerscope completion for fish: layerscope completion fish | source
function __layerscope_complete
    set -l tokens (commandline -opc)
    set -l found (layerscope __complete -- $tokens[2..-1] (commandline -ct) 2>/dev/null)
    if test (count $found) -gt 0
        printf '%s\\n' $found
    else
        __fish_complete_path (commandline -ct)
    end
end
complete -c layerscope -f -a '(__layerscope_complete)'
"""

_SCRIPTS = {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}

_VIEW_COMMANDS = ("tui", "show", "serve")
"""Commands whose positionals are VIEWs: ``STACK`` or ``STACK/LAYER``."""
_STACK_COMMANDS = ("verdict",)


def script(shell: str) -> str:
    """The completion script for a shell (``bash``, ``zsh`` or ``fish``)."""
    return _SCRIPTS[shell]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _visible_commands(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return [choice.dest for choice in action._choices_actions]
    return []


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {
        option: action
        for action in parser._actions
        if action.help is not argparse.SUPPRESS
        for option in action.option_strings
    }


def _positionals(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        action
        for action in parser._actions
        if not action.option_strings and not isinstance(action, argparse._SubParsersAction)
    ]


def typed_catalog_options(words: Sequence[str]) -> tuple[list[Path], bool]:
    """The ``--data`` directories (those that exist) and whether ``--no-user-data`` is
    among the words typed before the one being completed."""
    done = list(words[:-1])
    data = [
        Path(value)
        for option, value in pairwise(done)
        if option == "--data" and Path(value).is_dir()
    ]
    data += [
        Path(word.partition("=")[2])
        for word in done
        if word.startswith("--data=") and Path(word.partition("=")[2]).is_dir()
    ]
    return data, "--no-user-data" in done


def candidates(
    parser: argparse.ArgumentParser, words: Sequence[str], catalog: Callable[[], Catalog]
) -> list[str]:
    """What may replace the last of ``words`` (the words after ``layerscope``; the last one
    is the word being completed, possibly empty), sorted; ``catalog`` is called only when
    ids are wanted."""
    words = _rejoined(words)
    current = words[-1] if words else ""
    done = list(words[:-1])
    commands = _subcommands(parser)
    command: str | None = None
    active = parser
    positionals: list[str] = []
    expect: argparse.Action | None = None
    for word in done:
        if expect is not None:
            expect = None
            continue
        if word.startswith("-") and word != "-":
            action = _options(active).get(word.partition("=")[0])
            if action is not None and action.nargs != 0 and "=" not in word:
                expect = action
            continue
        if command is None and word in commands:
            command = word
            active = commands[word]
            continue
        positionals.append(word)
    if expect is not None:
        return _match(_choices(expect), current)
    if current.startswith("-"):
        return _match(_options(active), current)
    if command is None:
        return _match(_visible_commands(parser), current)
    return _match(_positional_values(command, active, positionals, current, catalog), current)


def _rejoined(words: Sequence[str]) -> list[str]:
    """The words with bash's split of ``--option=value`` at ``=`` undone (``--option``,
    ``value``); a trailing ``=`` leaves an empty word to complete."""
    out: list[str] = []
    for i, word in enumerate(words):
        if word == "=" and out and out[-1].startswith("--"):
            if i == len(words) - 1:
                out.append("")
            continue
        out.append(word)
    return out


def _choices(action: argparse.Action) -> list[str]:
    return [str(choice) for choice in action.choices or ()]


def _positional_values(
    command: str,
    parser: argparse.ArgumentParser,
    before: Sequence[str],
    current: str,
    catalog: Callable[[], Catalog],
) -> Iterator[str]:
    if command in _VIEW_COMMANDS:
        yield from _views(catalog(), current)
    elif command in _STACK_COMMANDS:
        yield from catalog().stacks
    elif command == "export":
        if not before:
            yield from _choices(_positionals(parser)[0])
        elif before[0] == "layer" and len(before) == 2:
            stack = catalog().stacks.get(before[1])
            yield from (layer.id for layer in stack.layers) if stack is not None else ()
        elif before[0] == "layer" and len(before) == 1:
            yield from _views(catalog(), current)
        else:
            yield from catalog().stacks
    else:
        actions = _positionals(parser)
        if len(before) < len(actions):
            yield from _choices(actions[len(before)])


def _views(catalog: Catalog, current: str) -> Iterator[str]:
    """Stack ids, or ``STACK/LAYER`` ids once a ``/`` is typed."""
    stack_id, slash, _ = current.partition("/")
    if not slash:
        yield from catalog.stacks
        return
    stack = catalog.stacks.get(stack_id)
    if stack is not None:
        yield from (f"{stack.id}/{layer.id}" for layer in stack.layers)


def _match(options: Iterable[str], current: str) -> list[str]:
    return sorted({str(option) for option in options if str(option).startswith(current)})
