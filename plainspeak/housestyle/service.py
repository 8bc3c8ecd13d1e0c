"""The house style as the server and the CLI use it: record reviews, learn each workspace's style
(cached for a few seconds, dropped at once on this process's own writes) and apply it to Settings."""

from __future__ import annotations

import threading
import time
from typing import Any

from ..result import SCHEMA_VERSION
from ..settings import Settings
from .learn import HouseStyle, Thresholds, apply, learn
from .store import FeedbackIn, Store


class HouseStyleService:
    def __init__(self, store: Store, thresholds: Thresholds | None = None, cache_s: float = 5.0) -> None:
        self.store = store
        self.thresholds = thresholds or Thresholds()
        self.cache_s = cache_s  # other processes (a team server's workers) write too
        self._cache: dict[str, tuple[float, HouseStyle]] = {}
        self._lock = threading.Lock()

    def style(self, workspace: str) -> HouseStyle:
        """The workspace's style: learned since its last reset, with any imported style on top."""
        with self._lock:
            hit = self._cache.get(workspace)
            if hit is not None and time.monotonic() - hit[0] < self.cache_s:
                return hit[1]
        info = self.store.workspace(workspace)
        style = learn(
            workspace,
            self.store.rule_counts(workspace),
            self.store.edit_counts(workspace),
            self.thresholds,
            info.imported_style if info else None,
        )
        with self._lock:
            self._cache[workspace] = (time.monotonic(), style)
        return style

    def forget(self, workspace: str | None = None) -> None:
        with self._lock:
            if workspace is None:
                self._cache.clear()
            else:
                self._cache.pop(workspace, None)

    def apply(self, settings: Settings, workspace: str) -> Settings:
        return apply(settings, self.style(workspace))

    def record(self, fb: FeedbackIn) -> dict[str, Any]:
        """Store one review; a summary of what was stored."""
        fid = self.store.record(fb)
        self.forget(fb.workspace)
        accepted = sum(1 for d in fb.decisions if d.accepted)
        return {
            "version": SCHEMA_VERSION,
            "workspace": fb.workspace,
            "feedback_id": fid,
            "decisions": len(fb.decisions),
            "accepted": accepted,
            "rejected": len(fb.decisions) - accepted,
            "edits": len(fb.edits),
        }

    def stats(self, workspace: str) -> dict[str, Any]:
        """Per-rule acceptance, the most rejected rules, learned replacements and the style in force."""
        style = self.style(workspace)
        info = self.store.workspace(workspace)
        return {
            "version": SCHEMA_VERSION,
            "workspace": workspace,
            **self.store.counts(workspace),
            "since": info.reset_at.isoformat() if info and info.reset_at else None,
            "store_documents": bool(info and info.store_documents),
            "rules": [r.to_dict() for r in style.rules],
            "most_rejected": [r.to_dict() for r in style.most_rejected()],
            "learned_replacements": style.suggested_replacements,
            "style": style.settings_dict(),
            "thresholds": style.thresholds.to_dict(),
        }
