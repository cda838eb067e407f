"""Shell completion generated from the parsers: ``kvtui --completion bash|zsh``.

A small generator instead of a dependency (shtab would do it, but the parsers are simple:
one level of subcommands, options with fixed choices, directories and files). The script
completes subcommands, each subcommand's options, the choices of an option (``--format``,
``--status``, ``locate``'s places), directories after ``--cache`` and files after
``import``. zsh uses the same function through ``bashcompinit``. Generated, so a new
option is completed as soon as it is declared.
"""

from __future__ import annotations

import shlex
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import TextIO

_DIRS = {"--cache"}


def _words(items: object) -> str:
    return shlex.quote(" ".join(map(str, items)))  # type: ignore[call-overload]


def _option_cases(cmd: str, parser: argparse.ArgumentParser) -> list[str]:
    """``case`` arms for the word after an option that takes a value."""
    arms: list[str] = []
    for action in parser._actions:
        if not action.option_strings or action.nargs == 0:
            continue
        for opt in action.option_strings:
            pattern = f"{cmd}:{opt}"
            if opt in _DIRS:
                arms.append(f'        {pattern}) COMPREPLY=($(compgen -d -- "$cur")); return;;')
            elif action.choices:
                arms.append(
                    f"        {pattern}) COMPREPLY=($(compgen -W {_words(action.choices)} "
                    '-- "$cur")); return;;'
                )
            else:  # a date, a number, a text: nothing to offer, and no option either
                arms.append(f"        {pattern}) return;;")
    return arms


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [o for a in parser._actions for o in a.option_strings]


def _positional(cmd: str, parser: argparse.ArgumentParser) -> str:
    for action in parser._actions:
        if action.option_strings:
            continue
        if action.choices:
            return f'COMPREPLY=($(compgen -W {_words(action.choices)} -- "$cur"))'
        if action.metavar == "PATH":
            return 'COMPREPLY=($(compgen -f -- "$cur"))'
    return ""


def bash() -> str:
    """The bash completion script."""
    from kvtui.cli import parsers

    top, subs = parsers()
    valued = [
        o for a in top._actions if a.option_strings and a.nargs != 0 for o in a.option_strings
    ]
    arms = _option_cases("", top)
    for name, parser in subs.items():
        arms += _option_cases(name, parser)
    opts = [f'        "") opts={_words(_options(top))};;']
    rest = []
    for name, parser in subs.items():
        opts.append(f"        {name}) opts={_words(_options(parser))};;")
        positional = _positional(name, parser)
        if positional:
            rest.append(f"        {name}) {positional};;")
    lines = [
        "# kvtui completion for bash (generated: kvtui --completion bash)",
        "_kvtui() {",
        '    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"',
        '    local cmd="" i opts=""',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in',
        f"            {'|'.join(valued)}) ((i++));;",
        "            -*) ;;",
        '            *) cmd="${COMP_WORDS[i]}"; break;;',
        "        esac",
        "    done",
        "    COMPREPLY=()",
        '    case "$cmd:$prev" in',
        *arms,
        "    esac",
        '    case "$cmd" in',
        *opts,
        "    esac",
        '    if [[ "$cur" == -* ]]; then',
        '        COMPREPLY=($(compgen -W "$opts" -- "$cur"))',
        '    elif [[ -z "$cmd" ]]; then',
        f'        COMPREPLY=($(compgen -W {_words(subs)} -- "$cur"))',
        "    else",
        '        case "$cmd" in',
        *rest,
        "        esac",
        "    fi",
        "}",
        "complete -F _kvtui kvtui",
    ]
    return "\n".join(lines) + "\n"


def zsh() -> str:
    """zsh reads the bash function through ``bashcompinit``."""
    return (
        "# kvtui completion for zsh (generated: kvtui --completion zsh)\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash()
    )


def run_completion(args: argparse.Namespace, out: TextIO | None = None) -> int:
    shell = getattr(args, "completion", None) or "bash"
    (out or sys.stdout).write(zsh() if shell == "zsh" else bash())
    return 0
