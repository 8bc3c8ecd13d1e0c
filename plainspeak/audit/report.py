"""The audit's outputs: audit.html (charts embedded), audit.json, CSV files and PNG charts."""

from __future__ import annotations

import base64
import csv
import io
import json
from pathlib import Path
from typing import Any

import jinja2

from ..batch.worker import write_atomic

COLORS = {
    "jargon": "#3b6fb6",
    "say-no": "#c2452d",
    "hollow": "#8a5fbf",
    "wordy": "#2f9e7a",
    "legalese": "#8c6d1f",
    "customer-focus": "#d48a00",
    "nominalization": "#5a7d8c",
    "cliche": "#b0507a",
    "glossary": "#444",
    "style": "#888",
}
CHARTS = ("grades", "phrases", "categories", "rates", "worst", "gain")


def _figure(w: float = 7.5, h: float = 4.0):
    from matplotlib.figure import Figure  # the OO API: no pyplot state, no display needed

    fig = Figure(figsize=(w, h), dpi=110, layout="constrained")
    return fig, fig.add_subplot(1, 1, 1)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _short(path: str, n: int = 48) -> str:
    return path if len(path) <= n else "…" + path[-(n - 1) :]


def make_charts(
    summary: dict[str, Any], files: list[dict[str, Any]], phrases: list[dict[str, Any]], worst: list[dict[str, Any]]
) -> dict[str, bytes]:
    """PNG bytes of each chart, by name."""
    charts: dict[str, bytes] = {}
    ok = [r for r in files if r["status"] == "ok" and r.get("words") and r.get("grade") is not None]
    target = summary["target_grade"]

    fig, ax = _figure()
    grades = [r["grade"] for r in ok]
    hi = max([target + 2] + grades + [r["grade_after"] for r in ok if r.get("grade_after") is not None])
    bins = [x * 0.5 for x in range(0, int(hi * 2) + 3)] if hi < 40 else 40
    ax.hist(grades, bins=bins, color="#3b6fb6", alpha=0.75, label="now")
    if summary.get("gain_estimated"):
        ax.hist(
            [r["grade_after"] for r in ok if r.get("grade_after") is not None],
            bins=bins,
            histtype="step",
            linewidth=2,
            color="#2f9e7a",
            label="after the suggested rewrites",
        )
    ax.axvline(target, color="#c2452d", linestyle="--", label=f"target grade {target:g}")
    ax.set_xlabel("Flesch-Kincaid grade of the file")
    ax.set_ylabel("files")
    ax.set_title("Reading grade, file by file")
    ax.legend()
    charts["grades"] = _png(fig)

    top = phrases[:15][::-1]
    fig, ax = _figure(7.5, max(2.5, 0.32 * len(top) + 1))
    if top:
        ax.barh(
            [f"{p['phrase'][:40]} ({p['category']})" for p in top],
            [p["count"] for p in top],
            color=[COLORS.get(p["category"], "#666") for p in top],
        )
        for i, p in enumerate(top):
            ax.text(p["count"], i, f" {p['count']}", va="center", fontsize=8)
    else:
        ax.text(0.5, 0.5, "no jargon, Say-NO or hollow phrases found", ha="center", transform=ax.transAxes)
    ax.set_xlabel("occurrences")
    ax.set_title("Most frequent phrases to fix")
    charts["phrases"] = _png(fig)

    cats = summary["findings_by_category"]
    fig, ax = _figure(7.5, 3.6)
    if cats:
        names = list(cats)
        ax.bar(names, [cats[c] for c in names], color=[COLORS.get(c, "#666") for c in names])
        ax.tick_params(axis="x", labelrotation=30)
    ax.set_ylabel("findings")
    ax.set_title("Findings by category (style: passive voice, long sentences, shouting)")
    charts["categories"] = _png(fig)

    fig, ax = _figure(7.5, 3.0)
    labels = ["passive voice", "long sentences", "jargon and friends"]
    values = [100 * summary["passive_rate"], 100 * summary["long_sentence_rate"], 100 * summary["jargon_sentence_rate"]]
    ax.barh(labels[::-1], values[::-1], color=["#3b6fb6", "#d48a00", "#c2452d"])
    for i, v in enumerate(values[::-1]):
        ax.text(v, i, f" {v:.1f}%", va="center")
    ax.set_xlim(0, max(values + [10]) * 1.2)
    ax.set_xlabel(f"% of {summary['sentences']:,} sentences")
    ax.set_title("Share of sentences with each problem")
    charts["rates"] = _png(fig)

    w = worst[:12][::-1]
    fig, ax = _figure(7.5, max(2.5, 0.32 * len(w) + 1))
    if w:
        ax.barh([_short(r["path"]) for r in w], [r["grade"] for r in w], color="#c2452d")
        ax.axvline(target, color="#333", linestyle="--")
        ax.tick_params(axis="y", labelsize=7)
    ax.set_xlabel("Flesch-Kincaid grade")
    ax.set_title("Hardest files to read")
    charts["worst"] = _png(fig)

    fig, ax = _figure(6.0, 5.0)
    pairs = [(r["grade"], r["grade_after"]) for r in ok if r.get("grade_after") is not None]
    if pairs and summary.get("gain_estimated"):
        ax.scatter([a for a, _ in pairs], [b for _, b in pairs], s=14, alpha=0.6, color="#3b6fb6")
        lo = min(min(a, b) for a, b in pairs)
        hi2 = max(max(a, b) for a, b in pairs)
        ax.plot([lo, hi2], [lo, hi2], color="#888", linestyle=":", label="no change")
        ax.legend()
    else:
        ax.text(0.5, 0.5, "gain not estimated (--no-gain)", ha="center", transform=ax.transAxes)
    ax.set_xlabel("grade now")
    ax.set_ylabel("grade after the suggested rewrites")
    ax.set_title("Estimated gain, file by file (below the line: easier)")
    charts["gain"] = _png(fig)
    return charts


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>plainspeak language audit</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:70rem;color:#1d2327;padding:0 1rem}
h1{font-size:1.7rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:2px solid #eef}h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0}th,td{border-bottom:1px solid #dde;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f4f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{background:#f3f4f8;border-radius:.5rem;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.45rem}img{max-width:100%;height:auto;border:1px solid #eee;border-radius:.3rem}
.muted{color:#667}code{font-size:.85em}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(30rem,1fr));gap:1rem}
</style></head><body>
<h1>Language audit</h1>
<p class="muted">{{ s.files }} files read from {{ inputs|join(", ") }} ({{ s.files_with_copy }} with copy{% if s.files_failed %}, <b>{{ s.files_failed }} could not be read</b>{% endif %}).
Made by plainspeak {{ version }} on {{ started }}. The same figures are in audit.json and the CSV files beside this page.</p>
<div class="cards">
<div class="card"><b>{{ "{:,}".format(s.words) }}</b>words</div>
<div class="card"><b>{{ s.grade_mean }}</b>mean reading grade (target {{ s.target_grade }})</div>
<div class="card"><b>{{ s.files_above_target }}</b>files above the target grade</div>
<div class="card"><b>{{ s.jargon_per_1000_words }}</b>jargon findings per 1,000 words</div>
<div class="card"><b>{{ "%.1f"|format(100 * s.passive_rate) }}%</b>sentences in the passive voice</div>
<div class="card"><b>{{ "%.1f"|format(100 * s.long_sentence_rate) }}%</b>long sentences</div>
{% if s.gain_estimated %}<div class="card"><b>{{ s.grade_mean }} &rarr; {{ s.grade_mean_after }}</b>grade after the suggested rewrites ({{ s.changes_applicable }} changes in {{ s.files_improved }} files)</div>{% endif %}
</div>

<h2>Reading grade</h2>
<p>How hard each file is to read, as a US school grade (Flesch-Kincaid). Most readers are comfortable at grade {{ s.target_grade }} or below. Median file: grade {{ s.grade_median }}.</p>
<img alt="Histogram of reading grades" src="data:image/png;base64,{{ img.grades }}">

<h2>Where the jargon lives</h2>
<img alt="Most frequent phrases" src="data:image/png;base64,{{ img.phrases }}">
{% for cat, rows in by_cat %}{% if rows %}
<h3>{{ titles.get(cat, cat) }}</h3>
<table><tr><th>phrase</th><th>occurrences</th><th>files</th><th>suggestion</th><th>examples</th></tr>
{% for p in rows %}<tr><td>{{ p.phrase }}</td><td class="n">{{ p.count }}</td><td class="n">{{ p.files }}</td><td>{{ p.suggestion if p.suggestion is not none else "" }}</td><td>{% for e in p.examples %}<code>{{ e }}</code>{% if not loop.last %}<br>{% endif %}{% endfor %}</td></tr>{% endfor %}
</table>{% endif %}{% endfor %}
<img alt="Findings by category" src="data:image/png;base64,{{ img.categories }}">

<h2>Passive voice and long sentences</h2>
<p>{{ s.passive_sentences }} of {{ s.sentences }} sentences use the passive voice; {{ s.long_sentences }} are longer than {{ long_words }} words; {{ s.jargon_sentences }} contain jargon, Say-NO language, hollow or wordy phrases.</p>
<img alt="Share of sentences with each problem" src="data:image/png;base64,{{ img.rates }}">

<h2>Files to fix first</h2>
<img alt="Hardest files" src="data:image/png;base64,{{ img.worst }}">
<table><tr><th>file</th><th>grade</th><th>words</th><th>jargon</th><th>passive</th><th>long</th>{% if s.gain_estimated %}<th>grade after</th>{% endif %}</tr>
{% for r in worst %}<tr><td><code>{{ r.path }}</code></td><td class="n">{{ r.grade }}</td><td class="n">{{ r.words }}</td><td class="n">{{ r.jargon_count }}</td><td class="n">{{ r.passive_sentences }}</td><td class="n">{{ r.long_sentences }}</td>{% if s.gain_estimated %}<td class="n">{{ r.grade_after }}</td>{% endif %}</tr>{% endfor %}
</table>

<h2>Estimated gain</h2>
{% if s.gain_estimated %}
<p>If the suggested rewrites were applied (<code>plainspeak batch</code> with the same settings), the mean grade would go from {{ s.grade_mean }} to {{ s.grade_mean_after }}
({{ s.grade_gain }} grades easier), with {{ s.changes_applicable }} changes in {{ s.files_improved }} files, {{ "{:,}".format(s.words) }} words becoming {{ "{:,}".format(s.words_after) }}.
Files above the target: {{ s.files_above_target }} &rarr; {{ s.files_above_target_after }}.</p>
<img alt="Grade before and after, per file" src="data:image/png;base64,{{ img.gain }}">
{% else %}<p class="muted">Not estimated (--no-gain).</p>{% endif %}

{% if failed %}<h2>Files that could not be read</h2>
<table><tr><th>file</th><th>error</th></tr>{% for r in failed %}<tr><td><code>{{ r.path }}</code></td><td>{{ r.error.code }} {{ r.error.message }}</td></tr>{% endfor %}</table>{% endif %}
<h2>How these figures are made</h2>
<p class="muted">Each file is read like <code>plainspeak batch</code> reads it (HTML text nodes, text, Markdown, template comments left out; email subjects and text parts) and analysed with <code>plainspeak analyze</code>. File grade: Flesch-Kincaid grade of its copy; mean grade: weighted by words. Rates: share of sentences (with at least one word) that have the finding. Phrases: findings of the rule categories, lower-cased, counted per occurrence. Gain: the grade of the copy after <code>plainspeak.rewrite</code> with the verifier on, as batch would write it.</p>
</body></html>
"""

TITLES = {
    "jargon": "Business jargon",
    "say-no": "Say-NO language",
    "hollow": "Hollow phrases",
    "wordy": "Wordy phrases",
    "legalese": "Legalese",
    "customer-focus": "Customer focus",
    "nominalization": "Hidden verbs",
    "cliche": "Cliches and weasel words",
    "glossary": "Your glossary",
}


def _csv(rows: list[dict[str, Any]], fields: list[str]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("; ".join(v) if isinstance(v, list) else v) for k, v in r.items()})
    return buf.getvalue().encode("utf-8")


def write_report(
    out: Path,
    data: dict[str, Any],
    files: list[dict[str, Any]],
    phrases: list[dict[str, Any]],
    worst: list[dict[str, Any]],
    top: int,
    failed: list[dict[str, Any]],
) -> dict[str, str]:
    """Write every output; returns name -> path."""
    from .. import __version__

    out.mkdir(parents=True, exist_ok=True)
    (out / "images").mkdir(exist_ok=True)
    s = data["summary"]
    charts = make_charts(s, files, phrases, worst)
    paths: dict[str, str] = {}
    for name, png in charts.items():
        p = out / "images" / f"{name}.png"
        write_atomic(p, png)
        paths[f"images/{name}.png"] = str(p)
    write_atomic(out / "audit.json", (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    from .aggregate import FILE_FIELDS

    write_atomic(out / "files.csv", _csv(files, list(FILE_FIELDS)))
    write_atomic(
        out / "phrases.csv", _csv(phrases, ["category", "phrase", "count", "files", "rule", "suggestion", "examples"])
    )
    summary_rows = [{"metric": k, "value": v} for k, v in s.items() if not isinstance(v, dict)]
    summary_rows += [{"metric": f"findings:{k}", "value": v} for k, v in s["findings_by_category"].items()]
    write_atomic(out / "summary.csv", _csv(summary_rows, ["metric", "value"]))
    by_cat = [(c, [p for p in phrases if p["category"] == c][:top]) for c in TITLES]
    img = {k: base64.b64encode(v).decode("ascii") for k, v in charts.items()}
    env = jinja2.Environment(autoescape=True)
    html = env.from_string(_TEMPLATE).render(
        s=s,
        img=img,
        by_cat=by_cat,
        titles=TITLES,
        worst=worst,
        failed=failed,
        inputs=data["inputs"],
        started=data["started"],
        version=__version__,
        long_words=data["settings"]["long_sentence_words"],
    )
    write_atomic(out / "audit.html", html.encode("utf-8"))
    for name in ("audit.html", "audit.json", "files.csv", "phrases.csv", "summary.csv"):
        paths[name] = str(out / name)
    return paths
