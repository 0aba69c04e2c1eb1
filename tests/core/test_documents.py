"""Every PDF is set by core.documents.TypstLayout: names in every script print, as PDF/A-2b."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from boligvei.core.documents import FONT_FILES, DocumentError, missing_fonts
from boligvei.core.letters import Letter, letters_pdf

# Tenants write their names in their own scripts (synthetic names).
NAMES = {
    "Latin": "Åse Ødegård-Nuñez",
    "Cyrillic": "Иван Петров",
    "Arabic": "محمد العلي",
    "Ethiopic": "ተስፋይ ገብረመድህን",
    "Thai": "สมชาย ใจดี",
    "CJK": "王小明 山田太郎 김민준",
    "emoji": "Ana 😀👍🏽",
}
FONT_OF_SCRIPT = {"Arabic": "Arabic", "Ethiopic": "NotoSansEthiopic", "Thai": "NotoSansThai",
                  "CJK": "NotoSansCJK", "Cyrillic": "LibertinusSerif", "Latin": "LibertinusSerif"}


def letter(name: str) -> Letter:
    return Letter(lang="nb", recipient=[name, "Storgata 1", "0150 Oslo"], title="Vil du eie boligen du leier?",
                  body=f"Hei {name}!\n\nVi skriver til deg fordi du leier en kommunal bolig.", reference="1-2",
                  date=dt.date(2026, 12, 1), signature=["Alice Testesen", "Saksbehandler"])


def fonts_of(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            names.add(str(font.get("/BaseFont", font.get("/Subtype"))))
    return names


def test_the_fonts_for_every_script_are_installed():
    assert missing_fonts() == [], "run `make fonts`"
    assert len(FONT_FILES) == 13


@pytest.mark.parametrize("script", NAMES)
def test_a_name_in_each_script_prints_in_a_pdf_a_with_a_font_for_it(script):
    pdf = letters_pdf([letter(NAMES[script])])
    assert b"<pdfaid:part>2</pdfaid:part>" in pdf and b"<pdfaid:conformance>B</pdfaid:conformance>" in pdf
    fonts = fonts_of(pdf)
    if script == "emoji":
        assert "/Type3" in fonts  # colour emoji are set as pictures of glyphs
    else:
        assert any(FONT_OF_SCRIPT[script] in font for font in fonts), fonts
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    if script in {"Latin", "Cyrillic", "CJK", "Thai"}:
        assert NAMES[script].split()[0] in text


def test_one_batch_prints_every_script_at_once():
    pdf = letters_pdf([letter(name) for name in NAMES.values()], duplex=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2 * len(NAMES) - 1


def test_a_character_no_font_has_is_refused_as_a_document_error_not_a_pdf_with_empty_boxes():
    with pytest.raises(DocumentError, match="could not be displayed"):
        letters_pdf([letter("Kari \U00010000")])  # Linear B: in none of the fonts
