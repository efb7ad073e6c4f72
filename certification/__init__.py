"""Certification: the apps of one job each — assessment, issuance, trust, verification."""
