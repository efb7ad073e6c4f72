"""Verification: public and read-only. Anyone checks a certificate by its folio, its QR,
its credential file or its PDF; reads the frozen claims and stored signatures."""
