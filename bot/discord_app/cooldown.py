"""A per-user cooldown shared by slash commands and channel questions."""

from __future__ import annotations

import time
from collections.abc import Callable


class UserCooldown:
    """At most one request per user every `seconds` seconds (0 disables it)."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._last: dict[int, float] = {}

    def retry_after(self, user_id: int) -> float:
        """0.0 (and the use is recorded) when the user may go ahead, else the seconds left."""
        if self.seconds <= 0:
            return 0.0
        now = self._clock()
        last = self._last.get(user_id)
        if last is not None and (left := last + self.seconds - now) > 0:
            return left
        self._last[user_id] = now
        if len(self._last) > 1024:
            self._last = {u: t for u, t in self._last.items() if t + self.seconds > now}
        return 0.0

    def reset(self, user_id: int) -> None:
        """Forget the user's last use (their request was refused before any work)."""
        self._last.pop(user_id, None)
