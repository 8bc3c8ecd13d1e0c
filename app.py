"""plainspeak's web app: the review UI for people and the HTTP API for a CMS, in one server.

    python app.py                         # http://127.0.0.1:7860/ui/  (API docs at /docs)
    python app.py --host 0.0.0.0 --port 8080 --api-key "$KEY"
    uvicorn --factory app:create_app      # settings from PLAINSPEAK_* environment variables

Every flag has a PLAINSPEAK_* environment variable (`python app.py --help` lists them).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no outbound calls


def create_app():
    """The FastAPI app, configured from the environment (for `uvicorn --factory app:create_app`)."""
    from plainspeak.server.main import create_app as _create
    from plainspeak.server.main import server_threads

    server_threads()
    return _create(knows_address=False)


def main(argv: list[str] | None = None) -> int:
    from plainspeak.server.main import main as _main

    return _main(argv)


if __name__ == "__main__":
    sys.exit(main())
