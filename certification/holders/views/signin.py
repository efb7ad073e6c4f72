import functools
import logging

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from conocer.core.throttling import throttled
from conocer.core.web import add_service_errors, refusals

from .. import session
from ..forms import CodeSignInForm, ConfirmEmailForm, EmailSignInForm
from ..services import signin

PAGE = "certification/holders/sign_in.html"
logger = logging.getLogger(__name__)


class AnsweredFirst(HttpResponse):
    """A page whose `work` runs once it has been sent: the server closes a response after
    its last byte, so what the work does (look up, write, queue an e-mail) cannot show in
    how long the answer took. A failure of the work is logged, never shown."""

    def __init__(self, content, *, work, **kwargs):
        super().__init__(content, **kwargs)
        self.work = work

    def close(self):
        try:
            self.work()
        except Exception:
            logger.exception("The holder's space could not finish the work after a page.")
        finally:
            super().close()


def _sign_in_page(request, *, email_form=None, code_form=None, status=200):
    return render(request, PAGE, {
        "email_form": email_form or EmailSignInForm(auto_id="email-%s"),
        "code_form": code_form or CodeSignInForm(auto_id="code-%s"),
        "next": session.safe_next(request, ""),
    }, status=status)


@require_http_methods(["GET", "POST"])
@throttled("holder_sign_in", methods=("POST",))
def sign_in(request):
    """Ask for a sign-in link by e-mail. The answer is the same page whether or not the
    address is in the registry."""
    if request.method == "GET":
        if session.current_holder(request) is not None:
            return redirect("holders:home")
        return _sign_in_page(request)
    form = EmailSignInForm(request.POST, auto_id="email-%s")
    if not form.is_valid():
        return _sign_in_page(request, email_form=form, status=400)
    email = form.cleaned_data["email"]
    return AnsweredFirst(
        render_to_string("certification/holders/link_sent.html", {"email": email},
                         request=request),
        work=lambda: signin.request_sign_in_link(email=email))


def _signed_in(request, person):
    session.sign_in(request, person)
    messages.success(request, _("Welcome, %(name)s.") % {"name": person.full_name})
    return redirect(session.safe_next(request, reverse("holders:home")))


@require_POST
@throttled("holder_sign_in")
def sign_in_code(request):
    """Sign in with the access code a centre printed, and the CURP or document number."""
    form = CodeSignInForm(request.POST, auto_id="code-%s")
    if form.is_valid():
        try:
            person = signin.sign_in_with_code(**form.cleaned_data)
        except signin.WrongCode as refusal:
            add_service_errors(form, refusal)
            page = _sign_in_page(request, code_form=form, status=400)
            return AnsweredFirst(page.content, status=400,
                                 work=functools.partial(signin.count_wrong_code, refusal))
        return _signed_in(request, person)
    return _sign_in_page(request, code_form=form, status=400)


@require_http_methods(["GET", "POST"])
@throttled("holder_sign_in", methods=("POST",))
def open_link(request, token):
    """The link from the e-mail: a button to press (so that a mail scanner opening the
    link does not use it up), then signed in."""
    if request.method == "POST":
        with refusals(request):
            person = signin.open_sign_in_link(token=token)
            return _signed_in(request, person)
    elif signin.link_is_open(token):
        return render(request, "certification/holders/open_link.html")
    return render(request, "certification/holders/link_expired.html", status=410)


@require_http_methods(["GET", "POST"])
@throttled("holder_confirm", methods=("POST",))
def confirm_email(request, token):
    """The link sent to a new address: the person types their CURP or document number."""
    if not signin.confirmation_is_open(token):
        return render(request, "certification/holders/link_expired.html", status=410)
    form = ConfirmEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            person = signin.confirm_email(token=token, **form.cleaned_data)
            messages.success(request, _("Your e-mail address is confirmed. From now on you "
                                        "can sign in with it."))
            return _signed_in(request, person)
    return render(request, "certification/holders/confirm_email.html", {"form": form},
                  status=400 if form.errors else 200)


@require_POST
def sign_out(request):
    person = session.current_holder(request)
    if person is not None:
        signin.sign_out(person=person)
    session.sign_out(request)
    messages.info(request, _("You have signed out of your record."))
    return redirect("holders:sign_in")
