"""The import pages: upload → columns → dry run → commit, the history and rollback (boligvei/imports/views.py)."""

import io
import json
import os
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from boligvei.core.models import AuditEvent
from boligvei.housing.models import Dwelling, Tenancy
from boligvei.imports.models import ImportRun, ImportSource, RunStatus
from boligvei.imports.templatetags.imports import masked
from tests.conftest import _client_for, make_user
from tests.imports.conftest import (
    DWELLING_HEADER, TENANCY_HEADER, dwelling_line, stopped_if_still_running_after, tenancy_line,
    xlsx_declaring_the_whole_sheet,
)
from tests.imports.test_kobo_json import kobo_dwelling


@pytest.fixture
def admin(team):
    return make_user("erik", "administrator", team)


@pytest.fixture
def admin_client(admin):
    return _client_for(admin)


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "opplastinger"
    return settings.IMPORT_UPLOAD_DIR


def csv_bytes(header: str, *lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join([header, *lines]) + "\r\n").encode(encoding)


def xlsx_bytes(header: str, *lines: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header.split(";"))
    for line in lines:
        sheet.append([int(cell) if cell.isdigit() else cell for cell in line.split(";")])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, name: str, content: bytes, kind: str, **fields):
    return client.post(reverse("imports:upload"), {"kind": kind, "file": SimpleUploadedFile(name, content), **fields})


def token_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url.rstrip("/").split("/")[-2]


def accept_mapping(client, token: str):
    """Post the mapping page as it was proposed."""
    page = client.get(reverse("imports:mapping", args=[token]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(reverse("imports:mapping", args=[token]), data)
    assert response.status_code == 302, response.context["form"].errors
    return response


def dry_run(client, token: str):
    return client.get(reverse("imports:dry_run", args=[token]))


def import_through_the_web(client, name, content, kind, **fields) -> ImportRun:
    token = token_of(upload(client, name, content, kind, **fields))
    accept_mapping(client, token)
    assert dry_run(client, token).context["plan"].can_commit
    response = client.post(reverse("imports:commit", args=[token]))
    assert response.status_code == 302
    return ImportRun.objects.latest("pk")


DWELLINGS_XLSX = xlsx_bytes(DWELLING_HEADER, dwelling_line("B1", "Bjørkeveien 1"), dwelling_line("B2", "Østre vei 2"))


def tenancies_cp1252(numbers) -> bytes:
    return csv_bytes(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0], name="Ødegård, Åse"),
                     tenancy_line("L2", "B2", numbers[1], name="Berg, Øyvind"), encoding="cp1252")


def test_only_administrators_may_import(alice_client, bob_client):
    for client in (alice_client, bob_client):
        assert client.get(reverse("imports:run_list")).status_code == 403
        assert client.get(reverse("imports:upload")).status_code == 403
    assert not ImportRun.objects.exists()


def test_the_whole_flow_from_xlsx_and_windows_1252_csv_to_rollback(admin_client, numbers, upload_dir):
    # Dwellings from an Excel workbook.
    response = upload(admin_client, "Boliger fra FDV.xlsx", DWELLINGS_XLSX, "dwellings")
    token = token_of(response)
    assert "Boliger" not in response.url and token in response.url
    assert [p.name for p in upload_dir.iterdir()] == [f"{token}.xlsx"]  # named by the token, not the file
    mapping_page = admin_client.get(reverse("imports:mapping", args=[token])).content.decode()
    assert "Bolig-ID" in mapping_page and 'value="source_id" selected' in mapping_page
    accept_mapping(admin_client, token)
    page = dry_run(admin_client, token)
    assert page.context["counts"]["create"] == 2 and page.context["counts"]["rejected"] == 0
    assert "Importer 2 rader" in page.content.decode()
    response = admin_client.post(reverse("imports:commit", args=[token]), follow=True)
    dwellings_run = ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("imports:run_detail", args=[dwellings_run.pk])
    assert "er importert som import" in response.content.decode()
    assert (dwellings_run.file_name, dwellings_run.actor.username, dwellings_run.created) == (
        "Boliger fra FDV.xlsx", "erik", 2)
    assert list(upload_dir.iterdir()) == []  # the file is gone after the commit
    assert AuditEvent.objects.filter(action="import.commit", object_id=str(dwellings_run.pk)).exists()

    # Tenancies from a Windows-1252 CSV, with the names' æøå intact.
    tenancies_run = import_through_the_web(admin_client, "leieforhold.csv", tenancies_cp1252(numbers), "tenancies")
    assert tenancies_run.created == 2
    assert Tenancy.objects.get(source_id="L1").household.name == "Ødegård, Åse"
    assert AuditEvent.objects.filter(action="import.dry_run", actor_label="erik").exists()

    # The same file again: every row unchanged, and the dry run says it was imported before.
    token = token_of(upload(admin_client, "leieforhold.csv", tenancies_cp1252(numbers), "tenancies"))
    accept_mapping(admin_client, token)
    page = dry_run(admin_client, token)
    assert page.context["counts"] == {"create": 0, "update": 0, "unchanged": 2, "rejected": 0}
    assert f"(import {tenancies_run.pk})" in page.content.decode()

    # The history lists both runs with their sha256 and a rollback button each.
    history = admin_client.get(reverse("imports:run_list")).content.decode()
    assert "Boliger fra FDV.xlsx" in history and dwellings_run.file_sha256[:12] in history
    assert history.count("Rull tilbake<span") == 2

    # Rolling back the dwellings is refused while the tenancies stand on them; the reason is shown.
    response = admin_client.post(reverse("imports:run_rollback", args=[dwellings_run.pk]), {"confirm": "on"},
                                 follow=True)
    text = response.content.decode()
    assert "ble ikke rullet tilbake" in text and "ingenting er endret" in text
    dwellings_run.refresh_from_db()
    assert dwellings_run.status == RunStatus.COMMITTED and Dwelling.objects.count() == 2

    # Without the confirmation nothing happens.
    response = admin_client.post(reverse("imports:run_rollback", args=[tenancies_run.pk]), {})
    assert response.status_code == 200 and Tenancy.objects.count() == 2

    # Tenancies first, then the dwellings.
    for run in (tenancies_run, dwellings_run):
        response = admin_client.post(reverse("imports:run_rollback", args=[run.pk]), {"confirm": "on"}, follow=True)
        assert "er rullet tilbake" in response.content.decode()
    assert Tenancy.objects.count() == 0 and Dwelling.objects.count() == 0
    assert AuditEvent.objects.filter(action="import.rollback", object_type="importrun").count() == 2


def test_a_dry_run_shows_rejected_rows_by_line_and_commit_is_refused(admin_client, numbers):
    import_through_the_web(admin_client, "boliger.xlsx", DWELLINGS_XLSX, "dwellings")
    content = csv_bytes(TENANCY_HEADER, tenancy_line("L1", "B1", numbers[0]),
                        tenancy_line("L2", "B9", numbers[1], name="Berg, Per"),
                        tenancy_line("L3", "B2", "12345678901", name="Lie, Ola"))
    token = token_of(upload(admin_client, "leieforhold.csv", content, "tenancies"))
    accept_mapping(admin_client, token)
    page = dry_run(admin_client, token)
    text = page.content.decode()
    assert page.context["counts"]["rejected"] == 2
    assert [row.line for row in page.context["rejected"]] == [3, 4]
    assert "Ugyldig fødselsnummer" in text and "Importer" not in text.split("Avviste rader")[0].split("</dl>")[1]
    assert "rader er rettet" in text or "avviste radene" in text
    for number in (numbers[0], numbers[1], "12345678901"):
        assert number not in text  # never an identity number on the page
    response = admin_client.post(reverse("imports:commit", args=[token]), follow=True)
    assert "Ingenting er importert" in response.content.decode()
    assert Tenancy.objects.count() == 0 and ImportRun.objects.count() == 1


def test_updates_are_shown_with_old_and_new_values(admin_client):
    import_through_the_web(admin_client, "boliger.xlsx", DWELLINGS_XLSX, "dwellings")
    changed = xlsx_bytes(DWELLING_HEADER, dwelling_line("B1", "Bjørkeveien 1", rent="10 500"),
                         dwelling_line("B2", "Østre vei 2"))
    token = token_of(upload(admin_client, "boliger-2.xlsx", changed, "dwellings"))
    accept_mapping(admin_client, token)
    page = dry_run(admin_client, token)
    assert page.context["counts"]["update"] == 1
    text = page.content.decode()
    assert "Husleie per måned" in text and "9800" in text and "10500" in text


def test_the_mapping_is_edited_and_remembered_for_the_source(admin_client):
    renamed = DWELLING_HEADER.replace("Bolig-ID", "Objekt")
    content = csv_bytes(renamed, dwelling_line("B1"))
    token = token_of(upload(admin_client, "fdv.csv", content, "dwellings", new_source="FDV"))
    page = admin_client.get(reverse("imports:mapping", args=[token]))
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = admin_client.post(reverse("imports:mapping", args=[token]), data)
    assert response.status_code == 200 and "Id i fagsystem" in response.content.decode()  # required, not chosen
    data["column_0"] = "source_id"
    data["column_1"] = "source_id"
    assert "allerede valgt" in admin_client.post(reverse("imports:mapping", args=[token]), data).content.decode()
    data["column_1"] = "street_address"
    assert admin_client.post(reverse("imports:mapping", args=[token]), data).status_code == 302
    admin_client.post(reverse("imports:commit", args=[token]))
    source = ImportSource.objects.get(name="FDV")
    assert source.mapping["source_id"] == "Objekt"
    assert ImportRun.objects.get().source == source

    token = token_of(upload(admin_client, "fdv-2.csv", content, "dwellings", source=source.pk))
    form = admin_client.get(reverse("imports:mapping", args=[token])).context["form"]
    assert form["column_0"].value() == "source_id"


@pytest.mark.parametrize(("name", "content", "kind", "message"), [
    ("boliger.pdf", b"%PDF-1.7", "dwellings", "CSV (.csv), Excel (.xlsx) eller Kobo-JSON"),
    ("boliger.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "dwellings", "binærfil"),
    ("boliger.csv", DWELLINGS_XLSX, "dwellings", "er en Excel-fil"),
    ("boliger.xlsx", csv_bytes(DWELLING_HEADER, dwelling_line("B1")), "dwellings", "ikke en Excel-arbeidsbok"),
    ("boliger.json", b"Bolig-ID;Adresse\r\n", "dwellings", "ikke JSON"),
    ("venteliste.json", json.dumps([{"leverandorBoligId": "B1"}]).encode(), "waiting_list",
     "bare importeres som boliger eller leieforhold"),
])
def test_a_file_of_the_wrong_type_is_refused(admin_client, upload_dir, name, content, kind, message):
    response = upload(admin_client, name, content, kind)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not upload_dir.exists() or list(upload_dir.iterdir()) == []


def test_a_zip_that_is_not_a_workbook_is_refused(admin_client):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hei.txt", "hei")
    response = upload(admin_client, "boliger.xlsx", out.getvalue(), "dwellings")
    assert "ikke en Excel-arbeidsbok" in response.content.decode()


def test_kobo_json_dwellings_are_accepted(admin_client):
    content = json.dumps([kobo_dwelling(supplier_id="K1")]).encode()
    run = import_through_the_web(admin_client, "kobo.json", content, "dwellings")
    assert run.created == 1 and Dwelling.objects.get(source_id="K1").rooms == 3


def test_a_file_over_the_limit_is_cut_off_while_uploading(admin_client, settings, upload_dir):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    content = csv_bytes(DWELLING_HEADER, *[dwelling_line(f"B{i}") for i in range(60)])
    assert len(content) > 1000
    response = upload(admin_client, "boliger.csv", content, "dwellings")
    assert response.status_code == 413
    assert "som er det største som kan lastes opp" in response.content.decode()
    assert not upload_dir.exists() or list(upload_dir.iterdir()) == []


def test_a_request_that_says_it_is_200_mb_is_refused_before_its_body_is_read(admin_client, upload_dir):
    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = admin_client.generic("POST", reverse("imports:upload"), CONTENT_TYPE="multipart/form-data; boundary=x",
                                     CONTENT_LENGTH=str(200 * 1024 * 1024), **{"wsgi.input": Unreadable()})
    assert response.status_code == 413
    assert "Filen er større enn 50 MB" in response.content.decode()
    assert not upload_dir.exists()


def test_an_upload_belongs_to_the_session_that_made_it(admin_client, team):
    token = token_of(upload(admin_client, "boliger.xlsx", DWELLINGS_XLSX, "dwellings"))
    other = _client_for(make_user("frida", "administrator", team))
    assert other.get(reverse("imports:mapping", args=[token])).status_code == 404
    assert other.post(reverse("imports:commit", args=[token])).status_code == 404
    assert admin_client.get(reverse("imports:mapping", args=[".."])).status_code == 404


def test_uploads_older_than_a_day_are_removed_at_the_next_upload(admin_client, upload_dir):
    token = token_of(upload(admin_client, "boliger.xlsx", DWELLINGS_XLSX, "dwellings"))
    old = upload_dir / f"{token}.xlsx"
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    upload(admin_client, "boliger.xlsx", DWELLINGS_XLSX, "dwellings")
    assert not old.exists() and len(list(upload_dir.iterdir())) == 1
    assert admin_client.get(reverse("imports:mapping", args=[token])).status_code == 404


def test_identity_numbers_are_masked_in_what_the_dry_run_shows():
    assert masked("Telefon 01018012345 er feil") == "Telefon 010180 ***** er feil"
    assert masked("010180 12345") == "010180 *****"
    assert masked("12345678") == "12345678"


def test_a_dry_run_of_an_xlsx_declaring_a_huge_sheet_answers_with_its_rows(admin_client, tmp_path):
    path = tmp_path / "erklært-stor.xlsx"
    xlsx_declaring_the_whole_sheet(path, [DWELLING_HEADER.split(";"), dwelling_line("B1").split(";")])
    token = token_of(upload(admin_client, "boliger.xlsx", path.read_bytes(), "dwellings"))
    accept_mapping(admin_client, token)
    with stopped_if_still_running_after(60):
        response = dry_run(admin_client, token)
    assert response.status_code == 200
    assert [row.line for row in response.context["plan"].rows] == [2]


def test_a_dry_run_stopped_by_its_time_limit_says_so_on_the_page(admin_client, settings):
    token = token_of(upload(admin_client, "boliger.xlsx", DWELLINGS_XLSX, "dwellings"))
    accept_mapping(admin_client, token)
    settings.IMPORT_DRY_RUN_SECONDS = 0
    response = dry_run(admin_client, token)
    assert response.status_code == 200
    assert "Tørrkjøringen ble stoppet etter 0 sekunder" in response.content.decode()
    assert not Dwelling.objects.exists()
