"""series-to-list: an inline series of three or more items at the end of a sentence becomes a
list ("You will need:\\n- your passport\\n- a bank statement\\n- a utility bill"). Only offered
when the caller asks for lists (the document's format can show one); `as_html` gives the HTML form."""

from __future__ import annotations

import html

from spacy.tokens import Doc, Token

from .base import is_main, sentence, text_of, words

MIN_ITEMS = 3
MAX_ITEM_WORDS = 12


def _items(head: Token) -> list[Token] | None:
    """The heads of the series' items, in order (spaCy chains them: a -conj-> b -conj-> c)."""
    items = [head]
    tok = head
    while True:
        nxt = [c for c in tok.children if c.dep_ == "conj"]
        if len(nxt) != 1:
            break
        tok = nxt[0]
        items.append(tok)
    return items if len(items) >= MIN_ITEMS else None


def _item_tokens(doc: Doc, items: list[Token], k: int, end: int) -> list[Token]:
    lo = items[k].left_edge.i if k else items[0].left_edge.i
    hi = items[k + 1].left_edge.i if k + 1 < len(items) else end
    toks = [t for t in doc[lo:hi] if not (t.dep_ in ("cc", "punct") and t.head.i in {i.i for i in items})]
    while toks and toks[-1].text in (",", ";") or toks and toks[-1].dep_ == "cc":
        toks.pop()
    return toks


def apply(doc: Doc) -> list[str]:
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not is_main(root):
        return []
    end = len(doc) - 1 if doc[-1].text in ".!?" else len(doc)
    for head in doc:
        if head.dep_ == "conj" or head.pos_ not in ("NOUN", "PROPN", "VERB", "ADP"):
            continue
        items = _items(head)
        if items is None or items[-1].right_edge.i != end - 1:
            continue
        ccs = [c for i in items for c in i.children if c.dep_ == "cc"]
        if not ccs or ccs[-1].lower_ not in ("and", "or"):
            continue
        if ccs[-1].lower_ == "or" and (head.pos_ not in ("NOUN", "PROPN") or any(t.dep_ == "neg" for t in doc)):
            continue  # "do not accept A, B or C" is not "do not accept any of these"
        lead = list(doc[: items[0].left_edge.i])
        if not lead or head.dep_ == "ROOT" or head.head.i >= items[0].left_edge.i:
            continue
        parts = [_item_tokens(doc, items, k, end) for k in range(len(items))]
        if any(not p or words(p) > MAX_ITEM_WORDS for p in parts) or words(lead) < 2:
            continue
        intro = sentence(lead, ":")
        if ccs[-1].lower_ == "or":
            intro = intro[:-1] + " any of these:"
        return [intro + "".join("\n- " + text_of(p) for p in parts)]
    return []


def as_html(text: str) -> str:
    """The list form as HTML (`<p>` for the lead-in, `<ul><li>` for the items), for HTML copy."""
    lines = text.split("\n")
    items = [ln[2:] for ln in lines[1:] if ln.startswith("- ")]
    return (
        f"<p>{html.escape(lines[0], quote=False)}</p><ul>"
        + "".join(f"<li>{html.escape(i, quote=False)}</li>" for i in items)
        + "</ul>"
    )
