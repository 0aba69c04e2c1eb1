"""Column mapping: default mappings from Norwegian and Kobo headers, and required columns (boligvei/imports/mapping.py)."""

from boligvei.imports.mapping import default_mapping, missing_columns


def test_norwegian_headers_map_to_dwelling_fields():
    headers = ["Bolig-ID", "Adresse", "Bruksenhetsnummer", "Postnummer", "Poststed", "Kommunenummer", "Boligtype",
               "Antall rom", "Bruksareal", "Månedsleie", "Leie til eie"]
    mapping = default_mapping("dwellings", headers)
    assert mapping == {
        "source_id": "Bolig-ID", "street_address": "Adresse", "unit_number": "Bruksenhetsnummer",
        "postal_code": "Postnummer", "postal_place": "Poststed", "municipality_number": "Kommunenummer",
        "building_type": "Boligtype", "rooms": "Antall rom", "floor_area": "Bruksareal",
        "rent_monthly": "Månedsleie", "rent_to_own_potential": "Leie til eie",
    }
    assert missing_columns("dwellings", mapping, headers) == []


def test_kobo_excel_columns_map_to_tenancy_fields():
    headers = ["leverandorboligid", "kontraktsnummer", "hovedsoker", "fodselsnummer", "manedsleie",
               "leieforholdertidsubegrenset", "leieforholdstartdato", "leieforholdsluttdato"]
    mapping = default_mapping("tenancies", headers)
    assert mapping["dwelling_source_id"] == "leverandorboligid"
    assert mapping["full_name"] == "hovedsoker"
    assert mapping["identity_number"] == "fodselsnummer"
    assert mapping["rent_monthly"] == "manedsleie"
    assert mapping["indefinite"] == "leieforholdertidsubegrenset"
    assert mapping["start_date"] == "leieforholdstartdato"
    assert mapping["end_date"] == "leieforholdsluttdato"
    assert missing_columns("tenancies", mapping, headers) == []


def test_kobo_address_parts_stand_in_for_the_address():
    headers = ["id", "gatenavn", "husnummer", "husbokstav", "postnummer", "poststed", "kommunenummer",
               "koboboligtype", "antall rom", "bruksareal", "manedsleie"]
    mapping = default_mapping("dwellings", headers)
    assert mapping["street_name"] == "gatenavn"
    assert missing_columns("dwellings", mapping, headers) == []


def test_missing_required_columns_are_named():
    mapping = default_mapping("tenancies", ["Fødselsnummer", "Navn"])
    missing = missing_columns("tenancies", mapping, ["Fødselsnummer", "Navn"])
    assert "Id for leieforholdet" in missing
    assert "Kontraktstype eller Tidsubestemt (ja/nei)" in missing
    assert "Navn (hovedperson) eller Etternavn" not in missing


def test_an_identity_number_stored_as_a_number_in_excel_gets_its_leading_zero_back():
    from boligvei.imports.mapping import identity_text

    assert identity_text(1488012345) == "01488012345"
    assert identity_text(" 014880 12345 ") == "014880 12345"  # text is left to the identity parser
