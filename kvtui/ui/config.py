"""The reader's config file: key remapping by command id, the theme, animations.

It lives in platformdirs' user config dir (``KVTUI_CONFIG_DIR`` overrides, so tests never
touch a real home). Reading is forgiving – a broken file must not keep anyone from their
cache – and says what it ignored; writing is atomic so a crash never leaves half a file.

    theme = "nord"
    animations = false
    notify_cmd = "notify-send kvtui"   # kvtui new: gets the summary on stdin

    [keys]
    next-question = "right_square_bracket,l"
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from kvtui.store.files import replace_file

FILE_NAME = "config.toml"


@dataclass(slots=True)
class Config:
    theme: str | None = None
    animations: bool = False
    keymap: dict[str, str] = field(default_factory=dict)
    notify_cmd: str | None = None
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None


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
        raw = path.read_bytes()
    except FileNotFoundError:
        return cfg
    except OSError as exc:
        cfg.warnings.append(f"cannot read {path}: {exc.strerror or exc}")
        return cfg
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        cfg.warnings.append(f"{path} is not valid TOML ({exc}); using defaults")
        return cfg
    theme = data.get("theme")
    if isinstance(theme, str) and theme:
        cfg.theme = theme
    elif theme is not None:
        cfg.warnings.append("config: 'theme' must be a string")
    animations = data.get("animations")
    if isinstance(animations, bool):
        cfg.animations = animations
    elif animations is not None:
        cfg.warnings.append("config: 'animations' must be true or false")
    notify = data.get("notify_cmd")
    if isinstance(notify, str):
        cfg.notify_cmd = notify.strip() or None
    elif notify is not None:
        cfg.warnings.append("config: 'notify_cmd' must be a string")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        cfg.warnings.append("config: [keys] must be a table")
        keys = {}
    for cmd_id, value in keys.items():
        if isinstance(value, str) and value.strip():
            cfg.keymap[cmd_id] = value.strip()
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            cfg.keymap[cmd_id] = ",".join(v.strip() for v in value)
        else:
            cfg.warnings.append(f"config: keys.{cmd_id} must be a key or a list of keys")
    return cfg


def _toml_string(value: str) -> str:
    # JSON string escapes (\", \\, \n, \uXXXX) are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def dumps(cfg: Config) -> str:
    lines = ["# kvtui reader settings (written by kvtui; edits are kept)"]
    if cfg.theme:
        lines.append(f"theme = {_toml_string(cfg.theme)}")
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
