"""Reading CSV and XLSX files: encodings, delimiters, size limits, zip bombs, damaged files and formulas."""

import zipfile

import pytest
from openpyxl import Workbook

from boligvei.imports import readers
from boligvei.imports.readers import ImportFileError, read_table
from tests.imports.conftest import stopped_if_still_running_after, xlsx_declaring_the_whole_sheet


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows_of(path):
    table = read_table(path)
    return table.headers, list(table.rows)


def test_it_reads_utf8_with_bom_and_semicolons(tmp_path):
    path = write(tmp_path, "boliger.csv", "\ufeffId;Adresse\n1;Ærlighetsveien 3\n".encode())
    headers, rows = rows_of(path)
    assert headers == ["Id", "Adresse"]  # the BOM is not part of the first header
    assert rows[0].cells == {"Id": "1", "Adresse": "Ærlighetsveien 3"}
    assert rows[0].line == 2


def test_it_reads_windows_1252(tmp_path):
    path = write(tmp_path, "boliger.csv", "Id;Adresse\n1;Ærlighetsveien 3\n".encode("cp1252"))
    assert readers.detect_encoding(path) == "cp1252"
    _, rows = rows_of(path)
    assert rows[0].cells["Adresse"] == "Ærlighetsveien 3"


def test_a_file_mixing_utf8_and_windows_1252_lines_is_refused_naming_the_lines(tmp_path):
    data = (b"Id;Adresse\n" + "1;Ørnveien 3\n".encode() + "2;Ærlighetsveien 4\n".encode("cp1252")
            + b"3;Storgata 1\n" + "4;Åsveien 2\n".encode())
    path = write(tmp_path, "boliger.csv", data)
    with pytest.raises(ImportFileError, match="blander to tegnkodinger") as refused:
        read_table(path)
    assert "linje 2, 5 er UTF-8, linje 3 er Windows-1252" in refused.value.message


def test_text_garbled_before_it_reached_us_rejects_its_row_naming_the_column(tmp_path):
    garbled = "Ørnveien 3".encode().decode("cp1252")  # «Ã˜rnveien 3»
    path = write(tmp_path, "boliger.csv", f"Id;Adresse\n1;{garbled}\n2;Ørnveien 5\n3;Ãngel vei\n".encode())
    _, rows = rows_of(path)
    assert rows[0].problems == [f"Feil tegnkoding i kolonne «Adresse»: «{garbled}» skulle trolig vært «Ørnveien 3». "
                                "Rett filen (lagre den som UTF-8) og prøv igjen."]
    assert rows[1].problems == [] and rows[2].problems == []  # a real «Ã» is not taken for garbling


def test_it_reads_commas_and_quoted_cells(tmp_path):
    path = write(tmp_path, "boliger.csv", b'Id,Adresse,Leie\n1,"Storgata 1, H0101","9 800,00"\n')
    _, rows = rows_of(path)
    assert rows[0].cells == {"Id": "1", "Adresse": "Storgata 1, H0101", "Leie": "9 800,00"}


def test_line_numbers_skip_blank_lines_and_follow_the_file(tmp_path):
    path = write(tmp_path, "boliger.csv", b"Id;Adresse\n1;A\n\n;\n2;B\n")
    _, rows = rows_of(path)
    assert [row.line for row in rows] == [2, 5]


def test_formula_text_in_csv_is_data(tmp_path):
    path = write(tmp_path, "boliger.csv", b"Id;Adresse\n1;=HYPERLINK(\"x\")\n")
    _, rows = rows_of(path)
    assert rows[0].cells["Adresse"] == '=HYPERLINK("x")'
    assert rows[0].problems == []


def test_a_file_in_an_unknown_encoding_is_refused(tmp_path):
    # 0x81 and 0x8D are undefined in Windows-1252 and invalid as UTF-8.
    path = write(tmp_path, "boliger.csv", b"Id;Adresse\n1;\x81\x8d\n")
    with pytest.raises(ImportFileError, match="tegnkoding"):
        read_table(path)


def test_a_binary_file_is_refused(tmp_path):
    path = write(tmp_path, "boliger.csv", b"Id;Adresse\n\x00\x00\x00")
    with pytest.raises(ImportFileError, match="ikke ut som en tekstfil"):
        read_table(path)


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="tom"):
        read_table(write(tmp_path, "tom.csv", b""))


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100)
    path = write(tmp_path, "stor.csv", b"Id;Adresse\n" + b"1;Storgata 1\n" * 20)
    with pytest.raises(ImportFileError, match="Største tillatte størrelse"):
        read_table(path)


def test_duplicate_headers_are_refused(tmp_path):
    with pytest.raises(ImportFileError, match="«Id» står to ganger"):
        read_table(write(tmp_path, "b.csv", b"Id;Id\n1;2\n"))


def xlsx(tmp_path, rows, name="boliger.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_it_reads_xlsx_values_with_line_numbers(tmp_path):
    import datetime as dt

    path = xlsx(tmp_path, [["Id", "Startdato", "Leie"], ["A1", dt.date(2013, 10, 31), 9800], [None, None, None],
                           ["A2", "31.10.2013", "9 800"]])
    headers, rows = rows_of(path)
    assert headers == ["Id", "Startdato", "Leie"]
    assert [row.line for row in rows] == [2, 4]
    assert rows[0].cells["Startdato"].date() == dt.date(2013, 10, 31)
    assert rows[0].cells["Leie"] == 9800


def test_a_formula_cell_rejects_its_row_and_text_starting_with_equals_is_data(tmp_path):
    # openpyxl writes a string starting with "=" as a formula; the text cell is made by hand.
    path = tmp_path / "formler.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Id", "Leie", "Merknad"])
    sheet.append(["A1", "=SUM(1,2)", "x"])
    sheet.append(["A2", 9800, None])
    sheet.cell(row=3, column=3).value = "=ikke en formel"
    sheet.cell(row=3, column=3).data_type = "s"
    workbook.save(path)
    _, rows = rows_of(path)
    assert rows[0].problems and "Formel i celle" in rows[0].problems[0]
    assert "Leie" not in rows[0].cells
    assert rows[1].problems == []
    assert rows[1].cells["Merknad"] == "=ikke en formel"


def test_a_truncated_xlsx_is_refused_with_a_message(tmp_path):
    whole = xlsx(tmp_path, [["Id"], ["A1"]]).read_bytes()
    path = write(tmp_path, "avkortet.xlsx", whole[: len(whole) // 2])
    with pytest.raises(ImportFileError, match="skadet eller ikke lastet opp helt"):
        read_table(path)


def zip_bomb(tmp_path, uncompressed_mb: int):
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            block = b"0" * (1024 * 1024)
            for _ in range(uncompressed_mb):
                entry.write(block)
    return path


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(tmp_path, monkeypatch):
    path = zip_bomb(tmp_path, 400)
    assert path.stat().st_size < 2 * 1024 * 1024

    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl opened a zip bomb")

    monkeypatch.setattr("openpyxl.load_workbook", must_not_open)
    with pytest.raises(ImportFileError, match="pakkes ut til 400 MB"):
        read_table(path)


def test_a_highly_compressed_entry_is_refused_even_under_the_total_limit(tmp_path):
    with pytest.raises(ImportFileError, match="zip-bombe"):
        read_table(zip_bomb(tmp_path, 20))


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "ikke.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hei.txt", "hei")
    with pytest.raises(ImportFileError, match="kan ikke leses"):
        read_table(path)


def test_an_xlsx_declaring_a_huge_sheet_is_read_by_the_cells_it_has(tmp_path):
    path = tmp_path / "erklært-stor.xlsx"
    xlsx_declaring_the_whole_sheet(path, [["Id", "Adresse"], ["A1", "Storgata 1"], ["A2", "Storgata 2"]])
    assert path.stat().st_size < 10_000
    with stopped_if_still_running_after(60):
        headers, rows = rows_of(path)
    assert headers == ["Id", "Adresse"]
    assert [(row.line, row.cells, row.problems) for row in rows] == [
        (2, {"Id": "A1", "Adresse": "Storgata 1"}, []), (3, {"Id": "A2", "Adresse": "Storgata 2"}, [])]
