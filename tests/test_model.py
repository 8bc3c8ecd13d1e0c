"""The seq2seq model: sentinels, constrained decoding, data building, explanations, a tiny CI
training run end to end, and the shipped model directory."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from plainspeak import Settings
from plainspeak.errors import PlainspeakError
from plainspeak.model import prompts
from plainspeak.model.explain import describe
from plainspeak.model.rewriter import DEFAULT_DIR, ForcedLead, Rewriter, SentinelConstraint, WordConstraint, resolve
from plainspeak.model.sentinels import found, mask, unmask
from plainspeak.model.split_leads import split_leads
from plainspeak.model.training.data import mask_pair
from plainspeak.model.training.jargonize import jargonize, merge, passivize, substitute

# --- sentinels -------------------------------------------------------------------------------------------------


def test_mask_and_unmask_round_trip() -> None:
    text = "Pay {{amount}} by June 3, 2024 at www.example.com or call 555-123-4567."
    m = mask(text)
    assert m.text == "Pay <p0> by <p1> at <p2> or call <p3>."
    assert m.items == ["{{amount}}", "June 3, 2024", "www.example.com", "555-123-4567"]
    assert (
        unmask("By <p1>, pay <p0> at <p2> or call <p3>.", m)
        == "By June 3, 2024, pay {{amount}} at www.example.com or call 555-123-4567."
    )


@pytest.mark.parametrize(
    "bad", ["Pay <p0> by <p1>.", "Pay <p0> <p0> by <p1> at <p2> or <p3>.", "Pay <p0> by <p1> at <p2> or <p3> <p4>."]
)
def test_unmask_refuses_missing_repeated_or_invented_sentinels(bad: str) -> None:
    m = mask("Pay {{amount}} by June 3, 2024 at www.example.com or call 555-123-4567.")
    assert unmask(bad, m) is None


def test_extra_id_sentinels_for_stock_t5() -> None:
    m = mask("Pay {{amount}} now.", fmt="<extra_id_{}>")
    assert m.text == "Pay <extra_id_0> now." and found(m.text) == [0]
    assert unmask("Now pay <extra_id_0>.", m) == "Now pay {{amount}}."


def test_sentinel_constraint_masks_logits() -> None:
    # vocab: 0 pad, 1 eos, 2..4 sentinels p0..p2, 5 a word; one input with p0 and p1, beams = 2
    proc = SentinelConstraint([2, 3, 4], [[True, True, False]], eos_id=1, banned=[])
    ids = torch.tensor([[0, 2], [0, 5]])  # beam 0 has emitted p0, beam 1 nothing
    scores = proc(ids, torch.zeros(2, 6))
    inf = float("-inf")
    assert scores[0].tolist() == [0, inf, inf, 0, inf, 0]  # p0 used, p2 never, eos waits for p1
    assert scores[1].tolist() == [0, inf, 0, 0, inf, 0]
    done = proc(torch.tensor([[0, 2, 3], [0, 3, 2]]), torch.zeros(2, 6))
    assert done[0, 1] == 0 and done[0, 2:5].tolist() == [inf, inf, inf]


def test_sentinel_constraint_without_items_bans_sentinels_and_never_wipes_a_row() -> None:
    """No row has an item (the common case, a shortcut): sentinels and banned ids are out, the rest
    stays, also at the last step (the limit used to force 'pending' sentinels that did not exist)."""
    inf = float("-inf")
    proc = SentinelConstraint([2, 3, 4], [[False] * 3, [False] * 3], eos_id=1, banned=[0], max_new_tokens=2)
    assert proc.none_open
    for ids in (torch.tensor([[0], [0]]), torch.tensor([[0, 5], [0, 5]])):  # first and last step
        assert proc(ids, torch.zeros(2, 6)).tolist() == [[inf, 0, inf, inf, inf, 0]] * 2
    mixed = SentinelConstraint([2, 3, 4], [[True, False, False], [False] * 3], eos_id=1, banned=[], max_new_tokens=2)
    last = mixed(torch.tensor([[0, 5], [0, 5]]), torch.zeros(2, 6))
    assert last[0].tolist() == [inf, inf, 0, inf, inf, inf]  # p0 pending: only p0 fits now
    assert last[1].tolist() == [0, 0, inf, inf, inf, 0]  # nothing pending: untouched


def test_word_constraint_follows_the_word_being_written() -> None:
    # vocab: 0 pad, 1 eos, 2 " Pro", 3 "posed", 4 " B", 5 ".", 6 "pos", 7 "ed"
    pieces = {
        0: (False, None),
        1: (False, None),
        2: (True, "pro"),
        3: (False, "posed"),
        4: (True, "b"),
        5: (False, None),
        6: (False, "pos"),
        7: (False, "ed"),
    }
    proc = WordConstraint(pieces.__getitem__, [frozenset({"proposed", "pro"})])
    inf = float("-inf")
    start = proc(torch.tensor([[1]]), torch.tensor([[0.0, 1, 2, 0, 9, 0, 0, 0]]))
    assert start[0, 4] == inf and start[0].argmax() == 2  # " B" begins no allowed word: " Pro" wins
    mid = proc(torch.tensor([[1, 2]]), torch.tensor([[0.0, 0, 0, 3, 0, 0, 5, 0]]))
    assert mid[0].argmax() == 6  # "pro" + "pos" is still a prefix of "proposed"
    unfinished = proc(torch.tensor([[1, 2, 6]]), torch.tensor([[0.0, 9, 0, 0, 0, 8, 0, 1]]))
    assert unfinished[0, 1] == inf and unfinished[0, 5] == inf  # neither the end nor "." inside "propos"
    assert unfinished[0].argmax() == 7
    done = proc(torch.tensor([[1, 2, 3]]), torch.tensor([[0.0, 0, 0, 0, 0, 4, 0, 0]]))
    assert done[0].argmax() == 5  # "proposed" is complete: "." may follow


def test_forced_lead_copies_then_lets_the_model_go_on() -> None:
    proc = ForcedLead([[4, 2], []])  # row 0 must begin with tokens 4, 2; row 1 is free
    first = proc(torch.tensor([[1], [1]]), torch.zeros(2, 6))
    assert first[0].argmax() == 4 and first[0].isinf().sum() == 5 and not first[1].isinf().any()
    second = proc(torch.tensor([[1, 4], [1, 3]]), torch.zeros(2, 6))
    assert second[0].argmax() == 2 and second[0].isinf().sum() == 5
    free = proc(torch.tensor([[1, 4, 2], [1, 3, 3]]), torch.zeros(2, 6))
    assert not free.isinf().any()


@pytest.mark.parametrize(
    "sentence,leads",
    [
        (
            "First, the Bureau notes that creditors have been required to use the APR for more than twenty years, "
            "and this APR is consistent with the APR used for other open-end credit.",
            ["First, the Bureau notes that creditors have been required to use the APR for more than twenty years"],
        ),
        (
            "We have received your request for a refund of the fee; however, we cannot process it until the documents "
            "arrive.",
            ["We have received your request for a refund of the fee"],
        ),
        # the part after the joint may belong to "in which": no split is tried
        (
            "The rule covers situations in which a sender provides an incorrect account number, and the provider meets "
            "certain conditions.",
            [],
        ),
        # a list ("Health, Education, and Welfare") or a clause without its subject is no joint
        (
            "The Secretary of Health, Education, and Welfare shall publish the list, and shall take into consideration "
            "all other uses.",
            [],
        ),
        ("Your claim was reviewed, and we wrote to you.", []),  # too short on each side
    ],
)
def test_split_leads_are_joints_between_whole_clauses(sentence: str, leads: list[str]) -> None:
    assert split_leads(sentence) == leads


def test_word_constraint_keeps_licensed_words_with_a_trained_tokenizer(tiny_model: Path) -> None:
    from plainspeak.model.allowed_changes import vocabulary

    r = Rewriter(tiny_model)
    text = "Pursuant to the agreement, remittance must be received prior to {{due_date}}."
    allowed = vocabulary(text)
    assert {"under", "payment", "before", "pursuant", "received"} <= allowed and "include" not in allowed
    for cand in r.propose([text], ("simplify", "split"), vocabularies=[allowed], max_new_tokens=40)[0]:
        words = [w.lower() for w in re.findall(r"[A-Za-z]+", cand)]
        assert set(words) <= allowed | {"due", "date"}, cand


# --- data ---------------------------------------------------------------------------------------------------


def test_jargonize_is_seeded_and_undoable_in_kind() -> None:
    text = "We will review your claim and use the results to help you."
    a = jargonize(text, random.Random(3))
    b = jargonize(text, random.Random(3))
    assert a == b and a is not None and a.text != text
    assert substitute("We use the form to start.", random.Random(0)) != "We use the form to start."
    assert passivize("We will review your claim.", random.Random(1)) in (
        "Your claim will be reviewed by us.",
        "Your claim will be reviewed.",
    )
    assert merge("We sent a letter.", "It explains why.", random.Random(0)).count(".") == 1


def test_mask_pair_maps_target_items_to_source_sentinels() -> None:
    src, tgt = mask_pair("By June 3, pay {{amount}} to us.", "Pay {{amount}} by June 3.")
    assert src == "By <p0>, pay <p1> to us." and tgt == "Pay <p1> by <p0>."
    assert mask_pair("Pay {{amount}}.", "Pay {{other}}.") is None


def test_formal_sentences_are_jargonized_or_merged_with_the_rules_rewrite_as_target() -> None:
    import plainspeak
    from plainspeak.model.training.data import BuildConfig, distill_pairs

    rows = [
        {"text": t, "source": "doc1"}
        for t in (
            "The applicant shall submit the documentation prior to the commencement of the review period.",
            "In the event that the remittance is not received, the account shall be terminated.",
            "Notwithstanding the foregoing, the Secretary may utilize such funds as are necessary for the program.",
            "The Secretary shall publish the list of approved programs in the Federal Register each year.",
        )
    ]
    rules = {r["text"]: plainspeak.rewrite(r["text"], settings=Settings(check_meaning=False)).output for r in rows}
    kinds = set()
    for seed in range(6):
        cfg = BuildConfig(distill=4, formal_jargon_share=1.0, formal_merge_share=0.5)
        for p in distill_pairs(rows, cfg, random.Random(seed), log=lambda _: None):
            kinds.add(p["kind"])
            if p["kind"] == "formal-merge":  # two real sentences joined; the target is both, rewritten
                assert p["task"] == "split" and p["tgt"] in {
                    f"{a} {b}" for a, b in zip(rules.values(), list(rules.values())[1:])
                }
            else:
                assert p["kind"] == "formal-jargon" and p["tgt"] in rules.values() and p["src"] not in rules
    assert kinds == {"formal-jargon", "formal-merge"}
    cfg = BuildConfig(distill=4, formal_jargon_share=0.0, formal_identity_share=1.0)
    plain_kinds = {p["kind"]: p for p in distill_pairs(rows, cfg, random.Random(0), log=lambda _: None)}
    assert set(plain_kinds) <= {"distill", "formal-identity"}
    assert plain_kinds["distill"]["tgt"] == rules[plain_kinds["distill"]["src"]] != plain_kinds["distill"]["src"]


def test_prompt_controls_say_the_grade_and_length_wanted() -> None:
    assert prompts.controls("v1") is None
    assert prompts.with_prefix("Hello.", "simplify", "v2", grade=7.4) == "simplify grade 8 length 0.9: Hello."
    assert prompts.with_prefix("Hello.", "split", "v2") == "split grade 8 length 1.0: Hello."  # the defaults
    assert prompts.with_prefix("Hi.", "simplify", "v2", grade=30, ratio=0.1) == "simplify grade 16 length 0.5: Hi."


def test_training_controls_come_from_each_pair_s_own_target() -> None:
    from plainspeak.model.training.train import TrainConfig, encode

    class Tok:
        def __call__(self, texts: list[str], **_: object) -> dict[str, list[str]]:
            return {"input_ids": texts}

    pairs = [
        {
            "src": "We will utilise the funds in the event that you ask.",
            "tgt": "We use it if you ask.",
            "task": "shorten",
        }
    ]
    src, tgt = encode(Tok(), pairs, TrainConfig(prompts="v2"))
    from plainspeak.readability import sentence_grade

    grade = prompts.grade_token(sentence_grade(pairs[0]["tgt"]), prompts.controls("v2") or {})
    assert src == [f"shorten grade {grade} length 0.5: {pairs[0]['src']}"]
    assert tgt == [" We use it if you ask."]


def test_prompts_are_versioned_files() -> None:
    p = prompts.load("v1")
    assert set(prompts.TASKS) <= set(p)
    assert prompts.with_prefix("Hello.", "split") == f"{p['split']} Hello."
    with pytest.raises(PlainspeakError):
        prompts.load("v999")


# --- explanations -------------------------------------------------------------------------------------------


def test_describe_names_what_changed() -> None:
    long = (
        "Your application was reviewed by our team and a decision was made regarding your eligibility, and a "
        "letter will be sent to you within ten days explaining the outcome of the assessment in full."
    )
    msg, reason = describe(long, "We reviewed your application. We will write to you within ten days.")
    assert "split a 34-word sentence into 2" in msg and "active voice" in msg and "shorter wording" in msg
    assert "grade" in reason
    assert describe("We utilize the form.", "We use the form.")[0] == "rewrote the sentence: simpler words"
    msg = describe(
        "Please be advised that we utilize the form.",
        "We use the form.",
        [("utilize", "use"), ("Please be advised that", "")],
    )[0]
    assert msg == (
        "rewrote the sentence: shorter wording (8 -> 4 words), plain words ('utilize' -> 'use'), "
        "dropped 'Please be advised that'"
    )


# --- settings and loading -----------------------------------------------------------------------------------


def test_model_setting_values() -> None:
    assert resolve("none") is None and resolve("off") is None
    with pytest.raises(PlainspeakError) as exc:
        resolve("/nonexistent/model")
    assert exc.value.code == "E013"
    with pytest.raises(PlainspeakError):
        Settings(model=3)  # type: ignore[arg-type]


# --- a tiny training run, end to end (CI) ---------------------------------------------------------------------


def test_tiny_training_writes_a_hf_directory(tiny_model: Path) -> None:
    for name in (
        "config.json",
        "model.safetensors",
        "generation_config.json",
        "tokenizer.json",
        "training.json",
        "eval.json",
    ):
        assert (tiny_model / name).is_file(), name
    report = json.loads((tiny_model / "eval.json").read_text())
    assert {"chrf_model", "chrf_copy", "sari_model", "protected_survival"} <= set(report)


def test_tiny_model_decoding_never_breaks_sentinels(tiny_model: Path) -> None:
    r = Rewriter(tiny_model)
    text = "Please pay {{amount}} by June 3, 2024 at www.example.com today."
    for cand in r.generate([text, "No protected items here at all."], n=2, max_new_tokens=40)[0]:
        assert cand.count("{{amount}}") == 1 and cand.count("June 3, 2024") == 1
        assert cand.count("www.example.com") == 1 and "<p" not in cand


def test_fast_greedy_equals_generate(tiny_model: Path) -> None:
    from transformers import LogitsProcessorList

    from plainspeak.model.greedy import FastGreedy, supports

    r = Rewriter(tiny_model)
    assert supports(r.model) and r.fast is not None
    texts = [
        prompts.with_prefix(t)
        for t in (
            "Pay <p0> by <p1> or call us.",
            "We use the form to start.",
            "Your claim was reviewed by our team and a letter will follow.",
        )
    ]
    enc = r.tok(texts, return_tensors="pt", padding=True)
    for with_constraint in (False, True):
        proc = (
            SentinelConstraint(
                r.sentinel_ids,
                [[k < 2 for k in range(32)], [False] * 32, [False] * 32],
                r.tok.eos_token_id,
                [],
                max_new_tokens=30,
            )
            if with_constraint
            else None
        )
        kwargs = {"logits_processor": LogitsProcessorList([proc])} if proc else {}
        # r.model is the plain-torch mBART (mbart_lite.py); generate() runs transformers' model
        slow = r.hf_model().generate(**enc, num_beams=1, do_sample=False, max_new_tokens=30, **kwargs)
        fast, sure = FastGreedy(r.model)(enc["input_ids"], enc["attention_mask"], 30, proc)
        assert sure.shape == (3,) and bool(((sure > 0) & (sure <= 1)).all())
        assert [r._decode(x) for x in fast] == [r._decode(x) for x in slow]


def test_propose_gives_one_greedy_candidate_per_task(tiny_model: Path) -> None:
    r = Rewriter(tiny_model)
    text = "Please pay {{amount}} by June 3, 2024 at www.example.com today."
    cands = r.propose([text, "Short one."], ("simplify", "split", "active"), max_new_tokens=40)
    assert 1 <= len(cands[0]) <= 3 and len(set(cands[0])) == len(cands[0])
    for c in cands[0]:
        assert c.count("{{amount}}") == 1 and c.count("June 3, 2024") == 1 and "<p" not in c
    assert (
        r.generate([text], n=1, beams=1, max_new_tokens=40)[0][0]
        == r.propose([text], ("simplify",), max_new_tokens=40)[0][0]
    )
    too_long = " ".join(["word"] * 400) + "."
    assert r.propose([too_long])[0] == []  # no truncated candidate for a sentence beyond the model's positions


def test_pipeline_with_a_model_keeps_every_model_change_verified(tiny_model: Path) -> None:
    import plainspeak

    text = (
        "Please be advised that your application was reviewed by our team and that a determination will be "
        "made in due course regarding the payment of {{amount}} by June 3, 2024."
    )
    result = plainspeak.rewrite(text, settings=Settings(model=str(tiny_model), check_meaning=False))
    assert "{{amount}}" in result.output and "June 3, 2024" in result.output
    for c in result.changes:
        if c.origin == "model":
            assert c.kind == "reframe" and not c.safe and c.message.startswith("rewrote the sentence")
    plain = plainspeak.rewrite(text, settings=Settings(model="none", check_meaning=False))
    assert not any(c.origin == "model" for c in plain.changes)


# --- the shipped model ----------------------------------------------------------------------------------------

shipped = pytest.mark.skipif(not (DEFAULT_DIR / "config.json").is_file(), reason="no shipped model in this checkout")


@shipped
def test_shipped_model_directory_is_complete_and_small() -> None:
    names = {p.name for p in DEFAULT_DIR.iterdir()}
    assert {"config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "README.md"} <= names
    assert sum(p.stat().st_size for p in DEFAULT_DIR.iterdir()) <= 60 * 1024 * 1024


@shipped
def test_shipped_model_round_trips_save_and_load(tmp_path: Path) -> None:
    from transformers import AutoModelForSeq2SeqLM

    model = AutoModelForSeq2SeqLM.from_pretrained(str(DEFAULT_DIR), local_files_only=True)
    model.save_pretrained(str(tmp_path))
    again = AutoModelForSeq2SeqLM.from_pretrained(str(tmp_path), local_files_only=True)
    for (name, a), (_, b) in zip(model.state_dict().items(), again.state_dict().items()):
        assert torch.equal(a, b), name


@shipped
def test_shipped_model_keeps_protected_items() -> None:
    r = Rewriter(DEFAULT_DIR)
    text = "In the event that payment of {{amount}} is not received by June 3, 2024, your account will be closed."
    cands = r.generate([text], n=3)[0]
    assert cands
    for c in cands:
        assert c.count("{{amount}}") == 1 and c.count("June 3, 2024") == 1 and "<p" not in c


@shipped
def test_shipped_model_splits_a_real_bureaucratic_paragraph() -> None:
    """Four consecutive sentences of a held-out Federal Register document (none of its sentences is in the
    training data): the model splits the long one at its joint, verified, licensed and explained."""
    import plainspeak

    text = (
        "Using these existing APRs for HOEPA coverage necessarily means that non-interest charges will be "
        "reflected in the APR for closed-end, but not for open-end, transactions. The Bureau declines at this "
        "time, however, to adopt a different APR for HELOCs. First, the Bureau notes that creditors have been "
        "required to use the (interest rate) APR for HELOC disclosures for more than twenty years, and this APR "
        "is consistent with the APR used for other open-end credit. Moreover, notwithstanding the commenter's "
        "concern, the Bureau believes that the HOEPA points and fees coverage test should constrain HELOC "
        "creditors from imposing excessively high closing costs."
    )
    result = plainspeak.rewrite(text, settings=Settings(model="default"))
    model = [c for c in result.changes if c.origin == "model" and c.accepted]
    assert len(model) == 1, [v.get("notes") for v in result.verdicts]
    assert "for more than twenty years. This APR is consistent with the APR used" in result.output
    assert model[0].message.startswith("rewrote the sentence: split a 36-word sentence into 2")
    verdict = next(v for v in result.verdicts if v["sentence"] == model[0].sentence)
    assert verdict["applied"] == [model[0].id] and verdict["similarity"] >= 0.8
    assert result.scores_after["flesch_kincaid_grade"] < result.scores_before["flesch_kincaid_grade"]
    assert result.scores_after["long_sentence_count"] < result.scores_before["long_sentence_count"]


@shipped
def test_targets_start_with_a_space_so_words_match_the_source_tokens() -> None:
    from transformers import AutoTokenizer

    from plainspeak.model.training.train import TrainConfig, encode

    tok = AutoTokenizer.from_pretrained(str(DEFAULT_DIR))
    assert json.loads((DEFAULT_DIR / "config.json").read_text())["plainspeak_target_space"] is True
    pair = [{"src": "Proposed rule", "tgt": "Proposed rule"}]
    src, tgt = encode(tok, pair, TrainConfig())
    assert src[0][-len(tgt[0]) :] == tgt[0]  # the source ends with exactly the target's tokens
    _, bare = encode(tok, pair, TrainConfig(target_space=False))
    assert src[0][-len(bare[0]) :] != bare[0]  # without the space the first word is spelled differently
    assert tok.decode(tgt[0], skip_special_tokens=True).strip() == "Proposed rule"


def test_model_rewrite_becomes_edits_between_protected_items() -> None:
    from plainspeak.segment import segment
    from plainspeak.sentence_edits import pieces

    doc = segment("Hi. Please be advised that {{name}} shall pay {{amount}} prior to June 3.", "text")
    s = doc.sentences[1]
    edits = pieces(s, "{{name}} will pay {{amount}} before June 3.")
    assert [(doc.source[a:b], new) for a, b, new in edits] == [
        ("Please be advised that ", ""),
        ("shall", "will"),
        ("prior to", "before"),
    ]
    for a, b, _ in edits:  # no edit touches an item
        assert all(b <= sp.start or a >= sp.end for sp in s.protected)
    assert pieces(s, "Pay {{amount}} now, {{name}}, before June 3.") is None  # the items moved


def test_broken_words_and_loops_are_caught() -> None:
    from plainspeak.model.candidate_checks import new_nonwords, stutters

    before = "The commentary further notes that the Bureau's rule applies."
    assert new_nonwords(before, "Youary further notes that the Bureau's rule applies.") == ["Youary"]
    assert new_nonwords(before, "The note also says that the Bureau's rule applies.") == []
    assert stutters("and the comment comment comment such means")
    assert stutters("we send it to to you") is False and stutters("we send send send it")
    assert not stutters("We will review your claim and write to you.")


def test_a_split_that_cuts_the_tail_off_a_list_is_caught() -> None:
    """Real model output on held-out formal text: the split at ", and the" left "The enhanced liability
    for HOEPA violations, are unaffected" (the last item of a list, cut off from its verb)."""
    from plainspeak.model.candidate_checks import cut_list_tail

    before = (
        "Other than that, the enhanced disclosure and counseling requirements, and the enhanced liability "
        "for HOEPA violations, are unaffected by the final rule."
    )
    assert cut_list_tail(before, before.replace(", and the enhanced", ". The enhanced"))
    assert not cut_list_tail(
        "We received your request, and we will reply soon.", "We received your request. We will reply soon."
    )
    assert not cut_list_tail("Thus, the Board noted it, and it is final.", "Thus, the Board noted it. It is final.")


def test_substitute_keeps_grammar_of_the_jargon_it_writes() -> None:
    """Jargonized inputs teach the model what to undo; a wrong part of speech teaches it wrong
    rewrites ("provided by" -> "gave by"), so the substitutions respect tense and word class."""
    seen: set[str] = set()
    for seed in range(40):
        out = substitute("The form was given to us by the office.", random.Random(seed)) or ""
        seen.add(out)
        assert "gave" not in out and "was provided approval" not in out
    assert any("was provided to us" in o for o in seen)
    for seed in range(40):
        for text in (
            "Blair Read spoke first.",
            "We need to keep it in mind.",
            "Send it to the office.",
            "Meet your audiences' needs.",
        ):
            out = substitute(text, random.Random(seed)) or text
            assert "Blair Read" in out or not text.startswith("Blair")
            assert "need in" not in out and "in order to the" not in out and "so as to the" not in out
            assert "audiences' requires" not in out


def test_merge_uses_only_joints_a_split_undoes_cleanly() -> None:
    joints = {merge("We sent a letter.", "It explains why.", random.Random(s)) for s in range(60)}
    assert joints and all(j and (", and " in j or "; " in j) for j in joints)


def _accepted_model_rewrite(text: str):
    """The pipeline's result for `text` with the shipped model, and its accepted model changes (there must be one)."""
    from plainspeak.pipeline import rewrite

    result = rewrite(text, "text", Settings(model="default"))
    model_changes = [c for c in result.changes if c.origin == "model" and c.accepted]
    assert model_changes, [v.get("notes") for v in result.verdicts]
    return result, model_changes


@shipped
def test_shipped_model_rewrite_is_licensed_verified_and_explained() -> None:
    """End to end with the shipped model: a held-out real sentence, jargonized (dev_plain), gets a
    model rewrite that the licence and the verifier accept, explained by the rule swaps it made."""
    from plainspeak.model.allowed_changes import check

    text = (
        "It has come to our attention that when we’re designing new forms, we can design them as text outlines in "
        "light of the fact that people know the way in which they are going to look and we can pretty quickly "
        "outline a form."
    )
    result, model_changes = _accepted_model_rewrite(text)
    assert result.output == (
        "When we’re designing new forms, we can design them as text outlines since people know how "
        "they are going to look and we can pretty quickly outline a form."
    )
    assert check(text, result.output).refusal is None
    message = model_changes[0].message
    assert (
        "'in light of the fact that' -> 'since'" in message and "dropped 'It has come to our attention that'" in message
    )


@shipped
def test_shipped_model_split_keeps_the_rules_changes_outside_it() -> None:
    """A customer letter's sentence: the model splits it, and the rules' swaps elsewhere in the sentence
    stay; only the swap inside the model's edit ('assist') gives way to it."""
    text = (
        "Should you have any questions regarding this matter, please do not hesitate to contact our customer "
        "service department at 1-800-555-0199, and a representative will be happy to assist you at your "
        "earliest convenience."
    )
    result, _ = _accepted_model_rewrite(text)
    assert result.output == (
        "If you have any questions about this matter, please contact our customer service "
        "department at 1-800-555-0199. A representative will be happy to help you as soon as it suits you."
    )
    rules = {c.before: c for c in result.changes if c.origin != "model"}
    assert all(rules[b].accepted for b in ("Should you have", "regarding", "at your earliest convenience"))
    assert not rules["assist"].accepted and any("superseded" in w for w in rules["assist"].warnings)
    verdict = result.verdicts[0]
    assert verdict["applied"] == [c.id for c in result.changes if c.accepted]


def test_a_model_with_prompt_controls_is_told_the_target_grade(tiny_model: Path) -> None:
    r = Rewriter(tiny_model)
    r.prompts = "v2"  # as if trained with `plainspeak train --prompts v2`
    seen: list[str] = []
    tok = r.tok

    class Recording:
        def __getattr__(self, name: str) -> object:
            return getattr(tok, name)

        def __call__(self, texts: object, **kw: object) -> object:
            if isinstance(texts, list):
                seen.extend(texts)
            return tok(texts, **kw)

    r.tok = Recording()  # type: ignore[assignment]
    r.propose(["We will review the documents that you sent to us last week."], ("simplify", "split"), grade=6)
    assert "simplify grade 6 length 0.9: We will review" in seen[0] and seen[1].startswith("split grade 6 length 1.0:")


_TOKENIZER_TEXTS = [
    "Please be advised that remittance must be received prior to the due date.",
    "Pay <p0> by <p1> or call us.",
    "Café — naïve “quotes” ’ … emoji 😀 and § 1026.43(e)(4)(iii) ok",
    "  spaces  ",
    "",
    "<pad></s><unk><p31>",
    "\n\nnew\nlines",
    # over the 96 tokens the training run saved as truncation in tokenizer.json: nothing is cut
    "Under § 1026.43(e)(4)(iii), the definition of qualified mortgage under paragraph (e)(4) applies only to loans "
    "consummated on or before January 10, 2021, regardless of whether Fannie Mae or Freddie Mac (or any limited-life "
    "regulatory entity succeeding the charter of either) continues to operate under the conservatorship or "
    "receivership of the Federal Housing Finance Agency.",
]


def _assert_same_tokenizer(path: Path) -> None:
    from transformers import AutoTokenizer

    from plainspeak.model.tokenizer import FastTokenizer, load

    hf, ours = AutoTokenizer.from_pretrained(str(path), local_files_only=True), load(path)
    assert isinstance(ours, FastTokenizer)
    texts = _TOKENIZER_TEXTS + [prompts.with_prefix(t, "simplify") for t in _TOKENIZER_TEXTS]
    assert ours.get_vocab() == hf.get_vocab()
    assert ours.all_special_ids == sorted(hf.all_special_ids)
    assert (ours.eos_token_id, ours.unk_token_id, ours.pad_token_id) == (
        hf.eos_token_id,
        hf.unk_token_id,
        hf.pad_token_id,
    )
    assert (ours.pad_token, ours.eos_token, ours.bos_token) == (hf.pad_token, hf.eos_token, hf.bos_token)
    for t in texts:
        assert ours(t, add_special_tokens=False)["input_ids"] == hf(t, add_special_tokens=False)["input_ids"], t
    ids = ours(texts, verbose=False)["input_ids"]
    assert ids == hf(texts, verbose=False)["input_ids"]
    assert max(len(i) for i in ids) > 96
    a, b = ours.pad({"input_ids": ids}, return_tensors="pt"), hf.pad({"input_ids": ids}, return_tensors="pt")
    assert torch.equal(a["input_ids"], b["input_ids"]) and torch.equal(a["attention_mask"], b["attention_mask"])
    for row in ids:
        assert ours.decode(row, skip_special_tokens=False) == hf.decode(row, skip_special_tokens=False)
    assert all(ours.decode([i]) == hf.decode([i]) for i in range(len(hf.get_vocab())))


@shipped
def test_the_shipped_tokenizer_without_transformers_equals_transformers() -> None:
    _assert_same_tokenizer(DEFAULT_DIR)


def test_a_trained_tokenizer_without_transformers_equals_transformers(tiny_model: Path) -> None:
    _assert_same_tokenizer(tiny_model)
    assert type(Rewriter(tiny_model).tok).__name__ == "FastTokenizer"


def test_a_folder_without_a_plain_fast_tokenizer_goes_through_transformers(tmp_path: Path) -> None:
    from plainspeak.model.tokenizer import load

    assert load(tmp_path) is None  # no tokenizer.json
    (tmp_path / "tokenizer.json").write_text((DEFAULT_DIR / "tokenizer.json").read_text(encoding="utf-8"))
    config = json.loads((DEFAULT_DIR / "tokenizer_config.json").read_text(encoding="utf-8"))
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({**config, "clean_up_tokenization_spaces": True}))
    assert load(tmp_path) is None  # transformers would clean up spaces: its tokenizer decides
    (tmp_path / "tokenizer_config.json").write_text(json.dumps({**config, "tokenizer_class": "T5Tokenizer"}))
    assert load(tmp_path) is None


@shipped
def test_the_shipped_model_runs_without_transformers_modeling_code() -> None:
    """Greedy rewriting and the meaning check import no transformers at all (seconds of import)."""
    code = (
        "import sys; from plainspeak.model.rewriter import get_rewriter; from plainspeak.embeddings import Embedder;"
        "r = get_rewriter('default'); Embedder(runtime='torch').encode(['Pay now.']);"
        "r.propose(['Please be advised that payment is due.'], ('split',), max_new_tokens=20);"
        "print(type(r.model).__name__, type(r.tok).__name__,"
        " sorted(m for m in sys.modules if m.startswith('transformers')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "MBartLite FastTokenizer []"  # not even transformers' lazy module (about 1.2 s)


@shipped
def test_the_plain_torch_mbart_equals_transformers() -> None:
    import torch
    from transformers import AutoModelForSeq2SeqLM

    from plainspeak.model.greedy import FastGreedy
    from plainspeak.model.mbart_lite import MBartLite
    from plainspeak.model.rewriter import int8

    lite = MBartLite.load(DEFAULT_DIR)
    hf = AutoModelForSeq2SeqLM.from_pretrained(str(DEFAULT_DIR)).eval()
    r = Rewriter(DEFAULT_DIR)
    texts = [
        "split: Please be advised that remittance must be received prior to the due date.",
        "split: The Bureau reviewed the comments, and it decided to adopt the rule as proposed.",
        "simplify: We will endeavour to respond in due course.",
    ]
    enc = r.tok(texts, return_tensors="pt", padding=True)
    with torch.inference_mode():
        a = lite.model.encoder(enc["input_ids"], enc["attention_mask"]).last_hidden_state
        b = hf.model.encoder(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).last_hidden_state
    assert float((a - b).abs().max()) < 1e-5
    ours, _ = FastGreedy(int8(lite))(enc["input_ids"], enc["attention_mask"], 40)
    theirs, _ = FastGreedy(int8(hf))(enc["input_ids"], enc["attention_mask"], 40)
    assert [r._decode(x) for x in ours] == [r._decode(x) for x in theirs]


def test_the_model_tries_sentences_of_a_length_it_can_help_with() -> None:
    from plainspeak.model.stage import MAX_GRADE, MAX_WORDS, MIN_WORDS, _needs_model
    from plainspeak.readability import sentence_grade

    st = Settings(target_grade=8)
    mid = (
        "Customers who send the signed form back to our office before the end of the month "
        "will get a letter about the result."
    )
    assert MIN_WORDS <= len(mid.split()) < MAX_WORDS and 8 < sentence_grade(mid) <= MAX_GRADE and _needs_model(mid, st)
    long = " ".join([mid.rstrip(".")] + ["and the letter will be sent to you by post"] * 4) + "."
    assert len(long.split()) >= MAX_WORDS and not _needs_model(long, st)  # left to the restructure stage
    dense = (
        "Applicants who submit documentation demonstrating eligibility will subsequently "
        "receive notification regarding the determination."
    )
    assert sentence_grade(dense) > MAX_GRADE and not _needs_model(dense, st)  # the model has not won one so dense
    assert not _needs_model("Please pay the invoice.", st)


def test_guess_goes_on_from_the_best_matching_place_of_the_input() -> None:
    from plainspeak.model.greedy import guess

    source = [5, 9, 7, 1, 2, 3, 4, 7, 1, 8, 6]
    assert guess(source, [9, 7, 1], 3) == [2, 3, 4]  # "9 7 1" matches at its first place, not the second "7 1"
    assert guess(source, [3, 4, 7, 1], 2) == [8, 6]
    assert guess(source, [42], 3) == [] and guess(source, [], 3) == [] and guess(source, [7], 0) == []
    # a token put in place of one of the input's: go on after the one it replaced ("to tell" for "to inform")
    assert guess(source, [9, 7, 1, 42], 3) == [3, 4, 7]
    assert guess(source, [42, 43, 44, 45], 3) == []  # SKIP new tokens in a row: no place to go on from


@shipped
def test_guessed_positions_never_change_what_greedy_decoding_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoding with guesses from the input (several positions per pass) writes the same tokens as one
    position per pass, under every constraint the pipeline uses (sentinels, allowed words, forced leads)."""
    from plainspeak.model import greedy
    from plainspeak.model.allowed_changes import vocabulary
    from plainspeak.model.rewriter import get_rewriter
    from plainspeak.model.split_leads import split_leads

    r = get_rewriter("default")
    assert r is not None
    texts = [
        "Please be advised that remittance must be received prior to {{due_date}}, and late payments will incur a fee.",
        "In order to facilitate a timely resolution, please ensure that all required documentation is submitted.",
        "The Bureau believes that the final rule will reduce burden on small creditors, and it has revised the text.",
        "Your order of $25.00 was dispatched on June 3, 2024 and it will arrive at www.example.com/track soon.",
        "Customers who experience problems after the upgrade are advised to restart their router and try again.",
    ]
    kwargs = {
        "tasks": ("split",),
        "min_confidence": 0.3,
        "vocabularies": [vocabulary(t) for t in texts],
        "leads": [split_leads(t) for t in texts],
        "grade": 8.0,
    }
    monkeypatch.setattr(greedy, "DRAFT", 1)
    one = r.propose(texts, **kwargs)
    monkeypatch.setattr(greedy, "DRAFT", 8)
    many = r.propose(texts, **kwargs)
    assert one == many and any(one)
