"""Training the sentence model: data building, the jargonizer, tokenizer, training loop, evaluation.

Run-time code never imports this package (a test reads every import to check it).
"""
