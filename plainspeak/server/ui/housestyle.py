"""The review UI's side of the house style: the workspace selector, recording decisions when the
reviewer copies or downloads the final text (the page says so), and the "House style" tab (per-rule
figures, export, import, reset). `HouseStyleUI` holds plain handlers, unit-tested without a browser."""

from __future__ import annotations

import html
import logging
from typing import Any

import gradio as gr

from ...errors import PlainspeakError
from ...housestyle.export import export_text, load_style
from ...housestyle.feedback import from_result
from ...housestyle.service import HouseStyleService
from ...housestyle.store import DEFAULT_WORKSPACE, check_workspace, document_hash
from ...result import Result
from ..config import ServerConfig

log = logging.getLogger("plainspeak.server")
NOTE = (
    "Copying or downloading the final text records which changes you kept and which you rejected, for the "
    "house style of workspace **{ws}** (see the House style tab). Rules your team keeps rejecting stop being "
    "applied."
)


def _error(exc: PlainspeakError) -> gr.Error:
    return gr.Error(f"{exc.code} {exc.title}: {exc.message}", title="plainspeak could not do that")


class HouseStyleUI:
    def __init__(self, service: HouseStyleService, config: ServerConfig, files: Any) -> None:
        self.service = service
        self.config = config
        self.files = files  # the review UI's TempFiles, for the export download

    # -- workspaces ----------------------------------------------------------------------------
    @property
    def auth_on(self) -> bool:
        return bool(self.config.api_keys) or self._db_keys()

    def _db_keys(self) -> bool:
        try:
            return self.service.store.has_keys()
        except PlainspeakError:
            return False

    def workspaces(self) -> list[str]:
        """Every workspace a key names, and every one with decisions; "default" without keys."""
        names = set(self.config.workspace_of_keys()) if self.config.api_keys else set()
        try:
            names |= set(self.service.store.workspaces())
        except PlainspeakError as exc:
            log.warning("house style: %s", exc)
        if not self.auth_on:
            names.add(DEFAULT_WORKSPACE)
        return sorted(names) or [DEFAULT_WORKSPACE]

    def selector(self) -> gr.Dropdown:
        names = self.workspaces()
        return gr.Dropdown(
            names,
            value=names[0],
            label="Workspace",
            visible=self.auth_on,
            elem_id="ps-workspace",
            info="Whose house style to use and teach (each team has its own)",
        )

    def styled(self, settings: Any, workspace: str | None) -> Any:
        try:
            return self.service.apply(settings, check_workspace(workspace or DEFAULT_WORKSPACE))
        except PlainspeakError as exc:
            raise _error(exc) from exc

    # -- recording -----------------------------------------------------------------------------
    def note(self, workspace: str | None) -> str:
        return NOTE.format(ws=html.escape(workspace or DEFAULT_WORKSPACE))

    def record(
        self,
        result: Result | None,
        ids: list[str] | None,
        workspace: str | None,
        last: str | None,
        published: str | None = None,
    ) -> tuple[Any, str | None]:
        """Record the review once per choice of changes (copying twice counts once). (status, signature)."""
        if result is None:
            return gr.update(), last
        ws = workspace or DEFAULT_WORKSPACE
        chosen = [c.id for c in result.changes if c.id in set(ids or [])]
        final = published if published and published.strip() else None
        signature = f"{ws}|{document_hash(result.source)}|{','.join(chosen)}|{final and document_hash(final)}"
        if signature == last or not result.changes:
            return gr.update(), last
        try:
            done = self.service.record(from_result(result, chosen, ws, final_text=final, source="ui"))
        except PlainspeakError as exc:
            raise _error(exc) from exc
        edits = f", {done['edits']} hand edit(s)" if done["edits"] else ""
        return (
            f"Recorded for **{html.escape(ws)}**: {done['accepted']} change(s) kept, {done['rejected']} "
            f"rejected{edits}."
        ), signature

    # -- the House style tab -------------------------------------------------------------------
    def stats_html(self, workspace: str | None) -> str:
        try:
            s = self.service.stats(check_workspace(workspace or DEFAULT_WORKSPACE))
        except PlainspeakError as exc:
            raise _error(exc) from exc
        t = s["thresholds"]
        e = html.escape
        head = (
            f"<p><b>{e(s['workspace'])}</b>: {s['decisions']} decision(s) in {s['feedback']} review(s), "
            f"{s['edits']} hand edit(s). Demoted (proposed, not applied): "
            f"<b>{e(', '.join(s['style']['demoted_rules']) or 'none')}</b>; promoted (applied under light too): "
            f"<b>{e(', '.join(s['style']['promoted_rules']) or 'none')}</b>. A rule is demoted when at least "
            f"{t['demote_rejection']:.0%} of at least {t['min_decisions']} decisions reject it.</p>"
        )
        rows = "".join(
            f"<tr><td>{e(r['rule'])}</td><td>{e(r['category'])}</td><td>{r['shown']}</td><td>{r['accepted']}</td>"
            f"<td>{r['rejected']}</td><td>{'' if r['acceptance_rate'] is None else format(r['acceptance_rate'], '.0%')}"
            f"</td><td>{r['ci_low']:.2f}–{r['ci_high']:.2f}</td><td>{e(r['status'])}</td></tr>"
            for r in sorted(s["rules"], key=lambda r: (-r["rejected"], r["rule"]))
        )
        table = (
            "<table class='ps-table'><tr><th>rule</th><th>category</th><th>shown</th><th>accepted</th>"
            "<th>rejected</th><th>rate</th><th>95% interval</th><th>status</th></tr>" + rows + "</table>"
            if rows
            else "<p>No decisions yet: review some rewrites, then copy or download the final text.</p>"
        )
        edits = "".join(
            f"<li>{e(x['before'])} → {e(x['after'])} ({x['count']} times)</li>" for x in s["learned_replacements"]
        )
        more = f"<p>Suggested glossary replacements (reviewers' hand edits):</p><ul>{edits}</ul>" if edits else ""
        return f'<div id="ps-house-style">{head}{table}{more}</div>'

    def export(self, workspace: str | None, adopt: bool) -> Any:
        style = self.service.style(check_workspace(workspace or DEFAULT_WORKSPACE))
        path = self.files.write(f"house-style-{style.workspace}.yaml", export_text(style, adopt_suggestions=adopt))
        return gr.update(value=path, visible=True)

    def import_(self, path: str | None, workspace: str | None) -> Any:
        if not path:
            return gr.update()
        ws = check_workspace(workspace or DEFAULT_WORKSPACE)
        try:
            self.service.store.set_imported(ws, load_style(path))
        except PlainspeakError as exc:
            raise _error(exc) from exc
        self.service.forget(ws)
        return self.stats_html(ws)

    def reset(self, workspace: str | None, sure: bool) -> str:
        ws = check_workspace(workspace or DEFAULT_WORKSPACE)
        if not sure:
            raise gr.Error("Tick the box first: a reset forgets what was learned.", title="Not reset")
        self.service.store.reset(ws)
        self.service.forget(ws)
        return self.stats_html(ws)


def build_tab(h: HouseStyleUI, workspace: Any) -> None:
    """The "House style" tab's layout and events (inside `gr.Tabs`)."""
    with gr.Tab("House style", id="house-style"):
        gr.Markdown(
            "What this workspace's reviewers taught plainspeak. Every figure comes from accept/reject "
            "decisions (recorded when the final text is copied or downloaded, or sent to `POST /v1/feedback` "
            "or `plainspeak feedback`). An exported style is a settings file: `plainspeak rewrite --settings "
            "FILE` does the same without the database."
        )
        refresh = gr.Button("Refresh", size="sm", elem_id="ps-house-refresh")
        figures = gr.HTML(elem_id="ps-house-figures")
        with gr.Row():
            adopt = gr.Checkbox(label="Adopt the suggested replacements in the export", value=False)
            export = gr.Button("Export style file", size="sm", elem_id="ps-house-export")
            upload = gr.UploadButton("Import style file", file_types=[".yaml", ".yml", ".json"], size="sm")
        exported = gr.File(label="house-style.yaml", visible=False, interactive=False)
        with gr.Row():
            sure = gr.Checkbox(label="Yes, forget what was learned (decisions stay on record)", value=False)
            reset = gr.Button("Reset the learned style", size="sm", variant="stop")
    refresh.click(h.stats_html, workspace, figures, api_visibility="private")
    workspace.change(h.stats_html, workspace, figures, api_visibility="private")
    export.click(h.export, [workspace, adopt], exported, api_visibility="private")
    upload.upload(h.import_, [upload, workspace], figures, api_visibility="private")
    reset.click(h.reset, [workspace, sure], figures, api_visibility="private")


def wire_review(h: HouseStyleUI, workspace: Any, state: Any, accept: Any, final: Any, download: Any) -> None:
    """Under the final text: the note that copying or downloading records the decisions, a box for the
    version actually published (hand edits), and the events that record."""
    note = gr.Markdown(h.note(workspace.value), elem_id="ps-record-note")
    with gr.Accordion("Edited the text by hand? Paste the version you published", open=False):
        published = gr.Textbox(
            label="Published version (optional): your hand edits teach the glossary", lines=4, elem_id="ps-published"
        )
        send = gr.Button("Record my decisions", size="sm", elem_id="ps-record")
    status = gr.Markdown(elem_id="ps-record-status")
    last = gr.State(None)
    inputs = [state, accept, workspace, last, published]
    final.copy(h.record, inputs, [status, last], api_visibility="private")
    download.click(h.record, inputs, [status, last], api_visibility="private")
    send.click(h.record, inputs, [status, last], api_visibility="private")
    workspace.change(h.note, workspace, note, api_visibility="private")
