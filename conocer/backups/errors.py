class BackupError(Exception):
    """A backup or a restore cannot go on; the message tells the operator why."""
