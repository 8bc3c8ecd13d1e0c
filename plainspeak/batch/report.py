"""report.json and report.html of a batch run."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from .worker import write_atomic

if TYPE_CHECKING:  # pragma: no cover
    from .runner import BatchReport

HTML_ROWS = 5000  # report.html lists at most this many files; report.json has them all

_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>plainspeak batch report</title>
<style>
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:72rem;color:#1d2327;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #dde;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f4f8;position:sticky;top:0}td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{background:#f3f4f8;border-radius:.5rem;padding:.6rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.4rem}.failed{color:#a00}.rewritten{color:#075}.muted{color:#667}
code{font-size:.85em}ul.w{margin:.2rem 0;padding-left:1.1rem}
</style></head><body>
<h1>plainspeak batch report</h1>
<p class="muted">Started {{ r.started }}, {{ "%.1f"|format(r.elapsed_s) }} s, engine {{ r.engine }} with {{ r.workers }} worker(s).
{% if r.out_dir %}Output folder: <code>{{ r.out_dir }}</code>.{% else %}Rewritten in place (backups beside each changed file).{% endif %}
{% if r.interrupted %}<strong class="failed">The run was interrupted: run the same command with --resume to finish it.</strong>{% endif %}</p>
<div class="cards">
<div class="card"><b>{{ t.files }}</b>files</div>
<div class="card"><b class="rewritten">{{ t.rewritten }}</b>rewritten</div>
<div class="card"><b>{{ t.unchanged }}</b>unchanged</div>
<div class="card"><b>{{ t.copied }}</b>copied (not templates)</div>
<div class="card"><b class="{{ 'failed' if t.failed else '' }}">{{ t.failed }}</b>failed</div>
<div class="card"><b>{{ t.changes_applied }}</b>changes applied</div>
<div class="card"><b>{{ t.grade_before }} &rarr; {{ t.grade_after }}</b>reading grade (word-weighted)</div>
</div>
{% if t.changes_by_category %}<h2>Changes by category</h2>
<table><tr><th>category</th><th>changes applied</th></tr>
{% for k, v in t.changes_by_category|dictsort(by="value", reverse=true) %}<tr><td>{{ k }}</td><td class="n">{{ v }}</td></tr>{% endfor %}
</table>{% endif %}
{% if failed %}<h2 class="failed">Failures</h2>
<table><tr><th>file</th><th>error</th></tr>
{% for f in failed %}<tr><td><code>{{ f.path }}</code></td><td>{{ f.error.code }} {{ f.error.message }}</td></tr>{% endfor %}
</table>{% endif %}
<h2>Files</h2>
{% if truncated %}<p class="muted">Showing {{ rows|length }} of {{ t.files }} files; report.json lists them all.</p>{% endif %}
<table><tr><th>file</th><th>kind</th><th>status</th><th>grade before</th><th>grade after</th><th>changes</th><th>by category</th><th>warnings</th><th></th></tr>
{% for f in rows %}<tr>
<td><code>{{ f.path }}</code></td><td>{{ f.kind or "" }}{% if f.host and f.host != f.kind %} ({{ f.host }}){% endif %}</td>
<td class="{{ f.status }}">{{ f.status }}{% if f.resumed %} <span class="muted">(earlier run)</span>{% endif %}</td>
<td class="n">{{ f.grade_before if f.grade_before is not none else "" }}</td><td class="n">{{ f.grade_after if f.grade_after is not none else "" }}</td>
<td class="n">{% if f.kind %}{{ f.applied or 0 }} / {{ f.proposed or 0 }}{% endif %}</td>
<td>{% for k, v in (f.by_category or {}).items() %}{{ k }}&nbsp;{{ v }}{% if not loop.last %}, {% endif %}{% endfor %}</td>
<td>{% if f.error %}<span class="failed">{{ f.error.code }} {{ f.error.message }}</span>{% endif %}
{% set ws = (f.warnings or []) + (f.verifier_warnings or []) %}{% if ws %}<ul class="w">{% for w in ws[:8] %}<li>{{ w }}</li>{% endfor %}{% if ws|length > 8 %}<li>... {{ ws|length - 8 }} more</li>{% endif %}</ul>{% endif %}</td>
<td>{% if f.diff_rel %}<a href="{{ f.diff_rel }}">diff</a>{% endif %}</td>
</tr>{% endfor %}
</table>
<p class="muted">Changes: applied / proposed. A proposed change that is not applied failed a verifier check or was
off by default; its reason is under warnings. plainspeak {{ version }}.</p>
</body></html>
"""


def write_reports(report: BatchReport) -> None:
    from .. import __version__

    rdir = Path(report.report_dir)
    rdir.mkdir(parents=True, exist_ok=True)
    report.report_json = str(rdir / "report.json")
    report.report_html = str(rdir / "report.html")
    data = report.to_dict()
    write_atomic(rdir / "report.json", (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    order = {"failed": 0, "rewritten": 1, "unchanged": 2, "copied": 3, "skipped": 4}
    rows = sorted(report.records, key=lambda r: (order.get(r["status"], 5), -(r.get("applied") or 0), r["path"]))
    shown = []
    for r in rows[:HTML_ROWS]:
        r = dict(r)
        if r.get("diff"):
            r["diff_rel"] = os.path.relpath(r["diff"], rdir)
        shown.append(r)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.ChainableUndefined)
    html = env.from_string(_TEMPLATE).render(
        r=report,
        t=data["totals"],
        rows=shown,
        failed=report.failed,
        truncated=len(rows) > HTML_ROWS,
        version=__version__,
    )
    write_atomic(rdir / "report.html", html.encode("utf-8"))
