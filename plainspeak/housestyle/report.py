"""The house-style section of the audit report (`plainspeak audit --workspace NAME`): per-rule
acceptance with its 95% interval as a chart, the most rejected rules and the learned replacements,
added to audit.html, audit.json (key "house_style"), house_style.csv and images/house_style.png."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import jinja2

from ..audit.report import _csv, _figure, _png
from ..io import write_atomic

MARKER = "<h2>How these figures are made</h2>"
MAX_RULES = 25

_SECTION = """<h2 id="house-style">House style of workspace “{{ s.workspace }}”</h2>
<p>{{ s.decisions }} reviewer decisions in {{ s.feedback }} reviews{% if s.since %} since the last reset ({{ s.since }}){% endif %}.
A rule rejected in at least {{ "%.0f"|format(100 * t.demote_rejection) }}% of at least {{ t.min_decisions }} decisions is demoted
(proposed, not applied); one accepted in at least {{ "%.0f"|format(100 * t.promote_acceptance) }}% is promoted (applied under <code>light</code> too).
Demoted: {{ s.style.demoted_rules|join(", ") or "none" }}. Promoted: {{ s.style.promoted_rules|join(", ") or "none" }}.</p>
<img alt="Acceptance rate per rule with 95% intervals" src="data:image/png;base64,{{ img }}">
{% if s.most_rejected %}<h3>Most rejected rules</h3>
<table><tr><th>rule</th><th>category</th><th>shown</th><th>accepted</th><th>rejected</th><th>acceptance</th><th>95% interval</th><th>status</th></tr>
{% for r in s.most_rejected %}<tr><td>{{ r.rule }}</td><td>{{ r.category }}</td><td class="n">{{ r.shown }}</td><td class="n">{{ r.accepted }}</td><td class="n">{{ r.rejected }}</td><td class="n">{{ "%.0f"|format(100 * r.acceptance_rate) }}%</td><td class="n">{{ "%.2f"|format(r.ci_low) }}–{{ "%.2f"|format(r.ci_high) }}</td><td>{{ r.status }}</td></tr>{% endfor %}
</table>{% endif %}
{% if s.learned_replacements %}<h3>Replacements learned from hand edits</h3>
<table><tr><th>reviewers wrote</th><th>instead of</th><th>times</th></tr>
{% for e in s.learned_replacements %}<tr><td>{{ e.after }}</td><td>{{ e.before }}</td><td class="n">{{ e.count }}</td></tr>{% endfor %}
</table>{% endif %}
"""


def acceptance_chart(stats: dict[str, Any]) -> bytes:
    """Acceptance rate per rule (most decided first) with Wilson intervals; demoted red, promoted green."""
    rules = sorted(stats["rules"], key=lambda r: (-r["shown"], r["rule"]))[:MAX_RULES][::-1]
    fig, ax = _figure(7.5, max(2.5, 0.3 * len(rules) + 1.2))
    if rules:
        rates = [100 * (r["acceptance_rate"] or 0) for r in rules]
        err = [
            [rate - 100 * r["ci_low"] for rate, r in zip(rates, rules)],
            [100 * r["ci_high"] - rate for rate, r in zip(rates, rules)],
        ]
        colors = [
            "#c2452d" if r["status"] == "demoted" else "#2f9e7a" if r["status"] == "promoted" else "#3b6fb6"
            for r in rules
        ]
        ax.barh(
            [f"{r['rule']} ({r['shown']})" for r in rules],
            rates,
            xerr=err,
            color=colors,
            capsize=2,
            error_kw={"elinewidth": 0.8, "ecolor": "#333"},
        )
        t = stats["thresholds"]
        ax.axvline(100 * (1 - t["demote_rejection"]), color="#c2452d", linestyle="--", linewidth=1)
        ax.axvline(100 * t["promote_acceptance"], color="#2f9e7a", linestyle="--", linewidth=1)
        ax.set_xlim(0, 100)
    else:
        ax.text(0.5, 0.5, "no decisions recorded yet", ha="center", transform=ax.transAxes)
    ax.set_xlabel("% of decisions accepted (bar: 95% interval; label: decisions)")
    ax.set_title("Reviewers' acceptance, rule by rule (red: demoted, green: promoted)")
    return _png(fig)


def add_to_audit(report_dir: str | Path, stats: dict[str, Any]) -> None:
    """Add the house-style figures to an audit report folder written by `run_audit`."""
    out = Path(report_dir)
    png = acceptance_chart(stats)
    (out / "images").mkdir(parents=True, exist_ok=True)
    write_atomic(out / "images" / "house_style.png", png, overwrite=True)
    write_atomic(
        out / "house_style.csv",
        _csv(
            stats["rules"],
            ["rule", "category", "shown", "accepted", "rejected", "acceptance_rate", "ci_low", "ci_high", "status"],
        ),
        overwrite=True,
    )
    data_path = out / "audit.json"
    data = json.loads(data_path.read_text(encoding="utf-8"))
    data["house_style"] = stats
    write_atomic(data_path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), overwrite=True)
    section = (
        jinja2.Environment(autoescape=True)
        .from_string(_SECTION)
        .render(s=stats, t=stats["thresholds"], img=base64.b64encode(png).decode("ascii"))
    )
    html_path = out / "audit.html"
    html = html_path.read_text(encoding="utf-8")
    html = html.replace(MARKER, section + MARKER, 1) if MARKER in html else html.replace("</body>", section + "</body>")
    write_atomic(html_path, html.encode("utf-8"), overwrite=True)
