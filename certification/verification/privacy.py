def mask_identity(value: str) -> str:
    """Show enough of a CURP or document number to recognise it, never more than a third
    of its characters: the end (the CURP's check characters), and for longer values the
    start (a CURP's initials), never the birth date.

    `GOMC850101HDFRRL09` → `GOMC••••••••••••09`; `G41873920` → `••••••••20`…
    """
    shown = len(value) // 3
    tail = min(2, shown)
    head = shown - tail
    return value[:head] + "•" * (len(value) - head - tail) + (value[-tail:] if tail else "")
