"""/mi-registro/: the signed-in holder's certificates, assessments, RENAP choice and
data, and what they do with a certificate (download, LinkedIn, share, correct)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certification.issuance import selectors as issuance_selectors
from certification.recognition import selectors as recognition_selectors
from conocer.core import downloads
from conocer.core.web import refusals

from .. import qr, selectors
from ..forms import RegistryChoiceForm, ShareLinkForm
from ..services import sharing, space
from ..session import holder_required

NEW_SHARE_LINK = "holder_new_share_link"  # shown once, on the next page


@require_GET
@holder_required
def home(request):
    person = request.holder
    certificates = [(c, selectors.status_in_words(c)) for c in selectors.certificates_of(person)]
    return render(request, "certification/holders/home.html", {
        "person": person, "certificates": certificates,
        "bodies": len({c.awarding_body_id for c, _words in certificates}),
        "assessments": selectors.assessments_of(person),
        "registry_form": RegistryChoiceForm(
            initial={"appear": "yes" if person.public_registry_opt_in else "no"}),
        "email_confirmed": selectors.email_is_confirmed(person),
        "corrections": issuance_selectors.corrections_of(person),
        "subscriptions": issuance_selectors.holder_subscriptions(person),
        "progress": selectors.qualification_progress(person),
        "recognition_requests": recognition_selectors.requests_of(person),
    })


@require_POST
@holder_required
def registry_choice(request):
    form = RegistryChoiceForm(request.POST)
    if form.is_valid():
        appear = form.cleaned_data["appear"]
        space.set_renap_choice(person=request.holder, appear=appear)
        messages.success(request, _("You now appear in the public registry of certified "
                                    "persons.") if appear else
                         _("You no longer appear in the public registry of certified "
                           "persons."))
    else:
        messages.error(request, _("Choose whether to appear in the public registry."))
    return redirect("holders:home")


def _own(request, folio):
    certificate = selectors.own_certificate(request.holder, folio)
    if certificate is None:
        raise Http404
    return certificate


@require_GET
@holder_required
def certificate(request, folio):
    found = _own(request, folio)
    new_link = request.session.pop(NEW_SHARE_LINK, None)
    return render(request, "certification/holders/certificate.html", {
        "certificate": found, "claims": found.facts,
        "status": selectors.status_in_words(found),
        "verify_url": selectors.verify_url(found), "qr_svg": qr.svg(found),
        "linkedin_url": space.linkedin_url(found),
        "share_form": ShareLinkForm(),
        "share_links": selectors.active_share_links(request.holder).filter(certificate=found),
        "new_link": new_link if new_link and new_link["folio"] == found.folio else None,
        "corrections": issuance_selectors.corrections_of(request.holder).filter(
            certificate=found),
    })


@require_GET
@holder_required
def certificate_pdf(request, folio):
    with refusals(request):
        return downloads.certificate_pdf(
            request, lambda: space.download_pdf(person=request.holder, folio=folio))
    return redirect("holders:certificate", folio=folio)


@require_GET
@holder_required
def credential(request, folio):
    """The credential file (Open Badges 3.0), to keep or import into a wallet."""
    with refusals(request):
        found = space.download_credential(person=request.holder, folio=folio)
        response = HttpResponse(found.credential.encode("utf-8"),
                                content_type="application/vc+ld+json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="certificado-{found.folio}.json"'
        return response
    return redirect("holders:certificate", folio=folio)


@require_GET
@holder_required
def linkedin(request, folio):
    with refusals(request):
        return redirect(space.add_to_linkedin(person=request.holder, folio=folio))
    return redirect("holders:certificate", folio=folio)


@require_POST
@holder_required
def create_share_link(request, folio):
    form = ShareLinkForm(request.POST)
    if form.is_valid():
        with refusals(request):
            link, token = sharing.create_share_link(person=request.holder, folio=folio,
                                                    days=form.cleaned_data["days"])
            request.session[NEW_SHARE_LINK] = {
                "folio": folio,
                "url": request.build_absolute_uri(reverse("holders:shared", args=[token])),
                "expires": link.expires_at.isoformat()}
    else:
        messages.error(request, _("Choose 7, 30 or 90 days."))
    return redirect("holders:certificate", folio=folio)


@require_POST
@holder_required
def revoke_share_link(request, pk):
    link = sharing.revoke_share_link(person=request.holder, link_id=pk)
    messages.success(request, _("The link no longer works."))
    return redirect("holders:certificate", folio=link.certificate.folio)
