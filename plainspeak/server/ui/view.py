"""HTML for the review UI: both texts with every change highlighted, the change list, the scores
and a small chart. Pure functions of a Result and the accepted ids, so they are unit-tested."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ...changes import Change
from ...errors import PlainspeakError
from ...pipeline import TARGET_MIN_WORDS
from ...readability import sentence_grade
from ...render import apply_changes
from ...result import Result
from ...settings import Settings
from ...target import why_above

# (score key, label, better when) for the readability panel
METRICS: list[tuple[str, str, str]] = [
    ("flesch_kincaid_grade", "Grade (Flesch-Kincaid)", "lower"),
    ("flesch_reading_ease", "Reading ease", "higher"),
    ("words_per_sentence", "Words per sentence", "lower"),
    ("jargon_count", "Jargon", "lower"),
    ("passive_count", "Passive voice", "lower"),
]


def tip(c: Change) -> str:
    source = "from a rule" if c.origin == "rule" else f"from the {c.origin}"
    lines = [f"{c.id} · {c.rule} · {c.category} · {source}", c.reason or c.message]
    lines += [f"⚠ {w}" for w in c.warnings]
    return "\n".join(lines)


def _mark(c: Change, text: str, on: bool, side: str) -> str:
    classes = ["ps-chg", "ps-on" if on else "ps-off", f"ps-{side}"]
    if c.warnings:
        classes.append("ps-warn")
    shown = html.escape(text) if text else '<span class="ps-gap" aria-label="removed">⌫</span>'
    t = html.escape(tip(c), quote=True)
    flag = '<sup class="ps-warn-sign">⚠</sup>' if c.warnings else ""
    return (
        f'<mark class="{" ".join(classes)}" data-ps-id="{html.escape(c.id)}" tabindex="0" title="{t}" '
        f'data-tip="{t}">{shown}{flag}</mark>'
    )


def _stitch(text: str, pieces: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, markup in sorted(pieces, key=lambda p: (p[0], p[1])):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(markup)
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def source_html(result: Result, accepted: Iterable[str]) -> str:
    chosen = set(accepted)
    pieces = [(c.start, c.end, _mark(c, c.before, c.id in chosen, "before")) for c in result.changes]
    return f'<div class="ps-doc ps-source" id="ps-original">{_stitch(result.source, pieces)}</div>'


def output_html(result: Result, accepted: Iterable[str]) -> tuple[str, str]:
    """(the final text, its HTML). Rejected changes keep their original words, marked as not applied."""
    chosen = set(accepted)
    final = result.render(chosen)
    # apply every change, rejected ones as no-ops, to get a span for each in the final text
    shown = [c if c.id in chosen else replace(c, after=c.before, sentence_start=False) for c in result.changes]
    try:
        text, spans = apply_changes(result.source, shown)
    except PlainspeakError:  # alternatives that overlap: mark only the applied ones
        text, spans = apply_changes(result.source, [c for c in result.changes if c.id in chosen])
    if text != final:
        text, spans = apply_changes(result.source, [c for c in result.changes if c.id in chosen])
    pieces = []
    for c in result.changes:
        if c.id in spans:
            s, e = spans[c.id]
            pieces.append((s, e, _mark(c, text[s:e], c.id in chosen, "after")))
    return final, f'<div class="ps-doc ps-output" id="ps-rewrite">{_stitch(text, pieces)}</div>'


def change_label(c: Change) -> str:
    before = " ".join(c.before.split()) or "∅"
    after = " ".join(c.after.split()) or "(remove)"
    warn = f"  ⚠ {c.warnings[0]}" if c.warnings else ""
    return f"{c.id}: {before} → {after}   [{c.rule} · {c.category} · {c.origin}]{warn}"


def changes_table(result: Result, accepted: Iterable[str]) -> str:
    chosen = set(accepted)
    if not result.changes and not result.flags:
        return '<p class="ps-empty">No changes: this copy already reads plainly.</p>'
    rows = []
    for c in result.changes:
        state = "applied" if c.id in chosen else "not applied"
        warns = "".join(f'<div class="ps-warn-text">⚠ {html.escape(w)}</div>' for w in c.warnings)
        rows.append(
            f'<tr data-ps-id="{html.escape(c.id)}" class="{"ps-row-on" if c.id in chosen else "ps-row-off"}">'
            f"<td>{html.escape(c.id)}</td><td><s>{html.escape(c.before)}</s> → "
            f"<b>{html.escape(c.after) or '(removed)'}</b></td>"
            f"<td><code>{html.escape(c.rule)}</code><br>{html.escape(c.category)}</td>"
            f"<td>{html.escape(c.origin)}</td><td>{html.escape(c.reason or c.message)}{warns}</td>"
            f"<td>{state}</td></tr>"
        )
    table = ""
    if rows:
        table = (
            '<table class="ps-table"><thead><tr><th>id</th><th>change</th><th>rule</th><th>from</th>'
            f"<th>why</th><th>status</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    flags = ""
    if result.flags:
        items = "".join(
            f"<li><code>{html.escape(f.rule)}</code> {html.escape(f.message)}: "
            f"“{html.escape(f.text)}”. {html.escape(f.reason)}</li>"
            for f in result.flags
        )
        flags = f'<div class="ps-flags"><b>Worth a second look (no automatic fix):</b><ul>{items}</ul></div>'
    return table + flags


def _fmt(v: Any) -> str:
    return f"{v:g}" if isinstance(v, (int, float)) else html.escape(str(v))


def scores_html(before: dict[str, Any], after: dict[str, Any]) -> str:
    rows, bars = [], []
    y = 0
    for key, label, better in METRICS:
        b, a = before.get(key, 0) or 0, after.get(key, 0) or 0
        delta = a - b
        good = (delta < 0) if better == "lower" else (delta > 0)
        mark = "" if delta == 0 else ("ps-good" if good else "ps-bad")
        rows.append(
            f"<tr><td>{label}</td><td>{_fmt(b)}</td><td>{_fmt(a)}</td>"
            f'<td class="{mark}">{"+" if delta > 0 else ""}{_fmt(round(delta, 2))}</td></tr>'
        )
        top = max(abs(b), abs(a), 1e-9)
        wb, wa = 150 * abs(b) / top, 150 * abs(a) / top
        bars.append(
            f'<text x="0" y="{y + 13}" class="ps-chart-label">{label}</text>'
            f'<rect x="150" y="{y + 2}" width="{wb:.1f}" height="9" class="ps-bar-before"/>'
            f'<text x="{154 + wb:.1f}" y="{y + 10}" class="ps-chart-num">{_fmt(b)}</text>'
            f'<rect x="150" y="{y + 12}" width="{wa:.1f}" height="9" class="ps-bar-after"/>'
            f'<text x="{154 + wa:.1f}" y="{y + 20}" class="ps-chart-num">{_fmt(a)}</text>'
        )
        y += 28
    legend = (
        f'<rect x="150" y="{y + 2}" width="10" height="9" class="ps-bar-before"/>'
        f'<text x="164" y="{y + 10}" class="ps-chart-num">before</text>'
        f'<rect x="220" y="{y + 2}" width="10" height="9" class="ps-bar-after"/>'
        f'<text x="234" y="{y + 10}" class="ps-chart-num">after</text>'
    )
    svg = (
        f'<svg class="ps-chart" viewBox="0 0 340 {y + 16}" role="img" aria-label="readability before and after">'
        f"{''.join(bars)}{legend}</svg>"
    )
    table = (
        '<table class="ps-table ps-scores"><thead><tr><th></th><th>before</th><th>after</th><th>change</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return f'<div class="ps-readability" id="ps-scores">{table}{svg}</div>'


def targets_html(result: Result, accepted: Iterable[str]) -> str:
    """Per sentence: its grade before and with the accepted changes, whether that meets the target
    grade, and (when it does not) why, as `target.why_above` says it."""
    if not result.sentences:
        return ""
    settings = Settings.from_dict(result.settings)
    chosen = set(accepted)
    rows, met_count, counted = [], 0, 0
    for s in result.sentences:
        start, end = s["source_span"]
        text = result.source[start:end]
        changes = [c for c in result.changes if c.sentence == s["index"] and c.id in chosen]
        after = apply_changes(text, changes, base=start)[0] if changes else text
        grade = sentence_grade(after)
        if s["words"] < TARGET_MIN_WORDS:
            continue  # a greeting or heading is not held to the target
        counted += 1
        met = grade <= settings.target_grade
        met_count += met
        note = "" if met else why_above(after, grade, settings).split(": ", 1)[-1]
        opening = " ".join(text.split()[:8]) + (" …" if len(text.split()) > 8 else "")
        rows.append(
            f'<tr class="{"ps-met" if met else "ps-unmet"}"><td>{s["index"] + 1}</td><td>{html.escape(opening)}</td>'
            f"<td>{_fmt(s['grade'])}</td><td>{_fmt(grade)}</td><td>{'✓ met' if met else '✗ above'}</td>"
            f"<td>{html.escape(note)}</td></tr>"
        )
    if not rows:
        return ""
    return (
        f'<div class="ps-targets"><p><b>{met_count} of {counted} sentence(s) at or under the target grade '
        f"{settings.target_grade:g}</b> with the changes applied now.</p>"
        '<table class="ps-table"><thead><tr><th>#</th><th>sentence</th><th>grade before</th><th>grade now</th>'
        f"<th>target</th><th>why it is still above</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


CSS = """
.ps-doc { white-space: pre-wrap; line-height: 1.75; padding: 12px 14px; min-height: 140px;
  border: 1px solid var(--border-color-primary); border-radius: 8px; background: var(--background-fill-primary);
  color: var(--body-text-color); font-size: 15px; overflow-wrap: anywhere; }
.ps-chg { position: relative; border-radius: 3px; padding: 1px 2px; cursor: help; color: inherit; }
.ps-before.ps-on { background: rgba(239, 68, 68, .18); border-bottom: 2px solid #dc2626; }
.ps-after.ps-on { background: rgba(16, 185, 129, .22); border-bottom: 2px solid #059669; }
.ps-chg.ps-off { background: transparent; outline: 1px dashed #9ca3af; }
.ps-chg.ps-warn { border-bottom-color: #d97706; }
.ps-warn-sign { color: #b45309; font-size: 11px; }
.ps-gap { color: #059669; font-size: 12px; }
.ps-chg.ps-hot { box-shadow: 0 0 0 2px #2563eb; }
tr.ps-hot td { background: rgba(37, 99, 235, .09) !important; }
.ps-chg[data-tip]:hover::after, .ps-chg[data-tip]:focus::after { content: attr(data-tip); position: absolute;
  left: 0; top: 1.8em; z-index: 60; width: max-content; max-width: 24rem; white-space: pre-line;
  background: #111827; color: #f9fafb; font-size: 12.5px; line-height: 1.45; padding: 6px 9px;
  border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.25); font-weight: 400; }
.ps-table { width: 100%; border-collapse: collapse; font-size: 13.5px; border: none !important; }
.ps-table th, .ps-table td { border: none !important; border-bottom: 1px solid var(--border-color-primary) !important;
  padding: 5px 8px; text-align: left; vertical-align: top; background: transparent; }
.ps-table th { font-weight: 600; color: var(--body-text-color-subdued); }
.ps-row-off td { opacity: .55; }
.ps-warn-text { color: #b45309; font-size: 12.5px; margin-top: 2px; }
.ps-flags { margin-top: 10px; font-size: 13.5px; }
.ps-good { color: #047857; font-weight: 600; }
.ps-bad { color: #b91c1c; font-weight: 600; }
.ps-readability { display: grid; grid-template-columns: minmax(240px, 1fr) minmax(240px, 1fr); gap: 16px;
  align-items: start; }
.ps-chart { width: 100%; max-width: 420px; }
.ps-chart-label, .ps-chart-num { font-size: 10px; fill: var(--body-text-color); }
.ps-bar-before { fill: #9ca3af; }
.ps-bar-after { fill: #10b981; }
.ps-empty { color: var(--body-text-color-subdued); }
.ps-targets { margin-top: 12px; }
tr.ps-unmet td:nth-child(5) { color: #b91c1c; font-weight: 600; }
tr.ps-met td:nth-child(5) { color: #047857; }
#ps-accept label { font-size: 13.5px; }
"""

HEAD = """<script>
document.addEventListener('mouseover', function (e) {
  var m = e.target && e.target.closest ? e.target.closest('[data-ps-id]') : null;
  document.querySelectorAll('.ps-hot').forEach(function (x) { x.classList.remove('ps-hot'); });
  if (m) document.querySelectorAll('[data-ps-id="' + m.getAttribute('data-ps-id') + '"]')
    .forEach(function (x) { x.classList.add('ps-hot'); });
});
</script>"""
