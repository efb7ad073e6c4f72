"""The holder's use cases: `signin` (links, access codes, e-mail confirmation), `space`
(downloads, the RENAP choice, LinkedIn), `sharing` (share links)."""
