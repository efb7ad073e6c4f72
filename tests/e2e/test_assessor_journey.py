"""The assessor's day in a real browser, on the demo data, at desk and phone widths:
register a candidate and go straight to starting their assessment, judge criteria while
the page counts them, send the verdict with a mistake and get everything back with the
focus on the mistake, fix it and submit; then open, from "needs your action", an
assessment the awarding body sent back."""

import datetime

import pytest

from certification.assessment.models import Assessment
from conocer.demo.people import build_curp
from tests.e2e.conftest import in_db, sign_in
from tests.e2e.look import DESKTOP, NARROW, PHONE, look

pytestmark = pytest.mark.django_db(transaction=True)


def progress(page) -> str:
    return page.locator("#progress").inner_text()


def send_back(curp):
    """The awarding body's reviewer rejects the request of the candidate with this CURP."""
    from bodies.models import Membership
    from certification.issuance.services import requests

    assessment = Assessment.objects.get(candidacy__person__curp=curp)
    reviewer = Membership.objects.filter(
        role=Membership.Role.REVIEWER, awarding_body=assessment.awarding_body).first().user
    requests.reject_request(actor=reviewer, request_id=assessment.request.pk,
                            reason="Falta la guía de observación firmada.")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_assessor_never_loses_what_they_typed(demo, live_server, page, viewport):
    base = live_server.url
    page.set_viewport_size(viewport)
    given = "Citlali" if viewport is DESKTOP else "Itzel"
    name = f"{given} Ramírez Ávila"
    curp = build_curp(given_names=given, first_surname="Ramírez", second_surname="Ávila",
                      birth_date=datetime.date(1994, 3, 21), sex="M", state="PUE")

    # Registering the candidate leads to starting their assessment, with them chosen.
    sign_in(page, base, "evaluador")
    page.goto(f"{base}/candidatos/nuevo/")
    look(page, "assessor-register-candidate")
    page.fill("#id_curp", curp)
    page.fill("#id_given_names", given)
    page.fill("#id_second_surname", "Ávila")
    page.fill("#id_birth_date", "1994-03-21")
    page.check("#id_privacy_consent")
    page.click("main form button[type=submit]")  # the first surname is missing
    page.locator("#error-summary a[href='#id_first_surname']").wait_for()
    assert page.evaluate("document.activeElement.id") == "id_first_surname"
    assert page.input_value("#id_curp") == curp and page.is_checked("#id_privacy_consent")
    look(page, "assessor-register-candidate-error")
    page.fill("#id_first_surname", "Ramírez")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/evaluaciones/nueva/?candidacy=*")
    chosen = page.locator("#id_candidacy option:checked").inner_text()
    assert chosen.startswith(name) and curp in chosen
    look(page, "assessor-start-chosen")

    # Typing narrows the list at once (accents and case aside) ...
    page.select_option("#id_candidacy", index=0)
    page.fill("#q", f"{given.lower()} ramirez avila")
    assert page.eval_on_selector(
        "#id_candidacy", "s => [...s.options].filter(o => o.value && !o.hidden).length") == 1
    assert page.locator("#id_candidacy option:checked").inner_text() == chosen

    # ... and the search finds the candidate by CURP, too (a plain GET form: it works
    # without a script).
    page.fill("#q", curp[:10])
    page.click("form[role=search] button[type=submit]")
    assert "1 persona candidata" in page.locator("form[role=search] [role=status]").inner_text()
    assert page.locator("#id_candidacy option:checked").inner_text().startswith(name)
    look(page, "assessor-start-search")
    page.select_option("#id_standard", index=1)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url("**/evaluaciones/*/")

    # Judging counts: each click is saved by the page's script and the count follows.
    met = page.locator("fieldset.criterion input[type=radio][value='1']")
    total = met.count()
    assert progress(page) == f"0 de {total} criterios evaluados"
    for i in range(total - 1):
        met.nth(i).check()
        page.locator(".autosave-status").nth(i).filter(has_text="✔").wait_for()
    assert progress(page) == f"{total - 1} de {total} criterios evaluados"
    look(page, "assessor-judging")

    # The filter shows the one criterion left.
    page.click("#pending-filter")
    assert page.locator("fieldset.criterion:visible").count() == 1
    page.click("#pending-filter")
    assert page.locator("fieldset.criterion:visible").count() == total
    file_url = page.url
    page.goto(f"{file_url}?pendientes=1")  # the same filter, as the server answers it
    assert page.locator("fieldset.criterion").count() == 1
    look(page, "assessor-pending-only")
    page.goto(file_url)

    # A deliberate mistake: competent while one criterion is still unjudged.
    last_note = page.locator("fieldset.criterion textarea").nth(total - 1)
    last_note.fill("Pendiente de observar la sesión completa.")
    page.check("input[name=verdict][value=competent]")
    page.fill("#id_feedback", "Excelente manejo del grupo y del tiempo.")
    page.click("#verdict button[type=submit]")
    page.locator("#error-summary").wait_for()
    assert page.is_checked("input[name=verdict][value=competent]")
    assert page.input_value("#id_feedback") == "Excelente manejo del grupo y del tiempo."
    assert last_note.input_value() == "Pendiente de observar la sesión completa."
    assert page.locator("input[type=radio][value='1']:checked").count() == total - 1
    assert page.evaluate("document.activeElement.id") == "id_verdict_0"
    assert page.locator("#id_verdict_error").is_visible()
    look(page, "assessor-verdict-error")
    if viewport is PHONE:
        page.set_viewport_size(NARROW)
        look(page, "assessor-verdict-error")
        page.set_viewport_size(PHONE)

    # Fixed: the last criterion is judged and the assessment goes.
    met.nth(total - 1).check()
    page.locator(".autosave-status").nth(total - 1).filter(has_text="✔").wait_for()
    assert progress(page) == f"{total} de {total} criterios evaluados"
    page.click("#verdict button[type=submit]")
    page.wait_for_url(f"{base}/evaluaciones/")
    assert in_db(lambda: Assessment.objects.get(
        candidacy__person__curp=curp).status) == Assessment.Status.SUBMITTED

    # The awarding body sends it back: it comes first, with the reason, under
    # "needs your action".
    in_db(lambda: send_back(curp))
    page.reload()
    attention = page.locator("#needs-action")
    assert "Requiere su atención" in attention.locator("h2").inner_text()
    first = attention.locator("li").first
    assert name in first.inner_text()
    assert "Falta la guía de observación firmada." in first.inner_text()
    look(page, "assessor-needs-action")
    first.locator("a").click()
    page.wait_for_url("**/evaluaciones/*/")
    assert "Falta la guía de observación firmada." in page.locator("main").inner_text()
    look(page, "assessor-returned")


def a_draft_of_evaluador():
    """A draft of the demo assessor with no judgement yet: (id, number of criteria)."""
    from django.contrib.auth import get_user_model

    from bodies import selectors as bodies_selectors
    from certification.assessment import selectors
    from certification.assessment.services import assessments
    from standards.models import Criterion, Standard

    user = get_user_model().objects.get(username="evaluador")
    assessor = selectors.assessor_for(user)
    busy = Assessment.objects.filter(status=Assessment.Status.DRAFT).values("candidacy")
    candidacy = selectors.assessable_candidacies(user, assessor).exclude(pk__in=busy).first()
    standard = Standard.objects.filter(
        accreditations__in=bodies_selectors.in_force().filter(assessor=assessor)
    ).order_by("code").first()
    draft = assessments.start_assessment(actor=user, candidacy=candidacy, standard=standard)
    return draft.pk, Criterion.objects.filter(unit__standard=standard).count()


def test_without_javascript_a_refused_verdict_keeps_everything_and_the_filter_works(
        demo, live_server, browser):
    base = live_server.url
    context = browser.new_context(locale="es-MX", java_script_enabled=False,
                                  viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, "evaluador")
    pk, total = in_db(a_draft_of_evaluador)
    page.goto(f"{base}/evaluaciones/{pk}/")

    # Judgements clicked but not saved, a verdict and feedback: one button sends them all.
    met = page.locator("fieldset.criterion input[type=radio][value='1']")
    met.nth(0).check()
    page.locator("fieldset.criterion textarea").nth(1).fill("Revisar en la segunda visita.")
    page.check("input[name=verdict][value=competent]")
    page.fill("#id_feedback", "Buen dominio del procesador de textos.")
    page.click("#verdict button[type=submit]")
    page.locator("#error-summary").wait_for()
    assert met.nth(0).is_checked()
    assert page.locator("fieldset.criterion textarea").nth(1).input_value() == \
        "Revisar en la segunda visita."
    assert page.is_checked("input[name=verdict][value=competent]")
    assert page.input_value("#id_feedback") == "Buen dominio del procesador de textos."
    assert page.evaluate("document.activeElement.id") == "id_verdict_0"
    assert progress(page) == f"1 de {total} criterios evaluados"
    # axe-core runs on timers a page without JavaScript never fires: these pages are
    # checked for sideways scrolling here, and by axe in the journey above.
    look(page, "assessor-no-script-verdict-error", accessibility=False)

    # The filter is a plain link: the server shows the criteria still to judge.
    page.click("#pending-filter")
    page.wait_for_url("**/evaluaciones/*/?pendientes=1")
    assert page.locator("fieldset.criterion").count() == total - 1
    look(page, "assessor-no-script-pending", accessibility=False)
    context.close()
