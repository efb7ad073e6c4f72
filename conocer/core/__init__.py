"""The ground floor: what every app of the registry uses — the audit log, the errors a
service raises, who is a CONOCER administrator, the views' and the API's error adapter,
throttling, the clock and the read-only admin base. It imports no app of the project."""
