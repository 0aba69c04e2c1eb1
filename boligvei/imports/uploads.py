"""Uploaded import files waiting for their dry run and commit.

A file is kept in `settings.IMPORT_UPLOAD_DIR` (inside DATA_DIR, never served) under a random
token and its type (`<token>.csv`), never under the name the user gave it. What the upload is
(kind, source, the user's file name, the columns and the chosen mapping) is kept in the
uploader's session under the same token, so a token is of no use in another session. A file is
deleted after its commit, and one never committed after `IMPORT_UPLOAD_KEEP_HOURS` (checked at
every upload).

Before it is kept, a file is checked against what it claims to be: the extension must be one the
kind can be imported from, and the content must match it (an XLSX is a zip with a workbook in
it, JSON starts as JSON, a CSV is text). Then the engine reads its headers, which refuses a file
too large, in an unknown encoding or a zip bomb.
"""

import codecs
import datetime as dt
import os
import re
import secrets
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils import timezone

from boligvei.imports.mapping import Kind
from boligvei.imports.readers import ImportFileError, read_table

SESSION_KEY = "boligvei_imports"
EXTENSIONS = (".csv", ".xlsx", ".json")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_SNIFF_BYTES = 64 * 1024


@dataclass
class PendingUpload:
    token: str
    kind: str
    extension: str
    file_name: str  # as the user named it: shown on the pages and kept on the run, never in a URL
    headers: list[str]
    uploaded_at: str
    source_id: int | None = None
    new_source: str = ""
    mapping: dict[str, str] | None = None  # None until the user has seen the mapping step

    @property
    def path(self) -> Path:
        return Path(settings.IMPORT_UPLOAD_DIR) / f"{self.token}{self.extension}"


def too_large_message() -> str:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES // 1024 // 1024
    return (f"Filen er større enn {limit} MB, som er det største som kan lastes opp. Del filen opp, eller "
            "eksporter færre kolonner, og prøv igjen.")


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading an upload once it passes the limit, also when the request did not say its
    length; the view then says the file was too large (`request.upload_too_large`)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        request.upload_too_large = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_save(request, *, uploaded_file, kind: str, source_id: int | None, new_source: str) -> PendingUpload:
    """Keep the uploaded file under a new token, after checking that it is what it says; raises
    ImportFileError with a Norwegian message (and keeps nothing) when it is not."""
    uploads_cleanup()
    extension = Path(uploaded_file.name or "").suffix.lower()
    if extension not in EXTENSIONS:
        raise ImportFileError("Filen må være CSV (.csv), Excel (.xlsx) eller Kobo-JSON (.json).")
    if extension == ".json" and kind not in (Kind.DWELLINGS, Kind.TENANCIES):
        raise ImportFileError("En Kobo-JSON-fil kan bare importeres som boliger eller leieforhold.")
    if uploaded_file.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise ImportFileError(too_large_message())
    folder = Path(settings.IMPORT_UPLOAD_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    pending = PendingUpload(token=token, kind=kind, extension=extension, file_name=Path(uploaded_file.name).name[:255],
                            headers=[], uploaded_at=timezone.now().isoformat(), source_id=source_id,
                            new_source=new_source)
    descriptor = os.open(pending.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        for chunk in uploaded_file.chunks():
            stream.write(chunk)
    try:
        check_content(pending.path, extension)
        pending.headers = read_table(pending.path, kind).headers
    except ImportFileError:
        pending.path.unlink(missing_ok=True)
        raise
    _session(request)[token] = asdict(pending)
    request.session.modified = True
    return pending


def check_content(path: Path, extension: str) -> None:
    """The content must be the type the extension says."""
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    is_zip = head.startswith(b"PK\x03\x04")
    if extension == ".xlsx":
        if not is_zip:
            raise ImportFileError("Filen heter .xlsx, men er ikke en Excel-arbeidsbok. Lagre den som XLSX fra Excel.")
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, EOFError):
            raise ImportFileError("Excel-filen er skadet eller ikke lastet opp helt.") from None
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise ImportFileError("Filen er en zip-fil, men ikke en Excel-arbeidsbok (XLSX).")
        return
    if is_zip or b"\x00" in head:
        kind = "Excel-fil" if is_zip else "binærfil"
        raise ImportFileError(f"Filen heter {extension}, men er en {kind}. Velg riktig fil, eller gi den riktig navn.")
    text_start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    if extension == ".json" and text_start not in (b"[", b"{"):
        raise ImportFileError("Filen heter .json, men er ikke JSON (den skal begynne med [ eller {).")
    if extension == ".csv" and text_start in (b"[", b"{") and head.count(b";") + head.count(b",") == 0:
        raise ImportFileError("Filen heter .csv, men ser ut som JSON.")


def upload_get(request, token: str) -> PendingUpload | None:
    """This session's upload with the token, while its file is still there."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    data = _session(request).get(token)
    if data is None:
        return None
    pending = PendingUpload(**data)
    return pending if pending.path.is_file() else None


def upload_update(request, pending: PendingUpload) -> None:
    _session(request)[pending.token] = asdict(pending)
    request.session.modified = True


def upload_discard(request, pending: PendingUpload) -> None:
    pending.path.unlink(missing_ok=True)
    _session(request).pop(pending.token, None)
    request.session.modified = True


def uploads_cleanup(*, now: dt.datetime | None = None) -> int:
    """Delete uploads older than IMPORT_UPLOAD_KEEP_HOURS; returns how many."""
    folder = Path(settings.IMPORT_UPLOAD_DIR)
    if not folder.is_dir():
        return 0
    oldest = (now or timezone.now()).timestamp() - settings.IMPORT_UPLOAD_KEEP_HOURS * 3600
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.suffix in EXTENSIONS and path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _session(request) -> dict:
    return request.session.setdefault(SESSION_KEY, {})
