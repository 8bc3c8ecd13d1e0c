"""Filler a plain rewrite may drop: hollow openers, closers and hedges.

One home for these phrases: the training data's jargonizer adds them to plain sentences, and the
model's edit check (`allowed_changes.py`) lets a rewrite remove them.
"""

from __future__ import annotations

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
