"""Use cases of issuance: `requests` (a competent verdict becomes a request; the awarding
body approves or rejects it), `certificates` (issuing with frozen claims, withdrawal,
corrected reissue, import of historical records), `pdfs` (the signed PDF) and `usage`
(the figures standards show)."""
