"""Verify a certificate's QR code or Open Badges credential offline: no database, no
network.

    python manage.py verify_credential "HTTPS://REGISTRO.CONOCER.GOB.MX/Q/2KCE…"
    python manage.py verify_credential qr.txt --keys registry-keys.json
    python manage.py verify_credential credential.json --keys did.json

Keys: the registry's own (SIGNING_KEYS_DIR) unless `--keys` names its JWKS or DID
document, which must be obtained from the registry itself (pinned out of band): a file
anyone can write proves nothing. A credential verifies only when its proofs were made by
a key its issuer's DID document lists under `assertionMethod`, and its issuer is the
registry's.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certification.trust import dataintegrity, did, qr, signing
from certification.trust.claims import QR_PATH


class Command(BaseCommand):
    help = ("Check a registry QR code (its text, or the token alone) or an Open Badges "
            "credential.json offline, from the argument itself or a file. Keys: the "
            "registry's JWKS or DID document (--keys), else SIGNING_KEYS_DIR.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("credential", help="QR text or token, or a file containing "
                                               "either or an Open Badges credential JSON")
        parser.add_argument("--keys", help="the registry's registry-keys.json or did.json")

    def handle(self, *args, credential, keys=None, **options):
        text = self.read(credential)
        document = self.load_keys(keys)
        if text.lstrip().startswith("{"):
            try:
                credential = json.loads(text)
            except ValueError as error:
                raise CommandError("NOT VERIFIED: the file is not JSON.") from error
            self.check_credential(credential, document)
        else:
            self.check_qr(self.extract_token(text), document)

    @staticmethod
    def read(argument: str) -> str:
        path = Path(argument)
        if len(argument) < 4096 and path.is_file():
            return path.read_text(encoding="utf-8").strip()
        return argument.strip()

    @staticmethod
    def extract_token(text: str) -> str:
        marker = "/" + QR_PATH.format(token="")
        return text.split(marker, 1)[1] if marker in text.upper() else text

    @staticmethod
    def load_keys(path) -> dict:
        """A DID document, from the file given or from the registry's own keys."""
        if not path:
            return did.did_document()
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the keys file {path}: {error}") from error
        if isinstance(document, dict) and "keys" in document:  # a JWKS: the registry's keys
            registry = did.registry_did()
            methods = [{"id": f"{registry}#{kid}", "type": "Multikey", "controller": registry,
                        "publicKeyMultibase": did.multikey(key)}
                       for kid, key in signing.keys_from_jwks(document).items()]
            return {"id": registry, "verificationMethod": methods,
                    "assertionMethod": [m["id"] for m in methods]}
        return document

    @staticmethod
    def keys_of(document: dict) -> dict:
        resolve = did.resolver_for_issuer(document, document.get("id"))
        return {method["id"].rsplit("#", 1)[-1]: resolve(method["id"])
                for method in document.get("verificationMethod", [])
                if isinstance(method, dict) and resolve(method.get("id", ""))}

    def check_qr(self, token: str, document: dict):
        try:
            claims = qr.verify(token, self.keys_of(document))
        except qr.QrError as error:
            raise CommandError(f"NOT VERIFIED: {error}.") from error
        self.stdout.write(self.style.SUCCESS("AUTHENTIC: the QR code was signed by the "
                                             "registry."))
        for label, value in [("Folio", claims.folio), ("Holder", claims.holder_name),
                             ("Standard", claims.standard_code),
                             ("Level", claims.standard_level),
                             ("Issued on", claims.issued_on.isoformat()),
                             ("Awarding body (registry id)", claims.awarding_body_id),
                             ("Signing key", claims.key_id)]:
            self.stdout.write(f"  {label}: {value}")
        self.stdout.write("  Compare them with the paper; whether the certificate is still "
                          "valid is online, on its verification page.")

    def check_credential(self, credential, document: dict):
        issuer = did.issuer_of(credential)
        if issuer != document.get("id"):
            raise CommandError(f"NOT VERIFIED: the credential's issuer ({issuer}) is not the "
                               f"registry ({document.get('id')}).")
        results = dataintegrity.verify_proofs(credential,
                                              did.resolver_for_issuer(document, issuer))
        if not results or not all(verified for _suite, verified in results):
            raise CommandError("NOT VERIFIED: " + (", ".join(
                f"{suite} {'verifies' if ok else 'does not verify'}" for suite, ok in results)
                or "the credential has no proof") + ".")
        subject = credential.get("credentialSubject", {})
        self.stdout.write(self.style.SUCCESS(
            "AUTHENTIC: " + ", ".join(suite for suite, _ok in results)
            + " proofs by the registry verify."))
        self.stdout.write(f"  {credential.get('description', '')}")
        self.stdout.write(f"  Achievement: {subject.get('achievement', {}).get('name', '')}")
        self.stdout.write(f"  Credential: {credential.get('id', '')}")
        self.stdout.write(f"  Status list: {credential.get('credentialStatus', {}).get('id', '')}")
