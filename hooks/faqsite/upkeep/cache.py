"""On-disk cache of fetched results, one JSON file per URL, so a rerun within `max_age` asks no server.

Only definitive answers are kept (a page read, a redirect, a 404): a timeout or a 5xx is asked again on the
next run. Files are written through a temporary name and renamed, so an interrupted run leaves no torn file.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from .fetch import Fetched

UTC = datetime.UTC


class Cache:
    def __init__(self, folder: Path | None, max_age: datetime.timedelta) -> None:
        self.folder = folder  # None: no cache at all
        self.max_age = max_age

    def path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / "pages" / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")

    def get(self, key: str, now: datetime.datetime) -> Fetched | None:
        if self.folder is None:
            return None
        try:
            entry: dict[str, Any] = json.loads(self.path(key).read_text(encoding="utf-8"))
            fetched = datetime.datetime.fromisoformat(entry["fetched"])
            if entry["key"] != key or not now - self.max_age <= fetched <= now:
                return None
            return Fetched.from_dict(entry["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, unreadable or from another version: fetch again

    def put(self, key: str, result: Fetched, now: datetime.datetime) -> None:
        if self.folder is None or result.transient:
            return
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}-{threading.get_ident()}.tmp")
        entry = {"key": key, "fetched": now.isoformat(), "result": result.to_dict()}
        temporary.write_text(json.dumps(entry), encoding="utf-8")
        os.replace(temporary, path)
