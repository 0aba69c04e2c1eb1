"""An administrator imports dwellings in a real browser: upload, columns, dry run, commit, rollback."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boligvei.core.roles import Role
from boligvei.housing.models import Dwelling
from tests.browser.conftest import axe_violations, log_in
from tests.conftest import make_user
from tests.imports.conftest import DWELLING_HEADER, dwelling_line


@pytest.fixture
def administrator(transactional_db, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "opplastinger"
    return make_user("admin", Role.ADMINISTRATOR)


def _csv(*lines: str) -> dict:
    content = ("\r\n".join([DWELLING_HEADER, *lines]) + "\r\n").encode("cp1252")
    return {"name": "boliger.csv", "mimeType": "text/csv", "buffer": content}


def _upload(page, file: dict) -> None:
    page.goto(reverse("imports:upload"))
    page.get_by_label("Boliger", exact=True).check()
    page.locator("#id_file").set_input_files(file)
    page.get_by_role("button", name="Last opp og se kolonnene").click()


def test_an_administrator_imports_and_rolls_back_dwellings(page, administrator):
    log_in(page, "admin")
    page.goto(reverse("imports:run_list"))
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ny import").click()
    assert axe_violations(page) == []

    # The wrong file type is refused on the form.
    _upload(page, {"name": "boliger.csv", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n\x00\x00"})
    expect(page.locator(".ds-error-summary")).to_contain_text("binærfil")
    assert axe_violations(page) == []

    # A file with a bad row: the columns, then the dry run with the rejected row by line.
    _upload(page, _csv(dwelling_line("B1", "Østre vei 1"), dwelling_line("B2", postal_code="37x5")))
    expect(page.get_by_role("heading", name="Kolonner i filen")).to_be_visible()
    expect(page.get_by_label("Bolig-ID")).to_have_value("source_id")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Prøv importen (tørrkjøring)").click()
    expect(page.get_by_role("heading", name="Avviste rader (1)")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ukjent postnummer")
    expect(page.get_by_role("button", name="Importer 2 rader")).to_have_count(0)
    assert axe_violations(page) == []

    # The corrected file is imported, and rolled back after a confirmation.
    _upload(page, _csv(dwelling_line("B1", "Østre vei 1"), dwelling_line("B2")))
    page.get_by_role("button", name="Prøv importen (tørrkjøring)").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Importer 2 rader").click()
    expect(page.locator(".messages")).to_contain_text("er importert som import")
    assert axe_violations(page) == []
    assert Dwelling.objects.get(source_id="B1").street_address == "Østre vei 1"
    page.get_by_role("link", name="Rull tilbake").click()
    assert axe_violations(page) == []
    page.get_by_label("Ja, jeg vil rulle tilbake importen").check()
    page.get_by_role("button", name="Rull tilbake").click()
    expect(page.locator(".messages")).to_contain_text("er rullet tilbake")
    assert not Dwelling.objects.exists()
