"""A document rewritten in parts (plainspeak/parts.py) gives exactly the result of the whole: the server
shares a lone call's sentences among its idle workers and joins the parts (server/pool.py)."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import pytest

from plainspeak import pipeline
from plainspeak.errors import PlainspeakError
from plainspeak.parts import partition, weight
from plainspeak.server.pool import PipelinePool
from plainspeak.settings import Settings
from plainspeak.stages import renumbered

# a formal paragraph whose first sentence the restructure stage splits in two changes (c2, c3), after a rule change
FORMAL = (
    "Although the Bureau did not propose a specific form of notice under proposed § 1005.33(h)(2), it requested "
    "comment on whether the Bureau should specify the form of the notice and when and how such notice should be "
    "delivered. Industry commenters were largely divided on whether the Bureau should provide specific form and "
    "content instructions for the required notice. However, no commenter objected to the basic requirement of "
    "notice, and several commenters affirmatively agreed that notice would be beneficial. Those commenters who "
    "preferred that the Bureau specify a specific form for the required notice, including several smaller "
    "depository institutions, argued that model language provided by the Bureau would ease their compliance "
    "burden, particularly if there were a safe harbor for its use."
)
# customer copy: rule swaps, Say-YES, a deleted hollow line next to another, a placeholder
NOTICE = (
    "We regret to inform you that application 4471 for your premium account cannot be processed at this time. "
    "Your call is important to us. Thank you for your patience.\n"
    "In order to facilitate a timely resolution, please ensure that all required documentation for case 88 is "
    "submitted prior to {{due_date}}. Please be advised that failure to provide the requested information within "
    "14 days may result in the termination of your application. We appreciate your patience and will utilize "
    "your feedback going forward."
)
# a sentence the shipped model rewrites, between others
MODEL = (
    "Thank you for your order. The changing climate is already jeopardizing gains in the fi ght against hunger, "
    "and it looks like it will get worse, said Oxfam. Please contact us if you have any questions."
)
HTML = (
    "<p>Dear {{first_name}},</p><p>Please be advised that your subscription will be renewed automatically "
    "prior to the commencement of the next billing period.</p><p>Should you require further assistance, do not "
    "hesitate to contact our support team.</p>"
)


def _joined(text: str, fmt: str, settings: Settings, parts: int) -> dict[str, Any]:
    return pipeline.join([pipeline.rewrite_part(text, fmt, settings, k, parts) for k in range(parts)]).to_dict()


@pytest.mark.parametrize(
    "text,fmt,model",
    [(FORMAL, "text", "none"), (NOTICE, "text", "none"), (HTML, "html", "none"), (MODEL, "text", "default")],
)
@pytest.mark.parametrize("parts", [2, 3])
def test_parts_join_to_the_whole_result(text: str, fmt: str, model: str, parts: int) -> None:
    settings = Settings(model=model)
    whole = pipeline.rewrite(text, fmt, settings).to_dict()
    assert whole["changes"], "a document the stages change"
    assert _joined(text, fmt, settings, parts) == whole


def test_the_documents_exercise_what_joining_must_get_right() -> None:
    """Not a vacuous comparison: ids that move between parts and warnings that name them, a model rewrite,
    two neighbouring deleted sentences."""
    formal = pipeline.rewrite(FORMAL, "text", Settings(model="none"))
    together = [c for c in formal.changes if any(w.endswith("accept or reject them together") for w in c.warnings)]
    assert len(together) >= 2
    shares = partition(pipeline.run_analysis(FORMAL, "text", Settings()), 2, 8.0)
    assert together[0].sentence not in shares[0]  # its share numbers its changes from c1: joining renumbers them
    notice = pipeline.rewrite(NOTICE, "text", Settings(model="none"))
    deleted = [c for c in notice.changes if c.accepted and c.kind == "delete" and c.after == ""]
    assert len({c.sentence for c in deleted}) >= 2
    model = pipeline.rewrite(MODEL, "text", Settings())
    assert any(c.origin == "model" and c.accepted for c in model.changes)


def test_partition_shares_every_sentence_once_heaviest_first() -> None:
    analysis = pipeline.run_analysis(NOTICE, "text", Settings())
    n = len(analysis.sentences)
    for parts in (1, 2, 3, n + 2):
        shares = partition(analysis, parts, 8.0)
        assert len(shares) == parts
        assert sorted(i for share in shares for i in share) == list(range(n))
        assert all(share == sorted(share) for share in shares)
        assert shares == partition(analysis, parts, 8.0)
    weights = {sa.sentence.index: weight(sa, 8.0) for sa in analysis.sentences}
    two = partition(analysis, 2, 8.0)
    heaviest = sorted(weights, key=lambda i: -weights[i])[:2]
    assert weights[heaviest[0]] > weights[min(weights, key=lambda i: weights[i])]
    assert {next(k for k, share in enumerate(two) if i in share) for i in heaviest} == {0, 1}
    # a sentence with rule fixes weighs more than a longer one without
    by_words = sorted(analysis.sentences, key=lambda sa: -sa.words)
    fixed = [sa for sa in analysis.sentences if any(m.replacement for m in sa.hits)]
    assert weight(fixed[0], 8.0) > weight(by_words[-1], 8.0)


def test_renumbered_rewrites_only_the_ids_our_warnings_name() -> None:
    ids = {"c1": "c4", "c2": "c5"}
    assert (
        renumbered("one of 2 parts of the restructuring of this sentence (c1, c2); accept or reject them together", ids)
        == "one of 2 parts of the restructuring of this sentence (c4, c5); accept or reject them together"
    )
    assert renumbered("superseded by the model's rewrite of the whole sentence (c2)", ids) == (
        "superseded by the model's rewrite of the whole sentence (c5)"
    )
    assert renumbered("meaning drifts too far (c1)", ids) == "meaning drifts too far (c1)"


class _InlineExecutor:
    """Runs each submitted call at once, in this process (the pool's sharing without worker processes)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def submit(self, fn, *args):
        self.calls.append(fn.__name__)
        fut: Future = Future()
        try:
            fut.set_result(fn(*args))
        except Exception as exc:  # handed back as the future's, as an executor does
            fut.set_exception(exc)
        return fut


def test_pool_shares_a_lone_rewrite_and_joins_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = PipelinePool(2, None, "none")
    inline = _InlineExecutor()
    pool._executor = inline  # type: ignore[assignment]
    settings = Settings(model="none")
    got = pool.rewrite(NOTICE, "text", settings, None)
    assert inline.calls == ["_rewrite_part", "_rewrite_part"]
    assert got.to_dict() == pipeline.rewrite(NOTICE, "text", settings).to_dict()
    some = [c.id for c in got.changes][:2]
    assert (
        pool.rewrite(NOTICE, "text", settings, some).to_dict()
        == pipeline.rewrite(NOTICE, "text", settings, accept=some).to_dict()
    )
    with pytest.raises(PlainspeakError) as exc:  # both parts fail alike: the caller gets the error
        pool.rewrite("   ", "text", settings, None)
    assert exc.value.code == "E001" and pool._in_flight == 0
    monkeypatch.setenv("PLAINSPEAK_SHARE", "0")
    unshared = PipelinePool(2, None, "none")
    unshared._executor = inline  # type: ignore[assignment]
    inline.calls.clear()
    assert unshared.rewrite(NOTICE, "text", settings, None).to_dict() == got.to_dict()
    assert inline.calls == ["_rewrite"]
    monkeypatch.setenv("PLAINSPEAK_SHARE", "yes")
    with pytest.raises(PlainspeakError) as bad:
        PipelinePool(2, None, "none")
    assert bad.value.code == "E006"
