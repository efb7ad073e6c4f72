"""Use cases of recognition: `catalogue` (foreign systems and equivalences, kept by
CONOCER) and `requests` (a person's request, and the reviewer's decision)."""
