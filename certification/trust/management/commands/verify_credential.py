"""Verify a certificate's signed credential offline: no database, no network.

    python manage.py verify_credential "https://…/verificar/7K3M-Q9TX-2F4B/?c=eyJ…"
    python manage.py verify_credential qr.txt --keys registry-keys.json
    python manage.py verify_credential credential.json --keys did.json
"""

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from django.core.management.base import BaseCommand, CommandError

from certification.trust import credentials, signing


class Command(BaseCommand):
    help = ("Check a registry credential offline: the text of a certificate's QR code (URL "
            "with ?c=…), a bare token, or an Open Badges credential.json; from the argument "
            "itself or a file. Keys: a JWKS or DID document (--keys), else SIGNING_KEYS_DIR.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("credential", help="QR text, token, or a file containing either "
                                               "or an Open Badges credential JSON")
        parser.add_argument("--keys", help="registry-keys.json (JWKS) or did.json")

    def handle(self, *args, credential, keys=None, **options):
        text = self.read(credential)
        public = self.load_keys(keys)
        if text.lstrip().startswith("{"):
            self.check_badge(json.loads(text), public)
        else:
            self.check_token(self.extract_token(text), public)

    @staticmethod
    def read(argument: str) -> str:
        path = Path(argument)
        if len(argument) < 4096 and path.is_file():
            return path.read_text(encoding="utf-8").strip()
        return argument.strip()

    @staticmethod
    def extract_token(text: str) -> str:
        if text.startswith(("http://", "https://")):
            token = parse_qs(urlparse(text).query).get("c", [""])[0]
            if not token:
                raise CommandError("NOT VERIFIED: the URL carries no signed credential (?c=).")
            return token
        return text

    @staticmethod
    def load_keys(path):
        if not path:
            return signing.public_keys()
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        if "keys" in document:
            return signing.keys_from_jwks(document)
        return {method["id"].rsplit("#", 1)[-1]:
                credentials.multikey_to_public_key(method["publicKeyMultibase"])
                for method in document.get("verificationMethod", [])}

    def check_token(self, token, public):
        try:
            claims = signing.verify_token(token, public)
        except signing.CredentialError as error:
            raise CommandError(f"NOT VERIFIED: {error}") from error
        self.stdout.write(self.style.SUCCESS("AUTHENTIC: signed by the registry."))
        for label, key in [("Folio", "folio"), ("Holder", "name"), ("Identity", "id"),
                           ("Standard", "std"), ("Title", "title"), ("Level", "lvl"),
                           ("Awarding body", "body"), ("Centre", "centre"),
                           ("Issued on", "issued"), ("Issuer", "iss")]:
            self.stdout.write(f"  {label}: {claims.get(key, '')}")
        self.stdout.write("  Current status (valid or revoked) is online: "
                          f"{claims.get('iss', '')}/verificar/{claims.get('folio', '')}/")

    def check_badge(self, document, public):
        def resolve(method_id):
            return public.get(method_id.rsplit("#", 1)[-1])

        if not credentials.verify_proof(document, resolve):
            raise CommandError("NOT VERIFIED: the credential's proof does not verify.")
        subject = document.get("credentialSubject", {})
        self.stdout.write(self.style.SUCCESS("AUTHENTIC: the credential's proof verifies."))
        self.stdout.write(f"  Holder: {subject.get('name', '')}")
        self.stdout.write(f"  Achievement: {subject.get('achievement', {}).get('name', '')}")
        self.stdout.write(f"  Credential: {document.get('id', '')}")
        self.stdout.write(f"  Status list: {document.get('credentialStatus', {}).get('id', '')}")
