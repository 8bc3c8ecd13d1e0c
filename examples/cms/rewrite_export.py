#!/usr/bin/env python3
"""Rewrite every entry of a CMS export with the plainspeak API, and write a review report.

    export PLAINSPEAK_URL=http://127.0.0.1:7860 PLAINSPEAK_KEY=...
    python examples/cms/rewrite_export.py examples/cms/sample-export.json -o rewritten.json --report review.csv

The export is JSON: a list of entries, or an object with an "entries" list. Each entry has an
"id" and the fields to rewrite (default "body"; --fields title,body for more), and may say its
"format" (text, markdown, html; default auto). The output is the same export with those fields
rewritten and a "_plainspeak" summary per entry; the report has one row per change, for an
editor to review. Entries that fail keep their text and get an "error" in the summary.

Only the Python standard library is used, so the script can be copied into any CMS tooling.
It sends documents in batches (POST /v1/rewrite/batch) and waits out 429 responses as told by
Retry-After.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any


class ApiError(Exception):
    def __init__(self, status: int, body: dict[str, Any]):
        err = body.get("error", {}) if isinstance(body, dict) else {}
        super().__init__(f"HTTP {status} {err.get('code', '')} {err.get('message', body)}")
        self.status, self.code = status, err.get("code")


def call(url: str, key: str | None, path: str, payload: dict[str, Any], retries: int = 5) -> dict[str, Any]:
    data = json.dumps(payload).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    for attempt in range(retries + 1):
        req = urllib.request.Request(url.rstrip("/") + path, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=300) as r:
                return json.load(r)
        except urllib.error.HTTPError as exc:
            body = json.loads(exc.read() or b"{}")
            if exc.code == 429 and attempt < retries:
                wait = int(exc.headers.get("Retry-After", "1"))
                print(f"rate limited; waiting {wait} s", file=sys.stderr)
                time.sleep(wait)
                continue
            raise ApiError(exc.code, body) from None
    raise AssertionError("unreachable")


def load_entries(path: Path) -> tuple[Any, list[dict[str, Any]]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    entries = doc["entries"] if isinstance(doc, dict) else doc
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SystemExit(f"{path}: expected a list of entries (or an object with an 'entries' list)")
    return doc, entries


def rewrite_entries(
    entries: list[dict[str, Any]],
    fields: list[str],
    url: str,
    key: str | None,
    batch_size: int,
    settings: dict[str, Any],
) -> list[dict[str, Any]]:
    """Rewrite the fields in place; return the report rows."""
    jobs = [(e, f) for e in entries for f in fields if isinstance(e.get(f), str) and e[f].strip()]
    rows: list[dict[str, Any]] = []
    i = 0
    while i < len(jobs):
        chunk = jobs[i : i + batch_size]
        docs = [
            {"id": f"{e.get('id', n)}:{f}", "text": e[f], "format": e.get("format", "auto")}
            for n, (e, f) in enumerate(chunk, i)
        ]
        try:
            result = call(url, key, "/v1/rewrite/batch", {"documents": docs, **settings})
        except ApiError as exc:
            if exc.code == "E025" and batch_size > 1:  # the server takes fewer documents per call
                batch_size = max(1, batch_size // 2)
                continue
            raise
        for (entry, field), res in zip(chunk, result["results"]):
            summary = entry.setdefault("_plainspeak", {})
            if "error" in res:
                summary[field] = {"error": res["error"]}
                continue
            entry[field] = res["output"]
            applied = [c for c in res["changes"] if c["accepted"]]
            summary[field] = {
                "grade_before": res["scores"]["before"]["flesch_kincaid_grade"],
                "grade_after": res["scores"]["after"]["flesch_kincaid_grade"],
                "changes": len(applied),
            }
            for c in applied:
                rows.append(
                    {
                        "entry": entry.get("id"),
                        "field": field,
                        "change": c["id"],
                        "rule": c["rule"],
                        "before": c["before"],
                        "after": c["after"],
                        "reason": c["reason"],
                        "warnings": "; ".join(c["warnings"]),
                    }
                )
        i += len(chunk)
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Rewrite every entry of a CMS export with the plainspeak API.")
    p.add_argument("export", type=Path, help="the JSON export")
    p.add_argument("-o", "--output", type=Path, required=True, help="where to write the rewritten export")
    p.add_argument("--report", type=Path, help="CSV with one row per change, for review")
    p.add_argument("--fields", default="body", help="entry fields to rewrite, comma-separated (default: body)")
    p.add_argument("--url", default=os.environ.get("PLAINSPEAK_URL", "http://127.0.0.1:7860"))
    p.add_argument("--key", default=os.environ.get("PLAINSPEAK_KEY"), help="API key (default: $PLAINSPEAK_KEY)")
    p.add_argument("--batch-size", type=int, default=20)
    p.add_argument("--grade", type=float, help="target reading grade")
    p.add_argument("--strength", choices=["light", "standard", "strong"])
    args = p.parse_args(argv)

    doc, entries = load_entries(args.export)
    settings = {k: v for k, v in {"target_grade": args.grade, "strength": args.strength}.items() if v is not None}
    fields = [f.strip() for f in args.fields.split(",") if f.strip()]
    try:
        rows = rewrite_entries(entries, fields, args.url, args.key, max(1, args.batch_size), settings)
    except ApiError as exc:
        print(f"plainspeak API error: {exc}", file=sys.stderr)
        return 1
    except urllib.error.URLError as exc:
        print(f"cannot reach {args.url}: {exc.reason}", file=sys.stderr)
        return 1
    args.output.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.report:
        with args.report.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, ["entry", "field", "change", "rule", "before", "after", "reason", "warnings"])
            w.writeheader()
            w.writerows(rows)
    failed = sum(1 for e in entries for s in e.get("_plainspeak", {}).values() if "error" in s)
    print(f"{len(entries)} entries, {len(rows)} changes applied, {failed} field(s) failed -> {args.output}")
    return 0 if not failed else 2


if __name__ == "__main__":
    sys.exit(main())
