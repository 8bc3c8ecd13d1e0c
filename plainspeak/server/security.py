"""API keys (constant-time, never logged) and a per-key token-bucket rate limit."""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from .errors import ApiError

# Declared so /docs shows both ways to send a key; the checking is done in `Guard`.
bearer_scheme = HTTPBearer(auto_error=False, description="Authorization: Bearer YOUR_KEY")
header_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, description="X-API-Key: YOUR_KEY")


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8", "surrogateescape")).digest()


class KeyStore:
    """Holds only SHA-256 digests of the keys; compares digests with hmac.compare_digest, checking
    every key every time, so neither the timing nor the logs tell anything about a key."""

    def __init__(self, keys: list[str]) -> None:
        self._digests = [_digest(k) for k in keys]

    @property
    def enabled(self) -> bool:
        return bool(self._digests)

    def match(self, presented: str | None) -> int | None:
        """The 1-based number of the matching key, or None."""
        if presented is None:
            return None
        d = _digest(presented)
        found = None
        for i, known in enumerate(self._digests, 1):
            if hmac.compare_digest(d, known) and found is None:
                found = i
        return found


def presented_key(request: Request) -> str | None:
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    key = request.headers.get("x-api-key")
    return key.strip() if key and key.strip() else None


@dataclass
class Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """`per_minute` requests a minute for each identity, with bursts up to `per_minute`."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.capacity > 0

    def take(self, identity: str) -> tuple[bool, int, int]:
        """(allowed, remaining, retry_after_seconds)."""
        now = self.clock()
        with self._lock:
            b = self._buckets.get(identity)
            if b is None:
                if len(self._buckets) > 10_000:
                    self._prune(now)
                b = self._buckets[identity] = Bucket(self.capacity, now)
            b.tokens = min(self.capacity, b.tokens + (now - b.updated) * self.rate)
            b.updated = now
            if b.tokens >= 1:
                b.tokens -= 1
                return True, int(b.tokens), 0
            return False, 0, max(1, math.ceil((1 - b.tokens) / self.rate))

    def _prune(self, now: float) -> None:
        full = [k for k, b in self._buckets.items() if b.tokens + (now - b.updated) * self.rate >= self.capacity]
        for k in full:
            del self._buckets[k]


class Guard:
    """FastAPI dependency for every /v1 route: the API key (when keys are set), then the rate limit."""

    def __init__(self, keys: KeyStore, limiter: RateLimiter) -> None:
        self.keys = keys
        self.limiter = limiter

    async def __call__(
        self,
        request: Request,
        _bearer: HTTPAuthorizationCredentials | None = Security(bearer_scheme),
        _header: str | None = Security(header_scheme),
    ) -> None:
        identity = f"client {request.client.host}" if request.client else "client"
        if self.keys.enabled:
            given = presented_key(request)
            number = self.keys.match(given)
            if number is None:
                why = "no API key was sent" if given is None else "the API key is not valid"
                raise ApiError(
                    "E020",
                    f"{why}: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'",
                    "authorization",
                    {"WWW-Authenticate": 'Bearer realm="plainspeak"'},
                )
            identity = f"key {number}"
            request.state.key_number = number
        if self.limiter.enabled:
            ok, remaining, retry = self.limiter.take(identity)
            request.state.rate_remaining = remaining
            if not ok:
                raise ApiError(
                    "E021",
                    f"more than {int(self.limiter.capacity)} requests a minute for this "
                    f"{identity.split()[0]}; retry in {retry} s",
                    None,
                    {
                        "Retry-After": str(retry),
                        "X-RateLimit-Limit": str(int(self.limiter.capacity)),
                        "X-RateLimit-Remaining": "0",
                    },
                )
