"""Dwellings and their tenancies from JSON shaped like the Kobo Bolig API's dwelling resource
(boligvei/imports/readers.py)."""

import datetime as dt
import json
import uuid

import pytest

from boligvei.housing.models import Dwelling, Tenancy
from boligvei.imports import readers, services
from boligvei.imports.plan import Action
from boligvei.imports.readers import ImportFileError
from boligvei.people.models import Household, Person

TODAY = dt.date(2026, 6, 1)
KOBO_1 = "3f2b8c1e-0d4a-4c7e-9b1a-2e5f6a7b8c9d"
KOBO_2 = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


def kobo_dwelling(kobo_id=KOBO_1, supplier_id="FDV-1", **extra):
    return {
        "koboId": kobo_id, "leverandorBoligId": supplier_id,
        "adresse": {"adressenavn": "Bjørkeveien", "husnummer": 12, "husbokstav": "B", "postnummer": "3715",
                    "poststed": "Fjordvik", "kommunenummer": "3999"},
        "bruksenhetsnummer": "h0201", "boligtype": "Leilighet", "bruksareal": 62.5, "antallSoverom": 2,
        "etasjenummer": 2, "erTilgjengeligForRullestolbruker": False, "disposisjonsform": "Eid",
        "eieform": "Selveier", "erBofellesskap": False, "leieTilEiePotensial": True,
        "leiekostnad": {"manedsleie": 9800}, **extra}


@pytest.fixture
def write_json(tmp_path):
    def write(data, name="kobo.json"):
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path
    return write


def test_kobo_dwellings_are_planned_and_imported(alice, write_json):
    older = {k: v for k, v in kobo_dwelling(KOBO_2).items() if k != "leverandorBoligId"}
    older |= {"fdvuBoligId": "FDV-2", "erBofellesskap": True, "antallSoverom": 4}
    path = write_json({"antall": 2, "boliger": [kobo_dwelling(), older]})
    plan = services.import_plan(kind="dwellings", path=path, today=TODAY)
    assert [(row.line, row.action) for row in plan.rows] == [(1, Action.CREATE), (2, Action.CREATE)]
    assert any("antall soverom + 1" in note for note in plan.notes)
    services.import_commit(actor=alice, kind="dwellings", path=path, today=TODAY)
    first = Dwelling.objects.get(source_id="FDV-1")
    assert first.kobo_id == uuid.UUID(KOBO_1)
    assert (first.street_address, first.unit_number, first.postal_code, first.municipality_number) == \
        ("Bjørkeveien 12B", "H0201", "3715", "3999")
    assert (first.rooms, first.bedrooms, first.floor, first.rent_monthly) == (3, 2, 2, 9800)
    assert (first.building_type, first.tenure, first.ownership_form) == ("apartment", "owned", "freehold")
    assert first.rent_to_own_potential and not first.wheelchair_accessible
    assert str(first.floor_area) == "62.5"
    second = Dwelling.objects.get(source_id="FDV-2")
    assert (second.building_type, second.rooms) == ("shared", 5)
    again = services.import_plan(kind="dwellings", path=path, today=TODAY)
    assert {row.action for row in again.rows} == {Action.UNCHANGED}


def test_a_bad_kobo_id_and_a_missing_bedroom_count_are_rejected_with_reasons(alice, write_json):
    path = write_json([kobo_dwelling("ikke-en-uuid"), kobo_dwelling(KOBO_2, "FDV-2", antallSoverom=None),
                       "en tekst"])
    rows = services.import_plan(kind="dwellings", path=path, today=TODAY).rows
    assert rows[0].reasons == ["Kobo-id (kolonne «koboId»): «ikke-en-uuid» er ikke en gyldig Kobo-id (en UUID, "
                               "som «3f2b8c1e-0d4a-4c7e-9b1a-2e5f6a7b8c9d»)."]
    assert rows[1].reasons == ["Mangler verdi for «Antall rom»."]
    assert rows[2].reasons[0] == "Elementet er ikke et JSON-objekt (en bolig)."


def test_the_list_is_read_in_pieces(write_json, monkeypatch):
    monkeypatch.setattr(readers, "_CHUNK", 7)  # every object and number crosses a chunk boundary
    path = write_json([kobo_dwelling(supplier_id=f"FDV-{i}", bruksareal=123456.75) for i in range(5)])
    rows = list(readers.read_table(path).rows)
    assert [row.line for row in rows] == [1, 2, 3, 4, 5]
    assert rows[4].cells["leverandorBoligId"] == "FDV-4" and rows[4].cells["bruksareal"] == 123456.75


@pytest.mark.parametrize("content, message", [
    ('{"antall": 2}', "skal være en liste med boliger"),
    ('"bolig"', "skal være en liste med boliger"),
    ('[{"koboId": "a"}, {"koboId": ', "avkortet eller ugyldig ved element 2"),
    ('[{"koboId": "a"} {"koboId": "b"}]', "avkortet eller ugyldig etter element 1"),
])
def test_a_broken_json_file_is_refused(tmp_path, content, message):
    path = tmp_path / "kobo.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        list(readers.read_table(path).rows)


def test_kobo_json_is_for_dwellings_and_tenancies_only(alice, write_json):
    with pytest.raises(ImportFileError, match="bare importeres som boliger eller leieforhold"):
        services.import_plan(kind="waiting_list", path=write_json([kobo_dwelling()]), today=TODAY)


def test_the_command_dry_runs_a_kobo_file_with_the_rooms_note(alice, write_json):
    from tests.imports.test_import_command import run

    code, out = run("import", "dwellings", str(write_json([kobo_dwelling(), kobo_dwelling("x", "FDV-2")])),
                    "--dry-run")
    assert code == 1
    assert "Merk: Kobo har ikke antall rom" in out
    assert "Rader: 2. Nye 1, endres 0, uendret 0, avvist 1." in out
    assert "linje 2: Kobo-id (kolonne «koboId»): «x» er ikke en gyldig Kobo-id" in out
    assert not Dwelling.objects.exists()


def kobo_tenancy(tenancy_id, number, name="Kari", surname="Hansen", household_id="HS-1", **extra):
    return {"leieforholdId": tenancy_id, "startdato": "2023-05-01", "sluttdato": None, "husleie": 9500,
            "kontraktstype": "Tidsubestemt",
            "husstand": {"husstandId": household_id,
                         "hovedperson": {"fornavn": name, "etternavn": surname, "fodselsnummer": number}},
            **extra}


def kobo_with_tenancies(numbers):
    """Three dwellings: one with its tenancy as an object, one with a list (an ended tenancy and
    the current one, the tenant named on `leietaker`), one without a tenancy."""
    ended = kobo_tenancy("L2-gammel", numbers[2], "Per", "Lie", "HS-3", startdato="2019-01-01",
                         sluttdato="2022-12-31", kontraktstype="Tidsbestemt")
    current = {"leieforholdId": "L2", "fraDato": "2023-02-01", "erTidsubegrenset": False, "sluttdato": "2028-01-31",
               "leietaker": {"navn": "Berg, Øyvind", "fødselsnummer": numbers[1], "telefon": "40000000"},
               "husstand": {"id": "HS-2"}}
    return [kobo_dwelling(supplier_id="FDV-1", leieforhold=kobo_tenancy("L1", numbers[0])),
            kobo_dwelling(KOBO_2, "FDV-2", leieforhold=[ended, current], leiekostnad=8700),
            kobo_dwelling("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "FDV-3")]


def test_kobo_tenancies_are_planned_imported_and_reimported_unchanged(alice, write_json, numbers):
    path = write_json(kobo_with_tenancies(numbers))
    services.import_commit(actor=alice, kind="dwellings", path=path, today=TODAY)
    plan = services.import_plan(kind="tenancies", path=path, today=TODAY)
    assert [(row.line, row.source_id, row.action) for row in plan.rows] == [
        (1, "L1", Action.CREATE), (2, "L2-gammel", Action.CREATE), (2, "L2", Action.CREATE)]
    assert any("Boliger uten leieforhold hoppes over" in note for note in plan.notes)
    assert not Tenancy.objects.exists()

    services.import_commit(actor=alice, kind="tenancies", path=path, today=TODAY)
    first = Tenancy.objects.get(source_id="L1")
    assert (first.dwelling.source_id, first.start_date, first.end_date, first.rent_monthly, first.contract_type,
            first.is_active) == ("FDV-1", dt.date(2023, 5, 1), None, 9500, "indefinite", True)
    assert first.household.source_id == "HS-1" and first.household.name == "Hansen, Kari"
    current = Tenancy.objects.get(source_id="L2")
    assert (current.rent_monthly, current.contract_type, current.end_date, current.is_active) == \
        (8700, "fixed_term", dt.date(2028, 1, 31), True)  # the dwelling's rent: the tenancy has none
    assert current.household.source_id == "HS-2"
    assert Person.objects.get(last_name="Berg").first_name == "Øyvind"
    assert not Tenancy.objects.get(source_id="L2-gammel").is_active
    assert (Tenancy.objects.count(), Household.objects.count(), Person.objects.count()) == (3, 3, 3)

    again = services.import_plan(kind="tenancies", path=path, today=TODAY)
    assert {row.action for row in again.rows} == {Action.UNCHANGED}
    assert any("Den samme filen ble importert" in note for note in again.notes)


def test_a_kobo_tenancy_with_an_invalid_identity_number_is_rejected_by_its_place_in_the_list(alice, write_json,
                                                                                            numbers):
    dwellings = kobo_with_tenancies(numbers)
    dwellings[0]["leieforhold"]["husstand"]["hovedperson"]["fodselsnummer"] = "12345678901"
    path = write_json({"boliger": dwellings})
    services.import_commit(actor=alice, kind="dwellings", path=path, today=TODAY)
    with pytest.raises(services.ImportRefused) as refused:
        services.import_commit(actor=alice, kind="tenancies", path=path, today=TODAY)
    [rejected] = refused.value.plan.rejected
    assert rejected.line == 1 and rejected.source_id == "L1"
    assert rejected.reasons[0].startswith("Ugyldig fødselsnummer: ")
    assert not Tenancy.objects.exists()


def test_a_kobo_tenancy_that_is_not_an_object_or_has_a_list_for_a_value_is_rejected(alice, write_json, numbers):
    rows = list(readers.read_table(write_json([
        kobo_dwelling(leieforhold=["L1"]),
        kobo_dwelling(leieforhold=kobo_tenancy("L2", numbers[0], husleie=[1, 2])), "en tekst"]), "tenancies").rows)
    assert [(row.line, row.problems) for row in rows] == [
        (1, ["«leieforhold» er ikke et JSON-objekt."]), (2, ["«husleie» er ikke en enkel verdi."]),
        (3, ["Elementet er ikke et JSON-objekt (en bolig)."])]


def test_the_web_upload_takes_kobo_tenancies(write_json, numbers, settings, tmp_path, team):
    from tests.conftest import _client_for, make_user
    from tests.imports.test_views import import_through_the_web

    settings.IMPORT_UPLOAD_DIR = tmp_path / "opplastinger"
    client = _client_for(make_user("erik", "administrator", team))
    content = json.dumps(kobo_with_tenancies(numbers)).encode()
    import_through_the_web(client, "kobo.json", content, "dwellings")
    run = import_through_the_web(client, "kobo-leieforhold.json", content, "tenancies")
    assert (run.kind, run.created) == ("tenancies", 3)
    assert set(Tenancy.objects.values_list("source_id", flat=True)) == {"L1", "L2-gammel", "L2"}


HUGE_NUMBER = "[" + json.dumps(kobo_dwelling())[:-1] + ', "antallSoverom": ' + "9" * 10_000 + "}]"
DEEPLY_NESTED = "[" + json.dumps(kobo_dwelling())[:-1] + ', "ekstra": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}]"
HOSTILE_KOBO = [(HUGE_NUMBER, "et tall med 10000 tegn ved element 1"),
                (DEEPLY_NESTED, "for dypt nestet ved element 1")]


@pytest.mark.parametrize("content, message", HOSTILE_KOBO)
def test_a_kobo_file_with_a_huge_number_or_deep_nesting_is_refused_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "kobo.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        list(readers.read_table(path).rows)


@pytest.mark.parametrize("content, message", HOSTILE_KOBO)
def test_the_command_says_why_a_hostile_kobo_file_is_refused_without_a_traceback(alice, tmp_path, content, message):
    from tests.imports.test_import_command import run

    path = tmp_path / "kobo.json"
    path.write_text(content, encoding="utf-8")
    code, out = run("import", "dwellings", str(path), "--dry-run")
    assert code == 1
    assert "Ingenting er importert" in out and message in out


@pytest.mark.parametrize("content, message", HOSTILE_KOBO)
def test_the_web_dry_run_says_why_a_hostile_kobo_file_is_refused(settings, tmp_path, team, content, message):
    from tests.conftest import _client_for, make_user
    from tests.imports.test_views import accept_mapping, dry_run, token_of, upload

    settings.IMPORT_UPLOAD_DIR = tmp_path / "opplastinger"
    client = _client_for(make_user("erik", "administrator", team))
    token = token_of(upload(client, "kobo.json", content.encode(), "dwellings"))
    accept_mapping(client, token)
    response = dry_run(client, token)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Dwelling.objects.exists()
