"""Layout and event handlers of the review UI. `Review` holds the handlers as plain methods
(unit-tested without a browser); `build_ui` lays the page out and wires them."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import gradio as gr

from ... import __version__
from ...batch import EXTENSIONS
from ...errors import PlainspeakError
from ...result import Result
from ...rules.schema import CATEGORIES
from ...settings import STRENGTHS, Settings, model_enabled
from ..config import ServerConfig
from ..engine import Engine
from . import batch, glossary, view
from .examples import EXAMPLES

log = logging.getLogger("plainspeak.server")
RULE_CATEGORIES = [c for c in CATEGORIES if c not in ("style", "glossary")]  # those two are always on
DEFAULTS = Settings()  # the controls start at the settings' defaults and limits (Settings field metadata)
GRADE_RANGE = (Settings.options()["target_grade"].minimum or 1, Settings.options()["target_grade"].maximum or 18)
FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
TEXT_TYPES = list(FORMATS)
BATCH_TYPES = [*EXTENSIONS, ".zip"]
EXT = {"html": ".html", "markdown": ".md", "text": ".txt"}


class TempFiles:
    """Files the UI offers for download, removed after an hour."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="plainspeak-ui-"))

    def write(self, name: str, data: str | bytes) -> str:
        self._sweep()
        folder = self.root / uuid.uuid4().hex
        folder.mkdir()
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return str(path)

    def _sweep(self, max_age_s: float = 3600) -> None:
        cutoff = time.time() - max_age_s
        for d in self.root.iterdir():
            try:
                if d.stat().st_mtime < cutoff:
                    shutil.rmtree(d, ignore_errors=True)
            except OSError:
                pass


def make_settings(
    grade: float,
    strength: str,
    categories: list[str] | None,
    protected: str | None,
    banned: str | None,
    replacements: str | None,
    model: str = "none",
) -> Settings:
    cats = list(categories or [])
    return Settings.from_dict(
        {
            "target_grade": float(grade),
            "strength": strength,
            "categories": None if set(cats) >= set(RULE_CATEGORIES) else cats,
            "glossary": glossary.from_boxes(protected, banned, replacements).to_dict(),
            "model": model,
        }
    )


def model_label(model: str) -> str:
    """How the UI names the server's seq2seq model."""
    if model == "default":
        return "the model shipped with plainspeak"
    return f"model at {model}"


def _error(exc: PlainspeakError) -> gr.Error:
    return gr.Error(f"{exc.code} {exc.title}: {exc.message}", title="plainspeak could not do that")


class Review:
    def __init__(self, engine: Engine, config: ServerConfig, house: Any = None) -> None:
        self.engine = engine
        self.config = config
        self.files = TempFiles()
        self.house = house  # house style (ui/housestyle.py): a HouseStyleUI, or None

    def _settings(
        self,
        grade: float,
        strength: str,
        categories: list[str],
        protected: str,
        banned: str,
        replacements: str,
        use_model: bool,
        workspace: str | None,
    ) -> Settings:
        """The settings the form describes, with the workspace's house style (ui/housestyle.py) on top."""
        settings = make_settings(
            grade, strength, categories, protected, banned, replacements, self.engine.model_for(use_model)
        )
        return self.house.styled(settings, workspace) if self.house is not None else settings

    # -- review tab ----------------------------------------------------------------------------
    def run(
        self,
        text: str,
        fmt: str,
        grade: float,
        strength: str,
        categories: list[str],
        protected: str,
        banned: str,
        replacements: str,
        use_model: bool = True,
        progress: Any = None,
        *,
        workspace: str | None = None,
    ) -> list[Any]:
        progress = progress or (lambda *a, **k: None)
        if not (text or "").strip():
            raise gr.Error("Paste some copy (or open a file, or click an example) first.", title="Nothing to rewrite")
        if len(text) > self.config.max_text_chars:
            raise _error(
                PlainspeakError(
                    "E004",
                    f"the text has {len(text):,} characters; this server's limit is {self.config.max_text_chars:,}",
                    "text",
                )
            )
        try:
            settings = self._settings(
                grade, strength, categories, protected, banned, replacements, use_model, workspace
            )
            if not self.engine.ready.is_set():
                progress(0.1, desc="Loading the language model (first time only)")
            progress(0.4, desc="Rewriting and checking every change")
            result = self.engine.rewrite(text, fmt, settings)
        except PlainspeakError as exc:
            raise _error(exc) from exc
        except Exception as exc:
            log.exception("rewrite failed in the UI")
            raise _error(PlainspeakError("E029", f"the rewrite failed ({type(exc).__name__}: {exc})")) from exc
        ids = [c.id for c in result.changes if c.accepted]
        choices = [(view.change_label(c), c.id) for c in result.changes]
        counts: dict[str, int] = {}
        for c in result.changes:
            counts[c.category] = counts.get(c.category, 0) + 1
        cats = [(f"{CATEGORIES.get(k, (0, 0, k))[2]} ({n})", k) for k, n in counts.items()]
        applied = len(ids)
        warned = sum(1 for c in result.changes if c.warnings)
        status = (
            f"**{len(result.changes)} change(s) suggested, {applied} applied**"
            + (f", {warned} held back by the verifier (⚠)" if warned else "")
            + f". Grade {result.scores_before['flesch_kincaid_grade']:g} → "
            f"{result.scores_after['flesch_kincaid_grade']:g}. Hover or click a highlight to see why; "
            "untick a change to reject it."
        )
        return [
            result,
            gr.update(choices=choices, value=ids),
            gr.update(choices=cats, value=cats[0][1] if cats else None),
            status,
            *self.refresh(result, ids),
        ]

    def refresh(self, result: Result | None, ids: list[str] | None) -> list[Any]:
        """original, rewrite, final text, download, change table, scores: for the accepted ids."""
        if result is None:
            return ["", "", "", gr.update(visible=False), "", ""]
        ids = without_conflicts(result, [i for i in (ids or []) if any(c.id == i for c in result.changes)])
        chosen = result.with_accepted(ids)
        final, rewrite_html = view.output_html(result, ids)
        path = self.files.write(f"plainspeak-rewrite{EXT.get(result.format, '.txt')}", final)
        return [
            view.source_html(result, ids),
            rewrite_html,
            final,
            gr.update(value=path, visible=True),
            view.changes_table(result, ids),
            view.scores_html(result.scores_before, chosen.scores_after) + view.targets_html(result, ids),
        ]

    @staticmethod
    def select(result: Result | None, ids: list[str] | None, category: str | None, on: bool) -> list[str]:
        """The accepted ids after accepting or rejecting every change of `category` (None: all)."""
        if result is None:
            return []
        keep = set(ids or [])
        for c in result.changes:
            if category is None or c.category == category:
                (keep.add if on else keep.discard)(c.id)
        return [c.id for c in result.changes if c.id in keep]

    @staticmethod
    def suggested(result: Result | None) -> list[str]:
        return [] if result is None else [c.id for c in result.changes if c.accepted_by_default and not c.warnings]

    @staticmethod
    def open_file(path: str | None) -> tuple[str | dict[str, Any], str | dict[str, Any]]:
        if not path:
            return gr.update(), gr.update()
        p = Path(path)
        data = p.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _error(PlainspeakError("E003", f"{p.name} is not UTF-8 text (byte {exc.start})", "file")) from exc
        return text, FORMATS.get(p.suffix.lower(), "auto")

    # -- glossary ------------------------------------------------------------------------------
    def save_glossary(self, protected: str, banned: str, replacements: str) -> Any:
        try:
            g = glossary.from_boxes(protected, banned, replacements)
        except PlainspeakError as exc:
            raise _error(exc) from exc
        return gr.update(value=self.files.write("glossary.yaml", glossary.to_yaml(g)), visible=True)

    @staticmethod
    def load_glossary(path: str | None) -> tuple[str | dict[str, Any], str | dict[str, Any], str | dict[str, Any]]:
        if not path:
            return gr.update(), gr.update(), gr.update()
        try:
            return glossary.to_boxes(glossary.load(path))
        except PlainspeakError as exc:
            raise _error(exc) from exc

    # -- batch tab -----------------------------------------------------------------------------
    def run_batch(
        self,
        paths: list[str] | None,
        grade: float,
        strength: str,
        categories: list[str],
        protected: str,
        banned: str,
        replacements: str,
        use_model: bool = True,
        progress: Any = None,
        *,
        workspace: str | None = None,
    ) -> list[Any]:
        if not paths:
            raise gr.Error("Upload some .txt, .md or .html files, or a .zip of them.", title="No files")
        try:
            settings = self._settings(
                grade, strength, categories, protected, banned, replacements, use_model, workspace
            )
            items = batch.collect(list(paths), self.config.max_upload_bytes * 5)
        except PlainspeakError as exc:
            raise _error(exc) from exc
        report = (lambda frac, desc: progress(frac, desc=desc)) if progress else None
        rows, data = batch.process(items, settings, self.engine, report)
        counts: dict[str, int] = {}
        for row in rows:
            counts[row[2]] = counts.get(row[2], 0) + 1
        zip_path = self.files.write("plainspeak-batch.zip", data)
        summary = ", ".join(f"{n} {status}" for status, n in counts.items())
        status = (
            f"**{len(rows)} file(s): {summary}.** The zip has the files (rewritten where there was "
            "something to change), report.html, report.json and report.csv."
        )
        return [rows, gr.update(value=zip_path, visible=True), status]


API_HELP = """### Calling plainspeak from a CMS
Everything on this page is also an HTTP API. The interactive reference is at [/docs](/docs).

```bash
curl -s http://HOST:PORT/v1/rewrite \\
  -H "Authorization: Bearer $PLAINSPEAK_KEY" -H "Content-Type: application/json" \\
  -d '{"text": "We will utilize your feedback going forward.", "target_grade": 8}'
```
`POST /v1/rewrite` returns the same JSON as `plainspeak rewrite --json`; `POST /v1/analyze` scores without
rewriting; `POST /v1/rewrite/batch` takes many documents; `GET /v1/rules` lists every rule.
"""


def build_ui(engine: Engine, config: ServerConfig, house: Any = None) -> gr.Blocks:
    from .housestyle import HouseStyleUI, build_tab, wire_review

    r = Review(engine, config)
    hs = r.house = HouseStyleUI(house, config, r.files) if house is not None else None
    with gr.Blocks(title="plainspeak: review", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        state = gr.State(None)
        gr.Markdown(
            f"## plainspeak <small>{__version__}</small>\nPaste customer copy, get a plainer version, and "
            "decide on every change. Each change says which rule made it and why."
        )
        workspace = hs.selector() if hs else gr.State(None)  # house style: whose style to use and teach
        with gr.Tabs():
            with gr.Tab("Review", id="review"):
                with gr.Row():
                    with gr.Column(scale=3):
                        text_in = gr.Textbox(
                            label="Your copy (text, Markdown or HTML)",
                            lines=9,
                            max_lines=30,
                            placeholder="Paste a letter, an email, a policy notice…",
                            elem_id="ps-input",
                        )
                        with gr.Row():
                            run_btn = gr.Button("Rewrite", variant="primary", elem_id="ps-run", scale=2)
                            upload = gr.UploadButton("Open a file", file_types=TEXT_TYPES, scale=1)
                    with gr.Column(scale=2):
                        fmt = gr.Radio(["auto", "text", "markdown", "html"], value="auto", label="Format")
                        grade = gr.Slider(
                            GRADE_RANGE[0],
                            GRADE_RANGE[1],
                            value=DEFAULTS.target_grade,
                            step=0.5,
                            label="Target reading grade",
                        )
                        strength = gr.Radio(
                            list(STRENGTHS),
                            value=DEFAULTS.strength,
                            label="Strength",
                            info="light: only the safest swaps; strong: also splits long sentences",
                        )
                        cats = gr.CheckboxGroup(
                            [(CATEGORIES[c][2], c) for c in RULE_CATEGORIES],
                            value=RULE_CATEGORIES,
                            label="Rule categories",
                        )
                        has_model = model_enabled(engine.model)
                        use_model = gr.Checkbox(
                            value=has_model,
                            visible=has_model,
                            elem_id="ps-use-model",
                            label="Whole-sentence rewrites from the model",
                            info=f"{model_label(engine.model)}: splits, active voice, hidden verbs; every rewrite is "
                            "verified like a rule change"
                            if has_model
                            else None,
                        )
                        with gr.Accordion("Glossary", open=False):
                            protected = gr.Textbox(label="Protected terms: never changed (one per line)", lines=2)
                            banned = gr.Textbox(label="Banned terms: flagged (term => suggestion)", lines=2)
                            replacements = gr.Textbox(label="Your replacements (from => to)", lines=2)
                            with gr.Row():
                                gl_load = gr.UploadButton(
                                    "Load glossary file", file_types=[".yaml", ".yml", ".json"], size="sm"
                                )
                                gl_save = gr.Button("Save as file", size="sm")
                            gl_file = gr.File(label="glossary.yaml", visible=False, interactive=False)
                gr.Examples(
                    [[t, f] for _, t, f in EXAMPLES],
                    inputs=[text_in, fmt],
                    example_labels=[label for label, _, _ in EXAMPLES],
                    label="Examples: click one, then Rewrite",
                )
                status = gr.Markdown(elem_id="ps-status")
                with gr.Row(equal_height=True):
                    with gr.Column():
                        gr.Markdown("**Original**: red marks what changes")
                        original = gr.HTML(elem_id="ps-original-box")
                    with gr.Column():
                        gr.Markdown("**Rewrite**: green is new; dashed is a change you rejected")
                        rewritten = gr.HTML(elem_id="ps-rewrite-box")
                with gr.Row():
                    with gr.Column(scale=3):
                        accept = gr.CheckboxGroup(
                            [], value=[], label="Changes: untick one to reject it", elem_id="ps-accept"
                        )
                        with gr.Row():
                            category = gr.Dropdown([], label="Category", scale=2, elem_id="ps-category")
                            cat_on = gr.Button("Accept category", size="sm")
                            cat_off = gr.Button("Reject category", size="sm")
                        with gr.Row():
                            all_on = gr.Button("Accept all", size="sm")
                            all_off = gr.Button("Reject all", size="sm", elem_id="ps-reject-all")
                            reset = gr.Button("Back to suggested", size="sm")
                    with gr.Column(scale=2):
                        final = gr.Textbox(
                            label="Final text: this is what you copy or download",
                            lines=9,
                            max_lines=40,
                            interactive=False,
                            buttons=["copy"],
                            elem_id="ps-final",
                        )
                        download = gr.DownloadButton(
                            "Download final text", visible=False, size="md", elem_id="ps-download"
                        )
                        if hs:
                            wire_review(hs, workspace, state, accept, final, download)
                with gr.Accordion("Every change and why", open=True):
                    table = gr.HTML(elem_id="ps-changes")
                with gr.Accordion("Readability before and after, and the target grade per sentence", open=True):
                    scores = gr.HTML(elem_id="ps-scores-box")

            with gr.Tab("Batch", id="batch"):
                gr.Markdown(
                    "Upload several files or a .zip of templates (text, Markdown, HTML, MJML, Handlebars, "
                    "Liquid, Jinja, .eml). They are rewritten by the batch engine with the settings on the "
                    "Review tab; markup and placeholders are checked to come out unchanged, and files such as "
                    "README or LICENSE are copied word for word, as `plainspeak batch` does. You get a table "
                    "and a zip of the results."
                )
                batch_files = gr.File(
                    file_count="multiple", file_types=BATCH_TYPES, label="Files or a .zip", elem_id="ps-batch-files"
                )
                batch_btn = gr.Button("Rewrite all", variant="primary", elem_id="ps-batch-run")
                batch_status = gr.Markdown()
                batch_table = gr.Dataframe(
                    headers=batch.COLUMNS, interactive=False, wrap=True, elem_id="ps-batch-table"
                )
                batch_zip = gr.DownloadButton(
                    "Download results (.zip)", visible=False, size="md", elem_id="ps-batch-zip"
                )

            with gr.Tab("API", id="api"):
                gr.Markdown(API_HELP)
            if hs:
                build_tab(hs, workspace)

        views = [original, rewritten, final, download, table, scores]
        settings_in = [grade, strength, cats, protected, banned, replacements, use_model]

        def run(text, f, g, s, c, p, b, rp, m, ws, progress=gr.Progress()):
            return r.run(text, f, g, s, c, p, b, rp, m, progress, workspace=ws)

        def run_batch(paths, g, s, c, p, b, rp, m, ws, progress=gr.Progress()):
            return r.run_batch(paths, g, s, c, p, b, rp, m, progress, workspace=ws)

        run_btn.click(
            run,
            [text_in, fmt, *settings_in, workspace],
            [state, accept, category, status, *views],
            api_visibility="private",
        )
        accept.change(r.refresh, [state, accept], views, show_progress="hidden", api_visibility="private")
        cat_on.click(
            lambda res, ids, cat: r.select(res, ids, cat, True),
            [state, accept, category],
            accept,
            api_visibility="private",
        )
        cat_off.click(
            lambda res, ids, cat: r.select(res, ids, cat, False),
            [state, accept, category],
            accept,
            api_visibility="private",
        )
        all_on.click(lambda res, ids: r.select(res, ids, None, True), [state, accept], accept, api_visibility="private")
        all_off.click(
            lambda res, ids: r.select(res, ids, None, False), [state, accept], accept, api_visibility="private"
        )
        reset.click(r.suggested, state, accept, api_visibility="private")
        upload.upload(r.open_file, upload, [text_in, fmt], api_visibility="private")
        gl_save.click(r.save_glossary, [protected, banned, replacements], gl_file, api_visibility="private")
        gl_load.upload(r.load_glossary, gl_load, [protected, banned, replacements], api_visibility="private")
        batch_btn.click(
            run_batch,
            [batch_files, *settings_in, workspace],
            [batch_table, batch_zip, batch_status],
            api_visibility="private",
        )
    return demo


def without_conflicts(result: Result, ids: list[str]) -> list[str]:
    """Drop accepted changes that rewrite words an earlier accepted change already rewrites
    (a model rewrite of a whole sentence and a rule change inside it), keeping the first."""
    keep: list[str] = []
    end = -1
    for c in sorted((c for c in result.changes if c.id in set(ids)), key=lambda c: c.start):
        if c.start >= end:
            keep.append(c.id)
            end = c.end
        else:
            gr.Warning(f"{c.id} rewrites the same words as an accepted change; accept one of them")
    return [i for i in ids if i in keep]
