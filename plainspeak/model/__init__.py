"""The small seq2seq model at run time: loading, constrained decoding, the pipeline stage.

Inference (this folder; never imports `training/`):
  `stage`             the pipeline's model stage: candidates, checks, the winner as changes
  `rewriter`          loading a Hugging Face seq2seq directory and constrained generation
  `greedy`            the fast int8 greedy decoding path
  `sentinels`         protected items as sentinels, in and out of the model
  `split_leads`       forced leads: a candidate that must start with the sentence up to a clause joint
  `prompts`           the versioned control prefixes in prompts/
  `allowed_changes`   every change a rewrite makes must be one the rule data or grammar accounts for
  `word_pairs`        the shipped table of word pairs real English shows ("is finished", not "is finish")
  `candidate_checks`  no broken words, loops, invented names; enough of the sentence kept
  `explain`           the plain explanation of a model change
  `filler`            hollow openers, closers and hedges a rewrite may drop
  `default/`          the shipped checkpoint and its model card

Training (`training/`, may import inference): `data` (dev and training pairs), `jargonize`,
`tokenizer_build`, `train`, `reproduce` (the `plainspeak train` recipe), `evaluate`, `metrics`,
`word_pairs` (rebuilds the word-pair table).
Import submodules directly: torch and transformers load only when a model is used.
"""
