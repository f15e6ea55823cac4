"""The .scpkg container (app/exchange/package.py, docs/package-format.md): a package written and read back, and
every way of tampering with one refused — naming the check that failed and the file — with nothing unpacked.

Packages here are signed with keys made in the test (cryptography), and `trusted` plays the database's
registered certificates; tests/test_package_cli.py does the same through the database and the command line."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
import tracemalloc
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.problems import InputRefused, IntegrityFailure
from app.exchange.package import Author, open_package
from app.exchange.package_write import sign, write_package

AUTHOR = "6b0c6a0e-0000-4000-8000-00000000a001"
OTHER = "6b0c6a0e-0000-4000-8000-00000000b002"
PHOTOS = [b"\xff\xd8 photo one " * 500, b"\xff\xd8 photo two " * 700]


@dataclass
class Key:
    private: object
    pem: str
    fingerprint: str


def make_key(name: str = "张三") -> Key:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    private = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(private.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=30)).not_valid_after(now + timedelta(days=365))
            .sign(private, hashes.SHA256()))
    return Key(private, cert.public_bytes(Encoding.PEM).decode("ascii"),
               hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest())


KEY = make_key()


def registered(key: Key, inspector: str = AUTHOR, retired_at: str | None = None) -> dict:
    return {key.fingerprint: {"inspector_id": inspector, "certificate": key.pem, "retired_at": retired_at}}


TRUSTED = registered(KEY)


def build(path: Path, key: Key = KEY, *, photos=PHOTOS, report: bytes | None = b"%PDF-1.7 signed record",
          created_at: str | None = None, author: str = AUTHOR) -> Path:
    folder = path.parent / "sources"
    folder.mkdir(exist_ok=True)
    attachments = {}
    for data in photos:
        sha = hashlib.sha256(data).hexdigest()
        (folder / sha).write_bytes(data)
        attachments[sha] = folder / sha
    data = json.dumps({"tasks": [{"record": {"id": "task-1", "photos": []}, "audit": []}]}).encode()
    write_package(path, kind="findings", package_id=str(uuid.uuid4()),
                  created_at=created_at or datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
                  author=Author(author, key.fingerprint, "张三"), device_id="device-1", task_ids=["task-1"],
                  audit_head={"entry_id": 7, "hash": "ab" * 32}, data=data, attachments=attachments, report=report,
                  private_key=key.private)
    return path


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def repack(src: Path, dst: Path, *, drop=(), put: dict | None = None, edit_manifest=None, resign: Key | None = None,
           infos: dict | None = None) -> Path:
    """A copy of `src` rewritten as an attacker would (valid zip, correct CRCs): entries dropped or replaced, the
    manifest edited (and re-signed with `resign`), or entries written with hand-made ZipInfo (`infos`)."""
    content = entries(src)
    for name in drop:
        content.pop(name)
    content.update(put or {})
    if edit_manifest is not None:
        manifest = json.loads(content["manifest.json"])
        edit_manifest(manifest)
        content["manifest.json"] = json.dumps(manifest).encode()
    if resign is not None:
        content["signature"] = sign(resign.private, content["manifest.json"])
    with zipfile.ZipFile(dst, "w") as zf:
        for name, data in content.items():
            zf.writestr(name, data)
        for info, data in (infos or {}).items():
            zf.writestr(info, data)
    return dst


def refusal(path: Path, trusted=TRUSTED, kind=IntegrityFailure, **options):
    """The error open_package raises for `path`, after checking that nothing was unpacked."""
    out = path.parent / "unpacked"
    out.mkdir(exist_ok=True)
    with pytest.raises(kind) as info:
        open_package(path, trusted, unpack_to=out, **options)
    assert list(out.iterdir()) == [], "a refused package left files behind"
    assert info.value.problems, info.value.message
    return info.value


def sha_name(data: bytes) -> str:
    return "attachments/" + hashlib.sha256(data).hexdigest()


@pytest.fixture
def good(tmp_path) -> Path:
    return build(tmp_path / "good.scpkg")


# --- the round trip -----------------------------------------------------------------------------------

def test_a_written_package_reads_back_whole(good, tmp_path):
    out = tmp_path / "unpacked"
    out.mkdir()
    package = open_package(good, TRUSTED, unpack_to=out)
    assert package.manifest.kind == "findings" and package.manifest.task_ids == ("task-1",)
    assert package.manifest.author.inspector_id == AUTHOR and package.manifest.author.key_fingerprint == KEY.fingerprint
    assert package.manifest.audit_head == {"entry_id": 7, "hash": "ab" * 32}
    assert package.data["tasks"][0]["record"]["id"] == "task-1"
    for data in PHOTOS:
        sha = hashlib.sha256(data).hexdigest()
        assert (out / sha).read_bytes() == data
    assert (out / "report.pdf").read_bytes() == b"%PDF-1.7 signed record"
    assert sorted(p.name for p in out.iterdir()) == sorted([*(hashlib.sha256(d).hexdigest() for d in PHOTOS),
                                                            "report.pdf"])


def test_the_manifest_lists_every_other_file_with_its_hash_and_the_attachments_are_stored(good):
    manifest = json.loads(entries(good)["manifest.json"])
    assert manifest["format_version"] == 1 and manifest["encryption"] is None
    listed = {f["path"]: (f["sha256"], f["size"]) for f in manifest["files"]}
    content = entries(good)
    assert set(listed) == set(content) - {"manifest.json", "signature"}
    for name, (sha, size) in listed.items():
        assert hashlib.sha256(content[name]).hexdigest() == sha and len(content[name]) == size
    with zipfile.ZipFile(good) as zf:
        for info in zf.infolist():
            if info.filename.startswith("attachments/") or info.filename == "report.pdf":
                assert info.compress_type == zipfile.ZIP_STORED


def test_the_signature_is_ecdsa_p256_der_over_the_manifest_bytes(good):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    content = entries(good)
    public = x509.load_pem_x509_certificate(KEY.pem.encode()).public_key()
    public.verify(content["signature"], content["manifest.json"], ec.ECDSA(hashes.SHA256()))  # raises if not
    assert content["signature"][0] == 0x30  # a DER SEQUENCE


# --- tampered content ------------------------------------------------------------------------------

def flip_inside(path: Path, needle: bytes) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(needle) + len(needle) // 2
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_flipped_byte_in_an_attachment_is_refused_naming_it(good):
    flip_inside(good, PHOTOS[1][:200])  # the stored bytes as they sit in the zip: the CRC no longer matches
    error = refusal(good)
    assert error.problems[0].file == sha_name(PHOTOS[1])


def test_an_attachment_replaced_with_a_correct_crc_fails_its_sha256(good, tmp_path):
    changed = bytearray(PHOTOS[0])
    changed[100] ^= 0x01
    bad = repack(good, tmp_path / "bad.scpkg", put={sha_name(PHOTOS[0]): bytes(changed)})
    error = refusal(bad)
    assert error.problems[0].file == sha_name(PHOTOS[0]) and "SHA-256" in error.problems[0].expected


def test_a_changed_byte_in_data_json_fails_its_sha256(good, tmp_path):
    data = entries(good)["data.json"].replace(b"task-1", b"task-2")
    error = refusal(repack(good, tmp_path / "bad.scpkg", put={"data.json": data}))
    assert error.problems[0].file == "data.json" and "SHA-256" in error.problems[0].expected


def test_a_changed_byte_in_the_manifest_breaks_the_signature(good, tmp_path):
    def edit(m):
        m["device_id"] = "device-2"

    error = refusal(repack(good, tmp_path / "bad.scpkg", edit_manifest=edit))
    assert error.problems[0].file == "manifest.json" and "签名" in error.problems[0].expected


def test_a_file_added_is_refused_naming_it(good, tmp_path):
    extra = b"planted"
    error = refusal(repack(good, tmp_path / "bad.scpkg", put={sha_name(extra): extra}))
    assert error.problems[0].file == sha_name(extra) and "清单" in error.problems[0].expected


def test_a_file_removed_is_refused_naming_it(good, tmp_path):
    error = refusal(repack(good, tmp_path / "bad.scpkg", drop=[sha_name(PHOTOS[0])]))
    assert error.problems[0].file == sha_name(PHOTOS[0]) and "清单" in error.problems[0].expected


def test_a_file_listed_twice_is_refused_even_when_signed(good, tmp_path):
    def twice(m):
        m["files"].append(dict(m["files"][-1]))

    error = refusal(repack(good, tmp_path / "bad.scpkg", edit_manifest=twice, resign=KEY))
    assert error.problems[0].file == json.loads(entries(good)["manifest.json"])["files"][-1]["path"]
    assert "一次" in error.problems[0].expected


def test_a_zip_entry_twice_is_refused(good, tmp_path):
    duplicate = zipfile.ZipInfo("data.json")
    with pytest.warns(UserWarning):  # zipfile itself warns of the duplicate name
        bad = repack(good, tmp_path / "bad.scpkg", infos={duplicate: b"{}"})
    error = refusal(bad)
    assert error.problems[0].file == "data.json" and "不重复" in error.problems[0].expected


# --- signatures ------------------------------------------------------------------------------------

def test_a_package_signed_by_an_unregistered_key_is_refused(tmp_path):
    stranger = make_key("李四")
    error = refusal(build(tmp_path / "p.scpkg", stranger))
    assert error.problems[0].file == "signature" and "登记" in error.problems[0].expected


def test_a_signature_by_another_key_than_the_named_one_is_refused(good, tmp_path):
    error = refusal(repack(good, tmp_path / "bad.scpkg", resign=make_key("李四")))
    assert error.problems[0].file == "manifest.json" and "签名" in error.problems[0].expected


def test_a_key_registered_to_another_inspector_is_refused(tmp_path):
    error = refusal(build(tmp_path / "p.scpkg"), trusted=registered(KEY, inspector=OTHER))
    assert error.problems[0].file == "signature" and "作者本人" in error.problems[0].expected


def test_a_package_signed_after_its_key_was_retired_is_refused(tmp_path):
    retired = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat(timespec="seconds")
    error = refusal(build(tmp_path / "p.scpkg"), trusted=registered(KEY, retired_at=retired))
    assert error.problems[0].file == "signature" and "仍在使用" in error.problems[0].expected


def test_a_package_signed_before_its_key_was_retired_still_reads(tmp_path):
    made = (datetime.now(timezone.utc) - timedelta(days=2)).replace(microsecond=0).isoformat()
    retired = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat(timespec="seconds")
    package = open_package(build(tmp_path / "p.scpkg", created_at=made), registered(KEY, retired_at=retired))
    assert package.manifest.created_at == made


# --- paths, links, sizes ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../evil", "attachments/../../evil", "/etc/evil", "C:/evil", "attachments\\evil",
                                  "./data.json", "attachments//x"])
def test_a_path_out_of_the_package_is_refused(good, tmp_path, name):
    info = zipfile.ZipInfo(name)
    bad = repack(good, tmp_path / "bad.scpkg", infos={info: b"x"})
    with zipfile.ZipFile(bad) as zf:
        assert name in zf.namelist()  # written as given: the attack is really in the file
    error = refusal(bad)
    assert error.problems[0].file == name and "相对路径" in error.problems[0].expected


@pytest.mark.parametrize("mode", [stat.S_IFLNK | 0o777, stat.S_IFIFO | 0o644, stat.S_IFCHR | 0o644,
                                  stat.S_IFDIR | 0o755], ids=["symlink", "fifo", "device", "directory"])
def test_a_symlink_or_special_entry_is_refused(good, tmp_path, mode):
    target = b"/etc/passwd"
    link = zipfile.ZipInfo(sha_name(target))
    link.create_system = 3
    link.external_attr = mode << 16
    error = refusal(repack(good, tmp_path / "bad.scpkg", infos={link: target}))
    assert error.problems[0].file == sha_name(target) and "链接" in error.problems[0].expected


def test_a_folder_other_than_attachments_is_refused(good, tmp_path):
    error = refusal(repack(good, tmp_path / "bad.scpkg", infos={zipfile.ZipInfo("other/"): b""}))
    assert error.problems[0].file == "other/"


def test_entries_claiming_gigabytes_are_refused_from_the_directory(good, tmp_path):
    bad = tmp_path / "claims.scpkg"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in entries(good).items():
            zf.writestr(name, data)
        zf.filelist[-1].file_size = 3 * 1024 ** 3  # what the central directory will say: 3 GiB
    assert bad.stat().st_size < 100_000
    started = time.perf_counter()
    error = refusal(bad)
    assert time.perf_counter() - started < 1
    assert error.problems[0].file == "signature" and "字节" in error.problems[0].expected


def test_an_honest_entry_that_expands_beyond_its_limit_is_refused_before_extracting(good, tmp_path):
    zeros = bytes(60 * 1024 * 1024)  # 60 MiB of zeros: about 60 KB deflated; an attachment may have 50 MiB
    bad = tmp_path / "big.scpkg"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, data in entries(good).items():
            zf.writestr(name, data)
        zf.writestr(sha_name(zeros), zeros, zipfile.ZIP_DEFLATED)
    del zeros
    assert bad.stat().st_size < 1_000_000
    tracemalloc.start()
    error = refusal(bad)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert error.problems[0].file.startswith("attachments/") and "字节" in error.problems[0].expected
    assert peak < 5 * 1024 * 1024


def test_too_many_entries_are_refused_before_the_directory_is_parsed(good, tmp_path):
    bad = tmp_path / "many.scpkg"
    with zipfile.ZipFile(bad, "w") as zf:
        for n in range(10_001):
            zf.writestr(f"attachments/{n:064x}", b"")
    error = refusal(bad)
    assert "10000" in error.problems[0].expected


def test_a_lying_header_that_expands_far_beyond_its_size_is_refused_while_streaming(tmp_path):
    """data.json declared (and signed) as 100 bytes, but its deflate stream expands to 256 MiB of zeros: reading
    stops at the declared size, quickly and without memory growth."""
    import zlib

    content = entries(build(tmp_path / "p.scpkg"))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = b"".join(packer.compress(bytes(1 << 20)) for _ in range(256)) + packer.flush()
    honest = tmp_path / "honest.scpkg"
    with zipfile.ZipFile(honest, "w") as zf:
        for name, data in content.items():
            zf.writestr(name, data, zipfile.ZIP_DEFLATED if name == "data.json" else zipfile.ZIP_STORED)
    bomb = tmp_path / "bomb.scpkg"
    bomb.write_bytes(_with_stream(honest, "data.json", stream))
    assert bomb.stat().st_size < 1_000_000 and len(content["data.json"]) < 1000
    with zipfile.ZipFile(bomb) as zf:  # the directory still says: a small data.json
        assert zf.getinfo("data.json").file_size == len(content["data.json"])
    tracemalloc.start()
    started = time.perf_counter()
    error = refusal(bomb)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert error.problems[0].file == "data.json"
    assert elapsed < 2 and peak < 20 * 1024 * 1024


def _with_stream(path: Path, name: str, stream: bytes) -> bytes:
    """The zip at `path` with `name`'s compressed bytes replaced by `stream`, every header left as it was except the
    compressed size (so the reader finds the stream; the uncompressed size and CRC still claim the small file)."""
    import struct

    raw = path.read_bytes()
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    info = next(i for i in infos if i.filename == name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    old_end = start + info.compress_size
    body = bytearray(raw[:start] + stream + raw[old_end:])
    delta = len(stream) - info.compress_size
    struct.pack_into("<I", body, info.header_offset + 18, len(stream))  # local header: compressed size
    directory = body.rindex(b"PK\x05\x06")
    cd_offset = struct.unpack_from("<I", body, directory + 16)[0] + delta
    struct.pack_into("<I", body, directory + 16, cd_offset)
    at = cd_offset
    while body[at:at + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", body, at + 28)
        offset = struct.unpack_from("<I", body, at + 42)[0]
        entry = bytes(body[at + 46:at + 46 + n]).decode()
        if entry == name:
            struct.pack_into("<I", body, at + 20, len(stream))
        elif offset > info.header_offset:
            struct.pack_into("<I", body, at + 42, offset + delta)
        at += 46 + n + m + k
    return bytes(body)


# --- not a package -----------------------------------------------------------------------------------

def test_a_truncated_package_is_refused(good):
    data = good.read_bytes()
    good.write_bytes(data[: len(data) // 2])
    error = refusal(good)
    assert error.problems[0].file == good.name and "zip" in error.problems[0].expected


def test_a_package_cut_inside_its_directory_is_refused(good):
    data = good.read_bytes()
    good.write_bytes(data[:-30])
    refusal(good)


def test_a_directory_offset_that_puts_entries_before_the_file_start_is_refused(good):
    """Found by the random flips below: a larger central-directory offset in the end record makes zipfile seek to
    a negative position (OSError EINVAL), which must be a damaged package, not a crash."""
    import struct

    raw = bytearray(good.read_bytes())
    end = raw.rindex(b"PK\x05\x06")
    offset = struct.unpack_from("<I", raw, end + 16)[0]
    struct.pack_into("<I", raw, end + 16, offset + 0x100000)  # every entry now "starts" before byte 0
    good.write_bytes(bytes(raw))
    refusal(good)


def test_an_unknown_format_version_is_refused_even_when_signed(good, tmp_path):
    def newer(m):
        m["format_version"] = 2

    error = refusal(repack(good, tmp_path / "bad.scpkg", edit_manifest=newer, resign=KEY))
    assert error.problems[0].file == "manifest.json" and "格式版本 1" in error.problems[0].expected


def test_an_encrypted_package_is_refused_by_this_version(good, tmp_path):
    def encrypted(m):
        m["encryption"] = {"scheme": "to-the-lead"}

    error = refusal(repack(good, tmp_path / "bad.scpkg", edit_manifest=encrypted, resign=KEY))
    assert error.problems[0].file == "manifest.json" and "encryption" in error.problems[0].expected


def test_an_unknown_manifest_field_is_refused(good, tmp_path):
    def unknown(m):
        m["must_understand"] = True

    error = refusal(repack(good, tmp_path / "bad.scpkg", edit_manifest=unknown, resign=KEY))
    assert error.problems[0].file == "manifest.json" and error.problems[0].value == "must_understand"


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "notes.scpkg"
    path.write_text("这不是数据包", encoding="utf-8")
    error = refusal(path)
    assert error.problems[0].file == "notes.scpkg"


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "folder.scpkg"
    folder.mkdir()
    error = refusal(folder, kind=InputRefused)
    assert "文件夹" in error.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.scpkg"
    os.mkfifo(fifo)
    error = refusal(fifo, kind=InputRefused)
    assert error.problems[0].file == "pipe.scpkg"


# --- random damage -------------------------------------------------------------------------------------

SMALL = None


def _small(folder: Path) -> bytes:
    global SMALL
    if SMALL is None:
        SMALL = build(folder / "small.scpkg", photos=[b"a" * 300, b"b" * 200], report=b"%PDF").read_bytes()
    return SMALL


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=1, max_value=255)),
                      min_size=1, max_size=4))
def test_random_byte_flips_never_verify_and_never_crash(tmp_path, flips):
    data = bytearray(_small(tmp_path))
    for at, mask in flips:
        data[at % len(data)] ^= mask
    path = tmp_path / "flipped.scpkg"
    path.write_bytes(bytes(data))
    try:
        open_package(path, TRUSTED)
    except (InputRefused, IntegrityFailure) as error:
        assert error.problems
    else:
        # A flip in bytes no reader looks at (a zip header's timestamp, say) may leave every checked byte whole.
        assert _only_unchecked_bytes_changed(bytes(data))


def _only_unchecked_bytes_changed(data: bytes) -> bool:
    """Whether every file the manifest lists, the manifest and the signature are what was written."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()} == entries_of(SMALL)


def entries_of(data: bytes) -> dict[str, bytes]:
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}
