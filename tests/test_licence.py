"""The licence a model rewrite needs: real model output on held-out Federal Register sentences
(refused) and rewrites the rules and grammar can account for (accepted)."""

from __future__ import annotations

import gzip

import pytest

from plainspeak.model import word_pairs
from plainspeak.model.allowed_changes import check
from plainspeak.model.training import word_pairs as word_pairs_build

# (original, model rewrite, words the refusal must contain): all written by the shipped model in session 2
REFUSE = [
    (
        "The Bureau is finalizing proposed comments 32(a)(1)(i)-2 and -3 as comments 32(a)(1)(i)-1 and -2, "
        "respectively, for organizational purposes.",
        "The Bureau is finish proposed comments 32(a)(1)(i)-2 and -3 as comments 32(a)(1)(i)-1. -2, respectively, "
        "for organizational purposes.",
        "is finish",
    ),
    (
        "This provision generally would have mirrored proposed § 1026.32(b)(1)(i) for closed-end credit transactions, "
        "with the following differences.",
        "Set would have mirrored proposed § 1026.32(b)(1)(i) for closed-end credit transactions, with the following "
        "differences.",
        "'set'",
    ),
    (
        "The Bureau believed proposed § 1026.34(a)(5)(v) would help preserve the availability of counseling for "
        "high-cost mortgages, and at the same time help ensure counselor independence.",
        "The Bureau believed proposed § 1026.34(a)(5)(v) would help preserve the availability of counseling for "
        "high-cost mortgages. At the same time help ensure counselor independence.",
        "subject",
    ),
    (
        "If a recipient institution identifier is incorrect and the provider does not match it with an institution "
        "name, funds could be mis-deposited.",
        "If a recipient institution identifier is incorrect. The provider does not match it with an institution "
        "name, funds could be mis-deposited.",
        "main clause",
    ),
    (
        "The additional disclosures required under § 1026.32(c) may be provided by the creditor up to three business "
        "days prior to consummation of the mortgage.",
        "The more disclosures needed under § 1026.32(c) may be gave by the creditor up to three business days before "
        "consummation of the mortgage.",
        "gave",
    ),
    (
        "A few commenters, while primarily supportive of a requirement to provide a static list, favored the idea "
        "of the Web site portal.",
        "A few commenters. primarily supportive of a requirement to provide a static list, favored the idea of the "
        "Web site portal.",
        "'while'",
    ),
    (
        "The Bureau received no comments concerning the interaction of the total loan amount calculation and the "
        "prohibition against financing of points and fees.",
        "The Bureau received no comments about the interaction of the total loan amount calculation. The prohibition "
        "against financing of points and fees.",
        "no comma",
    ),
    (
        "The transfer authority provided by this section shall be subject to prior consultation with, and the regular "
        "notification procedures of, the Committees on Appropriations.",
        "The transfer authority provided by this section will be subject to prior consultation with. The regular "
        "notification procedures of, the Committees on Appropriations.",
        "verb",
    ),
    (
        "The payment schedule is adjusted to the seasonal or irregular income of the consumer.",
        "The payment schedule is adjusted to the seasonal or the consumer.",
        "'irregular'",
    ),
    # session 4, the retrained model given the sentence up to ", and the" (the second part belongs to "in which");
    # it wrote "The payment transfer provider", a swap no rule offers since session 8: kept as "The remittance ..."
    (
        "First, the 2013 Final Rule creates a new exception to the definition of the error for situations in which a "
        "sender provides an incorrect account number or recipient institution identifier, and the remittance transfer "
        "provider meets certain conditions.",
        "First, the 2013 Final Rule creates a new exception to the definition of the error for situations in which a "
        "sender provides an incorrect account number or recipient institution identifier. The remittance transfer "
        "provider meets certain conditions.",
        "'which' opens",
    ),
    # "will be obtained" -> "will be get": no rule offers "get" after a be-form (PS1036's not_before),
    # so the licence refuses the word itself
    (
        "The list shall be obtained no earlier than 30 days prior to the time when the list is provided.",
        "The list will be get a no earlier than 30 days before the time when the list is provided.",
        "do not offer ('get')",
    ),
    # session 5, the shipped model on a held-out dev_plain row: an adverb between "be" and the verb
    (
        "These can change each and every 5 years or so, but should be continuously carrying out an investigation "
        "into the future.",
        "These can change each 5 years or so, but should be continuously investigate the future.",
        "'be investigate'",
    ),
    (
        "See comments 32(b)(1)(i)(D)-1, -3, and -4 for further guidance concerning the exclusion of bona fide "
        "third-party charges from points and fees.",
        "See comments 32(b)(1)(i)(D)-1, -3. -4 for further guidance about the exclusion of real third-party charges "
        "from points and fees.",
        "full stop",
    ),
]

ACCEPT = [
    (
        "In dollar-weighted terms, loans purchased by Fannie Mae or Freddie Mac accounted for about two-thirds of "
        "2011 mortgage originations, and FHA/VA loans comprised roughly 22 percent of originations.",
        "In dollar-weighted terms, loans purchased by Fannie Mae or Freddie Mac accounted for about two-thirds of "
        "2011 mortgage originations. FHA/VA loans comprised roughly 22 percent of originations.",
        [],
    ),
    (
        "Your application will be reviewed by us prior to the end of the month.",
        "We will review your application before the end of the month.",
        [("prior to", "before")],
    ),
    (
        "Please be advised that we will utilize your feedback to make improvements to the service.",
        "We will use your feedback to improve the service.",
        [("utilize", "use")],
    ),
    (
        "The office will send the letter, and the letter explains the next steps in the process.",
        "The office will send the letter. The letter explains the next steps in the process.",
        [],
    ),
]


@pytest.mark.parametrize("before,after,why", REFUSE, ids=[r[2] for r in REFUSE])
def test_refuses_what_the_model_got_wrong(before: str, after: str, why: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert check(before, after).refusal is not None
    # these are regulatory sentences, where some rules now stay silent (rules/register.py) and the licence
    # refuses their words earlier; with every rule offering its words, the check each case was written for
    from plainspeak.model import allowed_changes

    monkeypatch.setattr("plainspeak.rules.matcher.is_regulation", lambda _sentence: False)
    caches = (allowed_changes.rule_offers, allowed_changes.offered)
    for c in caches:
        c.cache_clear()
    try:
        licence = check(before, after)
    finally:
        for c in caches:
            c.cache_clear()
    assert licence.refusal is not None and why in licence.refusal


@pytest.mark.parametrize("before,after,swaps", ACCEPT, ids=range(len(ACCEPT)))
def test_accepts_rewrites_the_rules_account_for(before: str, after: str, swaps: list) -> None:
    licence = check(before, after)
    assert licence.refusal is None
    for swap in swaps:
        assert swap in licence.swaps


def test_auxiliary_pairs_come_from_the_corpora() -> None:
    assert word_pairs.attested("is", "complete") and word_pairs.attested("may", "give")
    assert not word_pairs.attested("is", "finish") and not word_pairs.attested("be", "gave")
    assert word_pairs.attested("the", "finish")  # only auxiliaries are checked
    assert word_pairs.pairs("It was given to us and we may give more.") == {("was", "given"), ("may", "give")}


@pytest.mark.slow
def test_shipped_auxiliary_table_is_what_the_builder_writes() -> None:
    from plainspeak.model.training.data import CORPUS

    if not (CORPUS / "plain-english").is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS} (CI clones shared/ beside the repository)")
    with gzip.open(word_pairs.TABLE, "rt", encoding="utf-8") as f:
        shipped = [line.rstrip("\n") for line in f]
    assert shipped == word_pairs_build.build(CORPUS)


# the checks on small words, repeats and voice, on more real model output (held-out dev_plain)
REFUSE_MORE = [
    ("The Web team carried out an analysis of user feedback.", "Web team analyzed user feedback.", "'the'"),
    (
        "Not only does clear communication prevent costly mistakes, but it also brings the team together.",
        "On only does clear communication prevent costly mistakes, but it also brings the team together.",
        "'not'",
    ),
    (
        "If you need immediate assistance you must email us and your request shall be directed to the right party.",
        "You need immediate assistance you must email us and your request will be directed to the right party.",
        "'if'",
    ),
    (
        "You will be made an enquiry to make a selection of a digital certificate.",
        "You will ask to choose a digital certificate.",
        "by",
    ),
    (
        "We will talk about what they learned about building a product from the ground up.",
        "We will talk about what they learned about building a product from from the ground up.",
        "doubles",
    ),
    (
        "We will talk about what they learned about building a product from the ground up.",
        "We will talk about what they learned about building product a product from the ground up.",
        "repeats",
    ),
    (
        "It has to be rooted in what we do day-to-day, and specifically encapsulate what we do at this point in time.",
        "It has to be rooted in what we do day-to-day. specifically encapsulate what we do now.",
        "capital",
    ),
    (
        "“Since our agency is run by accountants, those metrics spoke to them,” Fioritto indicated.",
        "Since our agency is run by accountants, those metrics spoke to them,” Fioritto said.",
        "quote",
    ),
    (
        "Please be advised that, pursuant to our policy, remittance must be received prior to the due date.",
        "Under to our policy, payment must be received before the due date.",
        "part of the jargon",
    ),
    (
        "We charge an additional fee for paper statements each month.",
        "We charge an more fee for paper statements each month.",
        "article",
    ),
    # splits the shipped model wrote by beam search on held-out Federal Register sentences
    (
        "By contrast, where the recipient's institution is an agent of the provider, the Bureau believes the provider "
        "should have access to the disclosure of any fees.",
        "By contrast, where the recipient's institution is an agent of the provider. The Bureau believes the provider "
        "should have access to the disclosure of any fees.",
        "main clause",
    ),
    (
        "The commenters also noted that such schemes became another vehicle for hidden costs, and that the Dodd-Frank "
        "Act sought to put such abuses to rest.",
        "The commenters also noted that such schemes became another vehicle for hidden costs. The Dodd-Frank Act "
        "sought to put such abuses to rest.",
        "'that'",
    ),
]


# written by the GPU-trained 4+4 model of session 18 (docs/model.md, "Training on a GPU") on held-out text;
# each passed every check before these
REFUSE_SPLITS = [
    (
        "The Bureau recognizes that section 129(v) is a complex provision, and agrees with public commenters that "
        "several of the features and terms of the provision are ambiguous.",
        "The Bureau recognizes that section 129(v) is a complex provision. They agrees with public commenters that "
        "several of the features and terms of the provision are ambiguous.",
        "starts with 'they'",
    ),
    (
        "He is not the first person to express scepticism about Mars One, a vastly ambitious private mission aiming "
        "to settle humans on Mars from 2025.",
        "He is not the first person to express scepticism about Mars One. He is a vastly ambitious private mission "
        "aiming to settle humans on Mars from 2025.",
        "starts with 'he'",
    ),
    (
        "The official timeline for the mission says the group plans to send a stationary lander and satellite to "
        "Mars in 2018, followed by a rover in 2020 and cargo missions starting in 2022.",
        "The official timeline for the mission says the group plans to send a stationary lander and satellite to "
        "Mars in 2018. It followed by a rover in 2020 and cargo missions starting in 2022.",
        "starts with 'it'",
    ),
    (
        "These consumer group commenters opined that so long as the funds remain in an institution's control, there "
        "is generally no concern that those funds will disappear.",
        "These consumer group commenters opined that so long as the funds stay in an institution's control. There "
        "is generally no concern that those funds will disappear.",
        "'that' clause",
    ),
    (
        "The cuts come despite studies showing that, for every euro invested in programmes such as Kethea, the "
        "state saves about 6 in costs to the criminal justice and healthcare systems.",
        "The cuts come despite studies showing that, for every euro invested in programmes such as Kethea. The "
        "state saves about 6 in costs to the criminal justice and healthcare systems.",
        "'that' clause",
    ),
    (
        "In his case, he said, the element of reciprocity he could offer to banks might lie in the insight he "
        "gleaned from years of obtaining bank loans fraudulently.",
        "In his case, he said. The element of reciprocity he could offer to banks might lie in the insight he "
        "gleaned from years of getting bank loans fraudulently.",
        "what 'said' reports",
    ),
    (
        "With a few exceptions, the 2013 Final Rule generally does not change or lowers the cost of compliance for "
        "depositories and credit unions, many of which offer small business credit.",
        "With a few exceptions, the 2013 Final Rule generally does not change or lowers the cost of compliance for "
        "depositories and credit unions. Many of which offer small business credit.",
        "relative clause",
    ),
    (
        "This season, criticism of referees has increased to the point where some former referees have felt "
        "compelled to complain about standards.",
        "This season, criticism of referees has increased to the point. Some former referees have felt compelled "
        "to complain about standards.",
        "'where'",
    ),
    (
        "Now, for the first time, scientists have started to map the bacteria coursing through a city's subway  and "
        "they have found a wealth of curious results.",
        "Now, for the first time, scientists have started to map the bacteria coursing through a city's subway . "
        "They have found a wealth of curious results.",
        "space before a full stop",
    ),
]

# the same model's splits that are right: the new sentence's subject is the original's, past the joint
ACCEPT_SPLITS = [
    (
        "The changing climate is already jeopardizing gains in the fight against hunger, and it looks like it will "
        "get worse, said Oxfam.",
        "The changing climate is already jeopardizing gains in the fight against hunger. It looks like it will get "
        "worse, said Oxfam.",
    ),
    (
        "But Pelphrey said oxytocin might help the brain learn from social interactions; it would work best when "
        "used with therapies that encourage people with autism to engage more socially, he said.",
        "But Pelphrey said oxytocin might help the brain learn from social interactions. It would work best when "
        "used with therapies that encourage people with autism to engage more socially, he said.",
    ),
    (
        "First we noticed the wind, and then the room was filled with a very bright light and we could see a cloud "
        "of smoke in the sky, she said.",
        "First we noticed the wind. Then the room was filled with a very bright light and we could see a cloud of "
        "smoke in the sky, she said.",
    ),
]


@pytest.mark.parametrize("before,after,why", REFUSE_SPLITS, ids=[r[2] for r in REFUSE_SPLITS])
def test_refuses_splits_that_invent_a_subject_or_cut_a_clause(before: str, after: str, why: str) -> None:
    licence = check(before, after)
    assert licence.refusal is not None and why in licence.refusal, licence.refusal


@pytest.mark.parametrize("before,after", ACCEPT_SPLITS)
def test_accepts_splits_whose_subject_the_original_gives(before: str, after: str) -> None:
    assert check(before, after).refusal is None


@pytest.mark.parametrize("before,after,why", REFUSE_MORE, ids=[r[2] for r in REFUSE_MORE])
def test_refuses_lost_small_words_repeats_and_false_voice_changes(before: str, after: str, why: str) -> None:
    licence = check(before, after)
    assert licence.refusal is not None and why in licence.refusal, licence.refusal


def test_split_rules_follow_real_sentences() -> None:
    """Abbreviations are not sentence ends; a new sentence may open with a clause before its subject."""
    assert (
        check(
            "Kindly be informed that U.S. Small Business Administration (SBA) is open.",
            "U.S. Small Business Administration (SBA) is open.",
        ).refusal
        is None
    )
    assert (
        check(
            "Utilize the full year; for informal writing, it's okay in an effort to use a short form.",
            "Use the full year. For informal writing, it's okay to use a short form.",
        ).refusal
        is None
    )
    assert (
        check(
            "Add redirects to the latest content, and when you look at a page, deem in the region of the "
            "optimal way to meet user needs.",
            "Add redirects to the latest content. When you look at a page, think about the best way to meet "
            "user needs.",
        ).refusal
        is None
    )


def test_the_licence_offers_what_every_rewriting_rule_offers() -> None:
    """rule_offers tries only the rules whose prefilters a sentence passes (analysis.RuleIndex.candidates):
    on the rules' examples and real copy that must change no offer."""
    from pathlib import Path

    from plainspeak.model.allowed_changes import _rewriting_index, rule_offers

    index = _rewriting_index()
    texts = [t for m in index.matchers for t in (*m.rule.fire, *m.rule.must_pass)]
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "formal-english" / "sentences.jsonl.gz"
    if corpus.exists():
        import json

        with gzip.open(corpus, "rt", encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for _, line in zip(range(600), f)]
    for text in texts:
        every = [offer for m in index.matchers for offer in m.offers(text)]
        assert list(rule_offers(text))[: len(every)] == every, text
