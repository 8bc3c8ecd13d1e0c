"""The small seq2seq model: data building, tokenizer, training, constrained inference, evaluation.

Import the submodules directly (they pull in torch and transformers only when used):
`data`, `jargonize`, `tokenizer`, `train`, `reproduce`, `infer`, `hook`, `explain`, `metrics`, `prompts`, `sentinels`.
"""
