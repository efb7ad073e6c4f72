"""The holder's own space: a certified person signs in without a password, finds every
certificate of theirs, downloads, shares and asks to correct them, and chooses whether
to appear in the public registry (RENAP). Above verification in the one-way order: it
reads issuance and verification and calls their services. See docs/holders.md."""
