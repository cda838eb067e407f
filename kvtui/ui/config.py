"""The reader's config file: key remapping by command id, the theme, animations, language.

It lives in platformdirs' user config dir (``KVTUI_CONFIG_DIR`` overrides, so tests never
touch a real home). Reading is forgiving – a broken file must not keep anyone from their
cache – and says what it ignored; writing is atomic so a crash never leaves half a file.

    theme = "nord"
    language = "nl"                    # or "en"; else KVTUI_LANGUAGE, then the locale
    animations = false
    notify_cmd = "notify-send kvtui"   # kvtui new: gets the summary on stdin

    [keys]
    next-question = "right_square_bracket,l"
"""

from __future__ import annotations

import functools
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from kvtui.i18n import N_, _
from kvtui.store.files import replace_file
from kvtui.textsafe import inert

FILE_NAME = "config.toml"
# A settings file is a few hundred bytes; a huge one is a mistake or an attack (a
# 3.7 MB file once took minutes to start the reader), so it is refused, not read.
MAX_CONFIG_BYTES = 64 * 1024
MAX_KEYS_PER_COMMAND = 8
MAX_KEY_NAME = 40
MAX_WARNINGS = 6
_MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@functools.cache
def _named_keys() -> frozenset[str]:
    """Textual's key names, read only when a config names a key: ``kvtui --bindings`` and
    ``locate`` read the config too and must not load Textual for an ordinary keymap."""
    from textual.keys import REPLACED_KEYS, Keys

    return frozenset(
        {k.value for k in Keys if "+" not in k.value and not k.value.startswith("<")}
        | set(REPLACED_KEYS)
    )


@dataclass(slots=True)
class Config:
    theme: str | None = None
    language: str | None = None  # "nl" or "en"; None: the locale decides
    animations: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    notify_cmd: str | None = None
    # (msgid, its values) per problem: said in the language of the run when shown, since
    # the file is read before its own ``language`` applies
    problems: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    path: Path | None = None

    @property
    def warnings(self) -> list[str]:
        """What the file got wrong, one line each, in the language of the run."""
        return [_(message).format(**values) for message, values in self.problems]

    def problem(self, message: str, **values: object) -> None:
        self.problems.append((message, values))


def config_dir() -> Path:
    env = os.environ.get("KVTUI_CONFIG_DIR")
    if env:
        return Path(env)
    return Path(platformdirs.user_config_dir("kvtui", appauthor=False))


def config_path() -> Path:
    return config_dir() / FILE_NAME


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    cfg = Config(path=path)
    try:
        raw = _read_bounded(path)
    except FileNotFoundError:
        return cfg
    except OSError as exc:
        cfg.problem(N_("cannot read {path}: {error}"), path=path, error=exc.strerror or exc)
        return cfg
    if raw is None:
        said = N_("{path} is not a regular file of at most {size} KB; using defaults")
        cfg.problem(said, path=path, size=MAX_CONFIG_BYTES // 1024)
        return cfg
    import tomllib  # only a config file that exists pays for the TOML parser

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        cfg.problem(N_("{path} is not valid TOML ({error}); using defaults"), path=path, error=exc)
        return cfg
    theme = data.get("theme")
    if isinstance(theme, str) and theme:
        cfg.theme = theme
    elif theme is not None:
        cfg.problem(N_("config: 'theme' must be a string"))
    language = data.get("language")
    if isinstance(language, str) and language.strip().lower() in ("nl", "en"):
        cfg.language = language.strip().lower()
    elif language is not None:
        cfg.problem(N_('config: \'language\' must be "nl" or "en"'))
    animations = data.get("animations")
    if isinstance(animations, bool):
        cfg.animations = animations
    elif animations is not None:
        cfg.problem(N_("config: 'animations' must be true or false"))
    notify = data.get("notify_cmd")
    if isinstance(notify, str):
        cfg.notify_cmd = notify.strip() or None
    elif notify is not None:
        cfg.problem(N_("config: 'notify_cmd' must be a string"))
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        cfg.problem(N_("config: [keys] must be a table"))
        keys = {}
    bad: list[str] = []  # "keys.id: name" for each name that is not a key: one warning
    for cmd_id, value in keys.items():
        if isinstance(value, str) and value.strip():
            names = value.split(",")
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            names = value
        else:
            where = inert(cmd_id[:MAX_KEY_NAME])
            cfg.problem(N_("config: keys.{where} must be a key or a list of keys"), where=where)
            continue
        valid = _valid_keys(f"keys.{inert(cmd_id[:MAX_KEY_NAME])}", names, cfg, bad)
        if valid:
            cfg.keymap[cmd_id] = ",".join(valid)
    if bad:
        listed = "; ".join(bad[:MAX_WARNINGS])
        if len(bad) > MAX_WARNINGS:
            said = N_("config: not key names, ignored: {names} (and {n} more)")
            cfg.problem(said, names=listed, n=len(bad) - MAX_WARNINGS)
        else:
            cfg.problem(N_("config: not key names, ignored: {names}"), names=listed)
    if len(cfg.problems) > MAX_WARNINGS:  # one notification each: keep them readable
        more = len(cfg.problems) - MAX_WARNINGS + 1
        said = N_("config: {n} more problems in {path}")
        cfg.problems[MAX_WARNINGS - 1 :] = [(said, {"n": more, "path": path})]
    return cfg


def _read_bounded(path: Path) -> bytes | None:
    """The file's bytes, or None when it is not a regular file or is over the cap.

    Opened without blocking and checked before reading: a FIFO named config.toml
    must not hang the reader's start, nor a huge file fill its memory.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CONFIG_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_CONFIG_BYTES + 1)
    finally:
        os.close(fd)
    return data if len(data) <= MAX_CONFIG_BYTES else None


def is_key_name(key: str) -> bool:
    """True for a key Textual can bind: ``j``, ``ctrl+d``, ``pagedown``, ``slash``, ``f1``.

    Modifiers from a known set, each once, then one printable character or a key
    name Textual knows; ``ctrl+shift+zz`` or ``[link=…]`` are not keys.
    """
    if not key or len(key) > MAX_KEY_NAME:
        return False
    *modifiers, base = key.split("+")
    if any(m not in _MODIFIERS for m in modifiers) or len(set(modifiers)) != len(modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace() and base != ","
    from textual.keys import key_to_character

    return base in _named_keys() or key_to_character(base) is not None


def _valid_keys(where: str, names: list[str], cfg: Config, bad: list[str]) -> list[str]:
    """The valid key names among ``names`` (at most a few); each other one goes to ``bad``."""
    valid: list[str] = []
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if not is_key_name(name):
            bad.append(f"{where} {inert(name[:MAX_KEY_NAME])!r}")
        elif len(valid) >= MAX_KEYS_PER_COMMAND:
            said = N_("config: {where}: more than {n} keys; rest ignored")
            cfg.problem(said, where=where, n=MAX_KEYS_PER_COMMAND)
            break
        elif name not in valid:
            valid.append(name)
    return valid


def _toml_string(value: str) -> str:
    # JSON string escapes (\", \\, \n, \uXXXX) are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def dumps(cfg: Config) -> str:
    lines = ["# kvtui reader settings (written by kvtui; edits are kept)"]
    if cfg.theme:
        lines.append(f"theme = {_toml_string(cfg.theme)}")
    if cfg.language:
        lines.append(f"language = {_toml_string(cfg.language)}")
    lines.append(f"animations = {'true' if cfg.animations else 'false'}")
    if cfg.notify_cmd:
        lines.append(f"notify_cmd = {_toml_string(cfg.notify_cmd)}")
    if cfg.keymap:
        lines += ["", "[keys]"]
        for cmd_id, keys in sorted(cfg.keymap.items()):
            lines.append(f"{_toml_string(cmd_id)} = {_toml_string(keys)}")
    return "\n".join(lines) + "\n"


def save_config(cfg: Config, path: Path | None = None) -> Path:
    """Write ``cfg`` atomically: temp file beside it, fsync, rename."""
    path = path or cfg.path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, dumps(cfg).encode("utf-8"), temp_suffix=".toml", mode=0o600)
    return path
