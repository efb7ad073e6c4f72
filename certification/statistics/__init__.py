"""Public statistics: read models kept beside the certificates (fed by issuance's and
assessment's hooks, repaired nightly), the aggregates of the public dashboard and open
data, and their API. Above issuance in the one-way order. See docs/statistics.md."""
