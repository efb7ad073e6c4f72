from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from certification.issuance.folio import MalformedFolio, MistypedFolio, normalize_folio
from certification.issuance.models import Certificate
from conocer.core import clock
from conocer.core.api import BAD_REQUEST
from conocer.core.throttling import (
    VerifyThrottle,
    count_not_found,
    refuse_if_not_found_budget_spent,
)

from . import answers, selectors
from .privacy import mask_identity

ACCREDITATION = inline_serializer("Accreditation", {
    "folio": serializers.CharField(),
    "valid_from": serializers.DateField(allow_null=True),
    "valid_until": serializers.DateField(allow_null=True)}, allow_null=True)


class VerificationSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="valid, cancelled, revoked or replaced")
    holder_name = serializers.CharField(source="facts.holder_name")
    holder_id_masked = serializers.SerializerMethodField()
    standard_code = serializers.CharField(source="facts.standard_code")
    standard_title = serializers.CharField(source="facts.standard_title")
    level = serializers.IntegerField(source="facts.standard_level")
    awarding_body = serializers.CharField(source="facts.awarding_body_name")
    centre = serializers.SerializerMethodField()
    issued_on = serializers.DateField(source="facts.issued_on")
    revoked_on = serializers.SerializerMethodField()
    status_reason = serializers.SerializerMethodField()
    replaced_by = serializers.SerializerMethodField()
    standard_url = serializers.CharField(source="facts.standard_url")
    accreditation = serializers.SerializerMethodField(
        help_text="CONOCER's accreditation of the awarding body for the standard on the "
                  "issue date (its cédula), as frozen at issuance.")
    signing_key_id = serializers.CharField()
    credential_url = serializers.CharField(source="facts.credential_url")
    checked_at = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["folio", "status", "holder_name", "holder_id_masked", "standard_code",
                  "standard_title", "level", "standard_url", "awarding_body", "accreditation",
                  "centre", "issued_on", "revoked_on", "status_reason", "replaced_by",
                  "pdf_sha256", "signing_key_id", "credential_url", "checked_at"]

    def get_holder_id_masked(self, certificate) -> str:
        return mask_identity(certificate.facts.holder_id_number)

    def get_centre(self, certificate) -> str | None:
        return certificate.facts.centre_name or None

    def get_revoked_on(self, certificate) -> str | None:
        if certificate.status == Certificate.Status.VALID or not certificate.status_changed_at:
            return None
        return certificate.status_changed_at.date().isoformat()

    def get_status_reason(self, certificate) -> str | None:
        return certificate.status_reason or None

    def get_replaced_by(self, certificate) -> str | None:
        replacement = getattr(certificate, "replaced_by", None)
        return replacement.folio if replacement else None

    @extend_schema_field(ACCREDITATION)
    def get_accreditation(self, certificate) -> dict | None:
        facts = certificate.facts
        if not facts.accreditation_folio:
            return None
        return {"folio": facts.accreditation_folio,
                "valid_from": facts.accredited_from.isoformat() if facts.accredited_from
                else None,
                "valid_until": facts.accredited_until.isoformat() if facts.accredited_until
                else None}

    def get_checked_at(self, certificate) -> str:
        return clock.now().isoformat()


ERROR = inline_serializer("VerificationError", {
    "error": serializers.CharField(), "code": serializers.CharField()})


class VerifyView(APIView):
    """Verify a certificate by its folio (any case, with or without dashes)."""

    authentication_classes = []  # public: a stray Authorization header is not read
    permission_classes = [AllowAny]
    throttle_classes = [VerifyThrottle]

    @extend_schema(
        summary="Verify a certificate by folio",
        responses={200: VerificationSerializer,
                   400: BAD_REQUEST,
                   404: OpenApiResponse(ERROR, description="Unknown or mistyped folio"),
                   429: OpenApiResponse(description="Too many requests")})
    def get(self, request, folio):
        refuse_if_not_found_budget_spent(request)
        try:
            normalized = normalize_folio(folio)
        except MistypedFolio:
            return self.not_found(request, _("This folio is mistyped: its check character "
                                             "does not match."), "mistyped")
        except MalformedFolio:
            return self.not_found(request, _("This is not a folio of the registry."),
                                  "malformed")
        kept, generation = answers.lookup("api", normalized, "-",
                                          fetched=getattr(request._request, "fetched", None))
        if kept is None:
            certificate = selectors.certificate_by_folio(normalized)
            if certificate is None:
                return self.not_found(request, _("No certificate with this folio is in the "
                                                 "registry."), "not_found")
            data = dict(VerificationSerializer(certificate).data)
            del data["checked_at"]  # put in at each answer
            kept = answers.keep("api", normalized, "-", generation, {"data": data},
                                seconds=answers.lifetime(certificate.facts.valid_until,
                                                         clock.now()))
        return self.answer(request, kept)

    def answer(self, request, kept):
        """The kept answer with this moment's `checked_at`; public, for a CDN too (the
        same for everyone, nothing beyond what the page shows), revalidated after a
        minute, and 304 only while its `checked_at` minute holds."""
        now = clock.now()
        etag = f'{kept["etag"][:-1]}-{now:%Y%m%d%H%M}"'
        if request.headers.get("If-None-Match") == etag:
            response = Response(status=304)
        else:
            response = Response({**kept["data"], "checked_at": now.isoformat()})
        response["ETag"] = etag
        response["Cache-Control"] = "public, max-age=60"
        return response

    def fetch_keys(self, request) -> list[str]:
        """The kept answer's keys, fetched in the rate limit's round trip (answers.py)."""
        try:
            return answers.keys("api", normalize_folio(self.kwargs["folio"]), "-")
        except (MistypedFolio, MalformedFolio):
            return []

    def not_found(self, request, error, code):
        """Every 404 spends the address's not-found budget (conocer/core/throttling.py)."""
        count_not_found(request)
        return Response({"error": error, "code": code}, status=404)
