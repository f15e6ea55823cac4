"""Signing keys and certificates as files: the profile's self-issued X.509 certificate, the private key as
encrypted PKCS#8 (PEM), and what a certificate file says. Pure construction and parsing with cryptography and
asn1crypto; where the files live and what the database registers is `app/services/keys.py`."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from app.domain.problems import InputRefused, IntegrityFailure, Problem

VALIDITY_YEARS = 5  # of a self-issued certificate


def display_fingerprint(fingerprint: str) -> str:
    """`2E:06:DA:…` in two lines' worth of groups: 16 pairs, a space, 16 pairs."""
    pairs = [fingerprint[i:i + 2].upper() for i in range(0, len(fingerprint), 2)]
    return " ".join(":".join(pairs[i:i + 16]) for i in range(0, len(pairs), 16))


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def cert_der(cert) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.DER)


def cert_pem(cert) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.PEM).decode("ascii")


def fingerprint(cert) -> str:
    return hashlib.sha256(cert_der(cert)).hexdigest()


def subject_text(cert) -> str:
    """The subject as RFC 4514 text, with names rather than numbers for serialNumber and title."""
    from cryptography.x509.oid import NameOID

    return cert.subject.rfc4514_string({NameOID.SERIAL_NUMBER: "serialNumber", NameOID.TITLE: "title"})


def cert_facts(cert) -> dict:
    return {"fingerprint": fingerprint(cert), "certificate": cert_pem(cert), "subject": subject_text(cert),
            "not_before": iso_utc(cert.not_valid_before_utc), "not_after": iso_utc(cert.not_valid_after_utc)}


def common_name(cert) -> str:
    from cryptography.x509.oid import NameOID

    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def years_later(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28) + timedelta(days=1)


def build_certificate(private_key, inspector, now: datetime):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, inspector.name)]
    if inspector.unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, inspector.unit))
    if inspector.cert_no:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, inspector.cert_no))
    title = inspector.department.label + ("执法人员" if inspector.enforcement_officer else "")
    attributes.append(x509.NameAttribute(NameOID.TITLE, title))  # 2.5.4.12
    name = x509.Name(attributes)
    public_key = private_key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(years_later(now, VALIDITY_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(private_key, hashes.SHA256())
    )


def parse_certificate(data: bytes, source: str):
    from cryptography import x509

    if data.count(b"-----BEGIN CERTIFICATE-----") > 1:
        raise InputRefused(f"{source} 中有不止一张证书：请给出只含一名检查人员证书的文件（spotcheck key export 导出的文件）。",
                           [Problem("只含一张证书的 PEM 文件", source)])
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            cert = x509.load_pem_x509_certificate(data)
        else:
            cert = x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise InputRefused(f"{source} 不是证书文件（需要 PEM 格式的 X.509 证书，如用“导出我的证书”或 spotcheck key export 导出的文件）。",
                           [Problem("PEM 格式的 X.509 证书", source)]) from exc
    require_p256(cert, source)
    return cert


def require_p256(cert, source: str) -> None:
    """Spotcheck's keys are ECDSA P-256 (docs/cli.md, key): a certificate of another kind was not made by `key create`."""
    from cryptography.hazmat.primitives.asymmetric import ec

    key = cert.public_key()
    if not (isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1)):
        kind = type(key).__name__.replace("_", "").replace("PublicKey", "")
        raise InputRefused(f"{source} 中的证书使用的不是 Spotcheck 的密钥类型（{kind}）：Spotcheck 的签名密钥都是 ECDSA P-256，"
                           "由 spotcheck key create 或“文件 › 签名密钥和证书”创建。",
                           [Problem("ECDSA P-256 的证书", source)])


KDF_ROUNDS = 600_000  # PBKDF2-SHA256 (OWASP 2023): 70 ms to unlock with SHA CPU extensions, a few times that
# without; every guess at the passphrase costs the same


def encrypted_key(private_key, passphrase: str) -> bytes:
    """The key as an encrypted PKCS#8 PEM (PBES2: PBKDF2-SHA256 with KDF_ROUNDS rounds, AES-256-CBC).

    cryptography's BestAvailableEncryption writes the same format but with only 2,048 rounds and no way
    to ask for more, so the standard structure is assembled here from its primitives (asn1crypto
    encodes it); loading is cryptography's own `load_pem_private_key`.
    """
    from asn1crypto import keys as asn1_keys
    from asn1crypto import pem
    from cryptography.hazmat.primitives import hashes, padding, serialization
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    plain = private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())
    salt, iv = os.urandom(16), os.urandom(16)
    secret = PBKDF2HMAC(hashes.SHA256(), 32, salt, KDF_ROUNDS).derive(passphrase.encode("utf-8"))
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(secret), modes.CBC(iv)).encryptor()
    sealed = encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()
    info = asn1_keys.EncryptedPrivateKeyInfo({
        "encryption_algorithm": {"algorithm": "pbes2", "parameters": {
            "key_derivation_func": {"algorithm": "pbkdf2", "parameters": {
                "salt": {"specified": salt}, "iteration_count": KDF_ROUNDS, "prf": {"algorithm": "sha256"}}},
            "encryption_scheme": {"algorithm": "aes256_cbc", "parameters": iv}}},
        "encrypted_data": sealed,
    })
    return pem.armor("ENCRYPTED PRIVATE KEY", info.dump())


def require_readable_key_file(path: Path, data: bytes) -> None:
    """An encrypted PKCS#8 structure that parses; otherwise the file is damaged — said as such, never as a wrong
    passphrase (which could lead a user to replace, and so retire, a key whose file only needs restoring)."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import pem


    try:
        if not pem.detect(data):
            raise ValueError("not PEM")
        kind, _, der = pem.unarmor(data)
        if kind != "ENCRYPTED PRIVATE KEY":
            raise ValueError(kind)
        asn1_keys.EncryptedPrivateKeyInfo.load(der, strict=True).native  # noqa: B018 - parses every field
    except Exception as exc:  # noqa: BLE001 - asn1crypto raises several kinds for a damaged structure
        raise IntegrityFailure(
            f"签名密钥文件 {path} 已损坏或不是 Spotcheck 的密钥文件（这不是口令的问题）。请用备份的密钥文件替换它；"
            "在确认无法恢复之前，不要另建密钥（spotcheck key create --replace 会停用旧密钥）。",
            [Problem("spotcheck key create 创建的加密私钥文件（PEM）", str(path))]) from exc


def same_key(private_key, cert) -> bool:
    from cryptography.hazmat.primitives import serialization

    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    return (private_key.public_key().public_bytes(serialization.Encoding.DER, spki)
            == cert.public_key().public_bytes(serialization.Encoding.DER, spki))
