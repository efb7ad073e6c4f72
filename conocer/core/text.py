import unicodedata


def fold(text: str) -> str:
    """Lower case without accents: 'Evaluación' and 'EVALUACION' both become 'evaluacion'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
