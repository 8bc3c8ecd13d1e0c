"""Exit codes and help text shared by every command."""

from __future__ import annotations

EXIT_OK, EXIT_USAGE, EXIT_INPUT, EXIT_PARTIAL = 0, 2, 3, 4
EPILOG = """exit codes: 0 success; 2 usage error; 3 bad input or settings (the message names the
error code, see docs/errors.md); 4 some items failed and the rest were done (--jsonl lines, each
with an "error"; batch files, listed in the report); 130 interrupted."""
FORMATS = ("auto", "text", "markdown", "html")
