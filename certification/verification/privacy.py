def mask_identity(value: str) -> str:
    """Show enough of a CURP or document number to match it, not to copy it.

    `GOMC850101HDFRRL09` → `GOMC85••••••••••09`.
    """
    if len(value) <= 6:
        return "•" * len(value)
    return value[:6] + "•" * (len(value) - 8) + value[-2:]
