class ServiceError(Exception):
    """A business rule refused the request; `message` is translated, for the person."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
