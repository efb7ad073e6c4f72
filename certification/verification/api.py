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

from certification.issuance.countries import country_name
from certification.issuance.folio import MalformedFolio, MistypedFolio, normalize_folio
from certification.issuance.models import Certificate
from certification.trust.claims import VERIFY_PATH
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

UNITS = inline_serializer("QualificationUnit", {
    "folio": serializers.CharField(help_text="The unit certificate's folio."),
    "standard_code": serializers.CharField(),
    "standard_title": serializers.CharField(),
    "issued_on": serializers.DateField(),
    "verify_url": serializers.CharField(help_text="Where the unit certificate verifies.")},
    many=True)

RECOGNITION = inline_serializer("RecognitionOrigin", {
    "system": serializers.CharField(help_text="The foreign certification system, e.g. "
                                              "ChileValora."),
    "country": serializers.CharField(help_text="Its country, ISO 3166-1 alpha-2."),
    "country_name": serializers.CharField(help_text="The country's name, in English."),
    "code": serializers.CharField(help_text="The foreign certificate's number."),
    "issued_on": serializers.DateField(allow_null=True,
                                       help_text="The foreign certificate's issue date.")},
    allow_null=True)


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
    valid_until = serializers.DateField(
        source="facts.valid_until", allow_null=True,
        help_text="The last day the certificate is valid, when its standard sets a "
                  "validity; null: it does not expire.")
    kind = serializers.CharField(
        source="facts.kind",
        help_text="standard, or qualification: standard_code, standard_title and level then "
                  "name the qualification, and units lists the unit certificates it rests on.")
    units = serializers.SerializerMethodField()
    recognition = serializers.SerializerMethodField(
        help_text="The foreign certificate it was issued by recognition of; null when it "
                  "was not.")
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
        fields = ["folio", "status", "kind", "holder_name", "holder_id_masked",
                  "standard_code", "standard_title", "level", "standard_url", "awarding_body",
                  "accreditation", "centre", "issued_on", "valid_until", "units",
                  "recognition", "revoked_on", "status_reason", "replaced_by", "pdf_sha256",
                  "signing_key_id", "credential_url", "checked_at"]

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

    @extend_schema_field(UNITS)
    def get_units(self, certificate) -> list[dict]:
        facts = certificate.facts
        return [{"folio": unit["folio"], "standard_code": unit["standard_code"],
                 "standard_title": unit["standard_title"], "issued_on": unit["issued_on"],
                 "verify_url": f"{facts.issuer}/{VERIFY_PATH.format(folio=unit['folio'])}"}
                for unit in facts.units]

    @extend_schema_field(RECOGNITION)
    def get_recognition(self, certificate) -> dict | None:
        """The origin, without the recognition request's reference: that and a birth
        date are what its applicant follows it with."""
        origin = certificate.facts.recognition
        if not origin:
            return None
        return {"system": origin.get("system", ""), "country": origin.get("country", ""),
                "country_name": country_name(origin.get("country", ""), "en"),
                "code": origin.get("code", ""), "issued_on": origin.get("issued_on") or None}

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
