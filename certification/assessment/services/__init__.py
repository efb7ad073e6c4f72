"""Use cases of assessment: `people` (registering candidates) and `assessments` (from
starting an assessment to the verdict)."""
