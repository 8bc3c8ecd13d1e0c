"""Turn real plain sentences into jargon, so the model learns to undo it on real language.

Every transformation is the inverse of something plainspeak wants fixed: plain words -> the
jargon that the rule data replaces (inflected), wordy padding, hollow openers and closers,
Say-NO framings, passive voice, hidden verbs (nominalizations). Merging two neighbouring
sentences (the inverse of a split) is done by the data builder, which sees the neighbours.
"""
from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass

from lemminflect import getAllInflections, getInflection

from ..rules.model import load_rules

_TAGS = ("VB", "VBP", "VBZ", "VBD", "VBG")
OPENERS = (
    "Please be advised that", "Please note that", "It should be noted that", "We would like to inform you that",
    "We wish to advise that", "It is important to note that", "Kindly be informed that", "We are writing to let you know that",
    "For your information,", "As you may be aware,", "It has come to our attention that", "Please be aware that",
    "We would like to take this opportunity to let you know that", "At this point in time,", "As a matter of fact,",
    "It is worth noting that", "Needless to say,", "In light of the above,",
)
CLOSERS = (
    "Please do not hesitate to contact us should you have any questions.",
    "Should you require any further assistance, please do not hesitate to get in touch.",
    "We thank you for your patience and understanding in this matter.",
    "Your cooperation in this matter is greatly appreciated.",
    "Thank you in advance for your cooperation.",
    "We apologize for any inconvenience this may cause.",
    "Your satisfaction is our top priority.",
    "Feel free to reach out at your earliest convenience.",
    "We look forward to your prompt response.",
)
HEDGES = ("basically", "actually", "essentially", "in fact", "really", "generally speaking")
# verb -> (light verb, the noun phrase that hides it)
NOMINAL = {
    "decide": ("make", "a decision on"), "review": ("conduct", "a review of"), "consider": ("give", "consideration to"),
    "help": ("provide", "assistance to"), "apply": ("submit", "an application"), "discuss": ("have", "a discussion about"),
    "analyze": ("perform", "an analysis of"), "assess": ("carry", "out an assessment of"),
    "investigate": ("conduct", "an investigation into"), "recommend": ("make", "a recommendation of"),
    "improve": ("make", "improvements to"), "change": ("make", "changes to"), "use": ("make", "use of"),
    "explain": ("provide", "an explanation of"), "evaluate": ("conduct", "an evaluation of"),
    "test": ("conduct", "testing of"), "measure": ("take", "measurements of"), "pay": ("make", "payment of"),
    "respond": ("provide", "a response"), "reply": ("send", "a reply"), "choose": ("make", "a choice of"),
    "describe": ("provide", "a description of"), "plan": ("engage", "in planning for"),
    "depend": ("have", "a dependence"), "inform": ("provide", "information to"), "agree": ("reach", "agreement"),
    "examine": ("carry", "out an examination of"), "support": ("provide", "support to"),
    "complete": ("bring", "to completion"), "protect": ("provide", "protection for"),
}
_NOMINAL_CUE = re.compile(r"\b(?:to|will|can|must|should|may|might|could|would|we|you|they|I|please|and)\s+$", re.I)
_SUBJECT = {"we": "us", "you": "you", "they": "them", "i": "me"}
_PASSIVE_SRC = re.compile(
    r"\b(We|we|You|you|They|they|I)\s+(?:(will|can|must|should|may|might|could|would)\s+)?([a-z]+)\s+"
    r"((?:the|a|an|your|our|their|this|these|those|its|my)\s+(?:[a-z-]+\s+){0,2}[a-z-]+)"
    r"(?=\s*(?:[,.;:!?]|$)|\s+(?:to|for|in|on|at|by|with|from|and|or|because|before|after|so|when|if|as)\b)")
# plain keys too common to swap blindly: "the" -> "the said" teaches nothing real
_SKIP_KEYS = set("the a an i of in with on at by is has have it this that be are was were for and or as from "
                 "he she they we you his her its our your their there here".split())
_DETERMINER_END = re.compile(r"\b(?:the|a|an|your|our|their|this|these|those|its|my)$")


@dataclass(frozen=True)
class Edit:
    text: str
    task: str   # simplify | shorten | split | active | say-yes


@functools.cache
def _inverse_table() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """A regex over every plain phrase that some rule produces, and the jargon forms for each."""
    table: dict[str, set[str]] = {}
    for rule in load_rules():
        if rule.kind not in ("substitute", "reframe") or not rule.patterns or not rule.replace:
            continue
        for plain in rule.replace:
            plain = plain.strip()
            if not plain or not re.fullmatch(r"[A-Za-z][A-Za-z' -]*", plain):
                continue
            for jargon in rule.patterns:
                if not re.fullmatch(r"[A-Za-z][A-Za-z' -]*", jargon):
                    continue
                if plain.lower() == "to" and not jargon.endswith(" to"):
                    continue
                table.setdefault(plain.lower(), set()).add(jargon)
                if rule.inflect == "verb":
                    p_first, *p_rest = plain.split()
                    j_first, *j_rest = jargon.split()
                    p_forms = getAllInflections(p_first.lower(), upos="VERB")
                    j_forms = getAllInflections(j_first.lower(), upos="VERB")
                    for tag in _TAGS:
                        if tag in p_forms and tag in j_forms:
                            key = " ".join([p_forms[tag][0], *p_rest]).lower()
                            table.setdefault(key, set()).add(" ".join([j_forms[tag][0], *j_rest]))
    keys = sorted((k for k in table if k not in _SKIP_KEYS), key=len, reverse=True)
    rx = re.compile(r"(?<![\w'-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w'-])", re.I)
    return rx, {k: tuple(sorted(v)) for k, v in table.items()}


def _case_like(src: str, new: str) -> str:
    if src[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:].islower() or first in ("A",) or (len(first) == 1 and first != "I"):
        return text[:1].lower() + text[1:]
    return text


def substitute(text: str, rng: random.Random, max_subs: int = 3) -> str | None:
    """Swap 1..max_subs plain phrases for jargon the rules would undo."""
    rx, table = _inverse_table()
    hits = list(rx.finditer(text))
    if not hits:
        return None
    chosen = sorted(rng.sample(hits, min(len(hits), rng.randint(1, max_subs))), key=lambda m: m.start())
    out, pos = [], 0
    for m in chosen:
        out.append(text[pos:m.start()])
        out.append(_case_like(m.group(0), rng.choice(table[m.group(0).lower()])))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def pad(text: str, rng: random.Random) -> str | None:
    """A hollow opener, a hedge or a hollow closer."""
    choice = rng.random()
    if choice < 0.5:
        return f"{rng.choice(OPENERS)} {_lower_first(text)}"
    if choice < 0.7:
        m = re.search(r"\b(is|are|was|were|will|can|should)\s+", text)
        if not m:
            return None
        return f"{text[:m.end()]}{rng.choice(HEDGES)} {text[m.end():]}"
    if not re.search(r"[.!?][\"'’”)]?$", text):
        return None
    return f"{text} {rng.choice(CLOSERS)}"


def passivize(text: str, rng: random.Random) -> str | None:
    """'We will review your claim' -> 'Your claim will be reviewed by us'."""
    for m in _PASSIVE_SRC.finditer(text):
        subj, modal, verb, obj = m.group(1), m.group(2), m.group(3), m.group(4)
        if _DETERMINER_END.search(obj):
            continue
        forms = getAllInflections(verb, upos="VERB")
        base = verb if modal else None
        if not modal:
            for tag in ("VBD", "VBP"):
                if verb in forms.get(tag, ()):
                    base = verb
                    break
        if not base or "VBN" not in forms and not getInflection(verb, "VBN"):
            continue
        participle = (getInflection(verb, "VBN") or (None,))[0]
        if participle is None or verb in ("have", "be", "do", "get", "need", "want", "like", "know", "see", "think"):
            continue
        plural = obj.split()[-1].endswith("s")
        if modal:
            aux = f"{modal} be"
        elif verb in forms.get("VBD", ()) and verb not in forms.get("VBP", ()):
            aux = "were" if plural else "was"
        else:
            aux = "are" if plural else "is"
        agent = "" if rng.random() < 0.3 else f" by {_SUBJECT[subj.lower()]}"
        clause = f"{obj} {aux} {participle}{agent}"
        if m.start() == 0:
            clause = clause[:1].upper() + clause[1:]
        return text[:m.start()] + clause + text[m.end():]
    return None


@functools.cache
def _nominal_forms() -> dict[str, tuple[str, str]]:
    """inflected verb -> (tag, hidden-verb phrase)."""
    out: dict[str, tuple[str, str]] = {}
    for verb, (light, noun) in NOMINAL.items():
        forms = getAllInflections(verb, upos="VERB")
        for tag in ("VB", "VBD", "VBZ", "VBG"):
            for form in forms.get(tag, ()):
                light_form = light if tag == "VB" else getInflection(light, tag)[0]
                out.setdefault(form, (tag, f"{light_form} {noun}"))
    return out


def nominalize(text: str, rng: random.Random) -> str | None:
    """'to decide' -> 'to make a decision on' (a hidden verb)."""
    table = _nominal_forms()
    options = []
    for m in re.finditer(r"\b([a-z]+)\b", text):
        hit = table.get(m.group(1))
        if hit and (hit[0] != "VB" or _NOMINAL_CUE.search(text[:m.start()])):
            options.append((m.start(), m.end(), hit[1]))
    if not options:
        return None
    s, e, new = rng.choice(options)
    return text[:s] + new + text[e:]


def say_no(text: str, rng: random.Random) -> str | None:
    """'You can X once Y' -> 'You cannot X until Y'; 'Please X' -> 'We must insist that you X'."""
    m = re.search(r"\b(You|you|We|we) can (.+?) (?:once|after) ", text)
    if m:
        return text[:m.start()] + f"{m.group(1)} cannot {m.group(2)} until " + text[m.end():]
    m = re.match(r"Please ([a-z])", text)
    if m:
        lead = rng.choice(("We must insist that you", "You are required to", "It is mandatory that you",
                           "Failure to comply may result in delays, so you must"))
        return f"{lead} {text[len('Please '):]}"
    return None


def jargonize(text: str, rng: random.Random, max_edits: int = 3) -> Edit | None:
    """Apply 1..max_edits random transformations; None when none applies."""
    ops = [("simplify", substitute), ("shorten", pad), ("active", passivize), ("simplify", nominalize),
           ("say-yes", say_no)]
    rng.shuffle(ops)
    weights = {"substitute": 3, "pad": 1, "passivize": 1, "nominalize": 1, "say_no": 1}
    ops.sort(key=lambda o: -weights[o[1].__name__] * rng.random())
    want = rng.randint(1, max_edits)
    tasks: list[str] = []
    out = text
    for task, op in ops:
        if len(tasks) >= want:
            break
        new = op(out, rng)
        if new and new != out:
            out = new
            tasks.append(task)
    if not tasks:
        return None
    task = tasks[0] if len(tasks) == 1 else "simplify"
    return Edit(out, task)


def merge(first: str, second: str, rng: random.Random) -> str | None:
    """Two sentences -> one long one (the model learns to split it back)."""
    if not re.search(r"\.$", first) or not second[:1].isupper():
        return None
    joint = rng.choice((", and ", "; ", ", and ", ", while ", ", and furthermore ", " and "))
    return first[:-1] + joint + _lower_first(second)
