"""Assessment: people (national), their candidacies at centres, assessments, judgements
and evidence — from registering a candidate to the assessor's verdict."""
