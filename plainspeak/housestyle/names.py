"""Names shared by the house style's modules, free of SQLAlchemy so `plainspeak --help` stays fast."""

from __future__ import annotations

DEFAULT_WORKSPACE = "default"  # the workspace of keys without one, and of a server without keys
URL_VAR = "PLAINSPEAK_DATABASE_URL"  # the decision store's URL, when --database-url is not given
