"""The registry's pyHanko signer, made cheaper to call many times (pdfsign signs with it):
the RSA key parsed once, the signature's size measured once, and the CMS structure of
its plain PAdES signature built once and refilled.
"""

import functools
import re
import weakref

from asn1crypto import cms
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.sign import signers
from pyhanko_certvalidator.util import get_pyca_cryptography_hash


class SigningShapeError(RuntimeError):
    """A refilled signature came out of another shape than its template."""


class KeptKeySigner(signers.SimpleSigner):
    """SimpleSigner parses its private key on every signature (twice per PDF: once to size
    the signature, once to sign), and parsing an RSA key with its consistency checks is most
    of the signing time. This one parses it once."""

    @functools.cached_property
    def _private_key(self):
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        key = self._private_key
        if mechanism.signature_algo == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)

    _template: "_CmsTemplate | None" = None

    async def async_sign(self, data_digest: bytes, digest_algorithm: str, dry_run=False,
                         use_pades=False, timestamper=None, signed_attr_settings=None,
                         is_pdf_sig=True, encap_content_info=None) -> cms.ContentInfo:
        """pyHanko builds every CMS signature anew with asn1crypto, copying the signer's
        certificates into it each time: most of the signing time. For the registry's
        plain PAdES signature (no timestamp, no validation data) the signature this
        signer made first is kept as a template, and the next ones are that template
        with their own message digest and RSA signature written in (same attributes,
        same certificates, same encoding: only those bytes differ)."""
        settings_plain = signed_attr_settings is None or (
            signed_attr_settings.adobe_revinfo_attr is None
            and not signed_attr_settings.cades_signed_attrs)
        plain = (use_pades and is_pdf_sig and not dry_run and timestamper is None
                 and encap_content_info is None and digest_algorithm == "sha256"
                 and settings_plain and isinstance(self._private_key, rsa.RSAPrivateKey))
        if plain and self._template is not None:
            return self._template.fill(data_digest, self._private_key)
        signed = await super().async_sign(
            data_digest, digest_algorithm, dry_run=dry_run, use_pades=use_pades,
            timestamper=timestamper, signed_attr_settings=signed_attr_settings,
            is_pdf_sig=is_pdf_sig, encap_content_info=encap_content_info)
        if plain:
            self._template = _CmsTemplate.of(signed, data_digest, self._private_key)
        return signed


class _CmsTemplate:
    """A CMS SignedData made by pyHanko, cut where a new signature's message digest and
    RSA signature go."""

    ATTRIBUTES = ("content_type", "message_digest", "signing_certificate_v2")

    def __init__(self, head: bytes, attributes: bytes, digest_at: int, middle: bytes,
                 tail: bytes, signature_length: int):
        self.head, self.attributes, self.digest_at = head, attributes, digest_at
        self.middle, self.tail, self.signature_length = middle, tail, signature_length

    @classmethod
    def of(cls, signed: cms.ContentInfo, digest: bytes, key) -> "_CmsTemplate | None":
        """The template of `signed`, or None when it is not the plain signature this
        expects (other attributes, another shape) or would not cut unambiguously."""
        der = signed.dump()
        info = signed["content"]["signer_infos"][0]
        types = tuple(attribute["type"].native for attribute in info["signed_attrs"])
        signature = info["signature"].native
        attributes = info["signed_attrs"].dump()  # as encoded in SignerInfo: [0] IMPLICIT
        if (types != cls.ATTRIBUTES or info["unsigned_attrs"].native is not None
                or len(signature) != key.key_size // 8 or der.count(attributes) != 1
                or attributes.count(digest) != 1 or der.count(signature) != 1):
            return None
        start = der.index(attributes)
        end = start + len(attributes)
        at = der.index(signature)
        if at < end:
            return None
        return cls(der[:start], attributes, attributes.index(digest), der[end:at],
                   der[at + len(signature):], len(signature))

    def fill(self, digest: bytes, key) -> cms.ContentInfo:
        at = self.digest_at
        attributes = self.attributes[:at] + digest + self.attributes[at + len(digest):]
        # The signature covers the attributes with their universal SET tag (RFC 5652, 5.4).
        signature = key.sign(b"\x31" + attributes[1:], padding.PKCS1v15(), hashes.SHA256())
        if len(signature) != self.signature_length:
            raise SigningShapeError("Unexpected RSA signature length.")
        return cms.ContentInfo.load(self.head + attributes + self.middle + signature
                                    + self.tail)


# Signer → bytes reserved for its signature (hex digits); signers are few (_load_signer's
# cache holds eight), and an entry dies with its signer.
reserved_bytes: "weakref.WeakKeyDictionary[signers.Signer, int]" = weakref.WeakKeyDictionary()


def signature_space(signed: bytes) -> int:
    """How many hex digits the last signature's /Contents has room for (its gap in the
    byte range, less the angle brackets)."""
    ranges = re.findall(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", signed)
    _start, first_length, second_start, _length = (int(n) for n in ranges[-1])
    return second_start - first_length - 2
