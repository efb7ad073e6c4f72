"""Pages of assessment: `people` (finding and registering candidates, starting an
assessment) and `file` (the assessment file: judgements, evidence, verdict)."""

from .file import (
    assessment,
    autosave_judgement,
    evidence_file,
    remove_evidence,
    save_judgements,
    submit_assessment,
    upload_evidence,
)
from .people import candidates, my_assessments, register_candidate, start_assessment

__all__ = ["assessment", "autosave_judgement", "candidates", "evidence_file",
           "my_assessments", "register_candidate", "remove_evidence", "save_judgements",
           "start_assessment", "submit_assessment", "upload_evidence"]
