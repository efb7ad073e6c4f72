"""System checks run by every management command (so `make run` explains, not crashes)."""

from django.core.checks import Error, register

WEASYPRINT_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"


@register()
def weasyprint_libraries(app_configs, **kwargs):
    """WeasyPrint needs Pango from the system to render certificate PDFs."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        return [Error(
            f"WeasyPrint cannot load a system library: {exc}",
            hint=f"Install them with: sudo apt-get install {WEASYPRINT_PACKAGES}",
            id="issuance.E001",
        )]
    return []
