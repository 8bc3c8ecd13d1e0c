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

from lemminflect import getAllInflections, getAllLemmas, getInflection

from ..rules.model import load_rules

_TAGS = ("VB", "VBP", "VBZ", "VBD", "VBN", "VBG")
OPENERS = (
    "Please be advised that",
    "Please note that",
    "It should be noted that",
    "We would like to inform you that",
    "We wish to advise that",
    "It is important to note that",
    "Kindly be informed that",
    "We are writing to let you know that",
    "For your information,",
    "As you may be aware,",
    "It has come to our attention that",
    "Please be aware that",
    "We would like to take this opportunity to let you know that",
    "At this point in time,",
    "As a matter of fact,",
    "It is worth noting that",
    "Needless to say,",
    "In light of the above,",
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
    "decide": ("make", "a decision on"),
    "review": ("conduct", "a review of"),
    "consider": ("give", "consideration to"),
    "help": ("provide", "assistance to"),
    "apply": ("submit", "an application"),
    "discuss": ("have", "a discussion about"),
    "analyze": ("perform", "an analysis of"),
    "assess": ("carry", "out an assessment of"),
    "investigate": ("conduct", "an investigation into"),
    "recommend": ("make", "a recommendation of"),
    "improve": ("make", "improvements to"),
    "change": ("make", "changes to"),
    "use": ("make", "use of"),
    "explain": ("provide", "an explanation of"),
    "evaluate": ("conduct", "an evaluation of"),
    "test": ("conduct", "testing of"),
    "measure": ("take", "measurements of"),
    "pay": ("make", "payment of"),
    "respond": ("provide", "a response"),
    "reply": ("send", "a reply"),
    "choose": ("make", "a choice of"),
    "describe": ("provide", "a description of"),
    "plan": ("engage", "in planning for"),
    "depend": ("have", "a dependence"),
    "inform": ("provide", "information to"),
    "agree": ("reach", "agreement"),
    "examine": ("carry", "out an examination of"),
    "support": ("provide", "support to"),
    "complete": ("bring", "to completion"),
    "protect": ("provide", "protection for"),
}
_NOMINAL_CUE = re.compile(r"\b(?:to|will|can|must|should|may|might|could|would|we|you|they|I|please|and)\s+$", re.I)
_SUBJECT = {"we": "us", "you": "you", "they": "them", "i": "me"}
_PASSIVE_SRC = re.compile(
    r"\b(We|we|You|you|They|they|I)\s+(?:(will|can|must|should|may|might|could|would)\s+)?([a-z]+)\s+"
    r"((?:the|a|an|your|our|their|this|these|those|its|my)\s+(?:[a-z-]+\s+){0,2}[a-z-]+)"
    r"(?=\s*(?:[,.;:!?]|$)|\s+(?:to|for|in|on|at|by|with|from|and|or|because|before|after|so|when|if|as)\b)"
)
# plain keys too common to swap blindly: "the" -> "the said" teaches nothing real
_SKIP_KEYS = set(
    "the a an i of in with on at by is has have it this that be are was were for and or as from "
    "he she they we you his her its our your their there here".split()
)
_DETERMINER_END = re.compile(r"\b(?:the|a|an|your|our|their|this|these|those|its|my)$")


@dataclass(frozen=True)
class Edit:
    text: str
    task: str  # simplify | shorten | split | active | say-yes


_PARTICIPLE_CUE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being|has|have|had|having|get|gets|got|'s|'re|'ve)"
    r"(?:\s+(?:not|also|already|just|then|now|never|often|usually|always))?\s+$",
    re.I,
)
_INFINITIVE_AFTER = set(
    "need needs needed want wants wanted how have has had going able unable like try tries tried "
    "plan plans planned hope used ought seem seems seemed likely expected allowed want what where "
    "when whether which who easy hard ready free continue continues began begin begins start".split()
)
_NOT_VERB_NEXT = set(
    "the a an your our their this these those its my his her any no every each some all him them us me you it".split()
)


@functools.cache
def _inverse_table() -> tuple[re.Pattern[str], dict[str, tuple[tuple[str, str], ...]]]:
    """A regex over every plain phrase that some rule produces, and its jargon forms, each with the
    verb tag it stands for ("" when it is not an inflected verb), so a past participle gets a past
    participle ("given" -> "provided") and a past tense a past tense ("gave" -> "provided")."""
    table: dict[str, set[tuple[str, str]]] = {}
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
                if rule.inflect != "verb":
                    table.setdefault(plain.lower(), set()).add((jargon, ""))
                    continue
                p_first, *p_rest = plain.split()
                j_first, *j_rest = jargon.split()
                for tag in _TAGS:
                    p_form = getInflection(p_first.lower(), tag)
                    j_form = getInflection(j_first.lower(), tag)
                    if p_form and j_form:
                        key = " ".join([p_form[0], *p_rest]).lower()
                        table.setdefault(key, set()).add((" ".join([j_form[0], *j_rest]), tag))
    keys = sorted((k for k in table if k not in _SKIP_KEYS), key=len, reverse=True)
    rx = re.compile(r"(?<![\w'-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w'-])", re.I)
    return rx, {k: tuple(sorted(v)) for k, v in table.items()}


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s+([A-Za-z]+)", text[end:])
    return m.group(1) if m else ""


def _fits(text: str, m: re.Match[str], options: tuple[tuple[str, str], ...]) -> list[str]:
    """The jargon forms that read grammatically in place of the match (empty: leave it)."""
    word = m.group(0)
    if word[:1].isupper() and m.start() > 0 and not re.search(r"[.!?:]\s*$", text[: m.start()]):
        return []  # a capitalised word mid-sentence is a name ("Blair Read")
    if word.lower() == "to":  # "to" -> "in order to" only before a verb
        nxt = _next_word(text, m.end())
        if not nxt or nxt.lower() in _NOT_VERB_NEXT or nxt.lower() not in getAllLemmas(nxt.lower()).get("VERB", ()):
            return []
        prev = re.search(r"(\w+)\W*$", text[: m.start()])
        if prev and prev.group(1).lower() in _INFINITIVE_AFTER:
            return []  # "need to keep" is not "need in order to keep"
    before = text[: m.start()]
    tags = {t for _, t in options}
    if tags - {""}:
        if re.search(
            r"(?:\b(?:a|an|the|this|its|their|our|your|my|his|her|any|no)\s+(?:[a-z]+\s+)?|['’]s?\s+)$", before, re.I
        ):
            return []  # "the meaning", "audiences' needs": a noun here
        if tags & {"VB", "VBP"} and not tags & {"VBN", "VBD", "VBG", "VBZ"} and _PARTICIPLE_CUE.search(before):
            return []  # "is live": an adjective here
    if {"VBN", "VBD"} <= tags:
        want = "VBN" if _PARTICIPLE_CUE.search(before) else "VBD"
        options = tuple(o for o in options if o[1] in (want, ""))
    if not re.search(r"\b(?:has|have|had|having|'ve)\s+(?:\w+\s+)?$", before, re.I):
        # a passive or adjectival participle takes one word: "known as", never "had knowledge of as"
        options = tuple(o for o in options if o[1] != "VBN" or " " not in o[0])
    if re.search(r"\b(?:the|a|an)\s+$", before, re.I):
        options = tuple(o for o in options if not re.match(r"(?:the|a|an)\b", o[0], re.I))
    return [j for j, _ in options]


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
    hits = [(m, forms) for m in rx.finditer(text) if (forms := _fits(text, m, table[m.group(0).lower()]))]
    if not hits:
        return None
    chosen = sorted(rng.sample(hits, min(len(hits), rng.randint(1, max_subs))), key=lambda h: h[0].start())
    out, pos = [], 0
    for m, forms in chosen:
        out.append(text[pos : m.start()])
        out.append(_case_like(m.group(0), rng.choice(forms)))
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
        return f"{text[: m.end()]}{rng.choice(HEDGES)} {text[m.end() :]}"
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
        return text[: m.start()] + clause + text[m.end() :]
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
        if hit and (hit[0] != "VB" or _NOMINAL_CUE.search(text[: m.start()])):
            options.append((m.start(), m.end(), hit[1]))
    if not options:
        return None
    s, e, new = rng.choice(options)
    return text[:s] + new + text[e:]


def say_no(text: str, rng: random.Random) -> str | None:
    """'You can X once Y' -> 'You cannot X until Y'; 'Please X' -> 'We must insist that you X'."""
    m = re.search(r"\b(You|you|We|we) can (.+?) (?:once|after) ", text)
    if m:
        return text[: m.start()] + f"{m.group(1)} cannot {m.group(2)} until " + text[m.end() :]
    m = re.match(r"Please ([a-z])", text)
    if m:
        lead = rng.choice(
            (
                "We must insist that you",
                "You are required to",
                "It is mandatory that you",
                "Failure to comply may result in delays, so you must",
            )
        )
        return f"{lead} {text[len('Please ') :]}"
    return None


def jargonize(text: str, rng: random.Random, max_edits: int = 3) -> Edit | None:
    """Apply 1..max_edits random transformations; None when none applies."""
    ops = [
        ("simplify", substitute),
        ("shorten", pad),
        ("active", passivize),
        ("simplify", nominalize),
        ("say-yes", say_no),
    ]
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
    # only joints that a reader splits back cleanly (", while" and a bare "and" taught splits that leave fragments)
    joint = rng.choice((", and ", "; ", ", and ", ", and furthermore "))
    return first[:-1] + joint + _lower_first(second)
