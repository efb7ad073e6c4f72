"""The pages of two-step verification and the session's keep-alive. Thin: the services
decide; the QR code is drawn here (segno, as inline SVG: no image request, nothing
inline that a Content-Security-Policy would refuse)."""

from base64 import b32encode

import django_otp
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from conocer.core.web import refusals

from . import policy, services
from .forms import ConfirmAuthenticatorForm, SecondFactorForm


def _next(request, default="accounts:two_factor") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return resolve_url(default)


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
def two_factor(request):
    user = request.user
    return render(request, "accounts/two_factor.html", {
        "enrolled": services.has_authenticator(user),
        "codes_left": services.recovery_codes_left(user),
        "required": policy.two_factors_required(user),
        "next": _next(request, default="home"),
    })


@login_required
@require_POST
def start_enrolment(request):
    with refusals(request):
        services.start_enrolment(user=request.user)
        query = urlencode({"next": _next(request, "home")})
        return redirect(f"{resolve_url('accounts:enrol')}?{query}")
    return redirect("accounts:two_factor")


@login_required
def enrol(request):
    device = services.pending_device(user=request.user)
    if device is None:
        return redirect("accounts:two_factor")
    form = ConfirmAuthenticatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            device, codes = services.confirm_enrolment(user=request.user,
                                                       code=form.cleaned_data["code"])
            django_otp.login(request, device)
            return render(request, "accounts/recovery_codes.html", {
                "codes": codes, "first_time": True, "next": _next(request, "home")})
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title=_("QR code to scan with your authenticator app"))
    return render(request, "accounts/enrol.html", {
        "form": form,
        "qr_svg": mark_safe(svg),  # noqa: S308 (segno's SVG of a URI we made)
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "next": _next(request, "home"),
    })


@login_required
def verify(request):
    if request.user.is_verified():
        return redirect(_next(request, "home"))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            device = services.verify_second_factor(user=request.user,
                                                   code=form.cleaned_data["code"])
            django_otp.login(request, device)
            left = services.recovery_codes_left(request.user)
            if isinstance(device, StaticDevice):
                messages.warning(request, _(
                    "You signed in with a recovery code, which cannot be used again. "
                    "Recovery codes left: %(left)s. You can make new ones from Two-step "
                    "verification.") % {"left": left})
            return redirect(_next(request, "home"))
    return render(request, "accounts/verify.html", {"form": form,
                                                    "next": _next(request, "home")})


@login_required
@require_POST
def recovery_codes(request):
    with refusals(request):
        codes = services.regenerate_recovery_codes(user=request.user)
        return render(request, "accounts/recovery_codes.html", {
            "codes": codes, "first_time": False, "next": resolve_url("accounts:two_factor")})
    return redirect("accounts:two_factor")


@require_POST
def keepalive(request):
    """The page's "stay signed in": the request itself renews the session (middleware)."""
    script = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    if not request.user.is_authenticated:
        if script:
            return JsonResponse({"error": _("You are not signed in.")}, status=401)
        return redirect_to_login(_next(request, "home"))
    if script:
        return HttpResponse(status=204)
    return redirect(_next(request, "home"))
