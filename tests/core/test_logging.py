import logging

from conocer.core.logging import RedactIdentities, redact


def test_a_curp_in_a_log_message_is_masked():
    record = logging.LogRecord("x", logging.INFO, __file__, 1,
                               "Búsqueda de %s en RENAP", ("NUPB900412MMCXXG38",), None)
    RedactIdentities().filter(record)
    assert "NUPB900412MMCXXG38" not in record.getMessage()
    assert "NUPB**************" in record.getMessage()


def test_text_without_a_curp_is_left_alone():
    assert redact("Folio 7K3M-Q9TX-2F4B aprobado") == "Folio 7K3M-Q9TX-2F4B aprobado"


def test_the_console_handler_of_the_settings_masks_curps(settings):
    assert "redact_identities" in settings.LOGGING["handlers"]["console"]["filters"]
