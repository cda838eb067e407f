"""Where the cache lives when the user does not say."""

from __future__ import annotations

import os
from pathlib import Path

ENV_CACHE_DIR = "KVTUI_CACHE_DIR"


def default_root() -> Path:
    """``KVTUI_CACHE_DIR`` if set, else the platform's user cache directory for kvtui.

    platformdirs is imported here, not at module level, so commands that are given
    ``--cache`` never pay for it.
    """
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kvtui"))
