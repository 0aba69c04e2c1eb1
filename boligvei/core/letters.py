"""Letters as PDF/A, made with Typst: one layout for every letter the housing office sends.

A letter is a `Letter` (what it says, to whom); `letters_pdf` sets one or many in the layout of
`typst/letter.typ`. The body is plain text: a blank line starts a new paragraph, lines starting
with "- " are a bulleted list, and a line starting with "## " is a subheading. Nothing in it is
read as Typst markup, so a name or a template can never break or change the layout.
"""

import dataclasses
import datetime as dt
from pathlib import Path

from django.conf import settings

from boligvei.core.documents import TypstLayout
from boligvei.lib.qr import qr_svg

LAYOUT = TypstLayout(Path(__file__).resolve().parent / "typst" / "letter.typ")

LABELS = {
    "nb": {"date_label": "Dato", "reference_label": "Vår ref.", "closing": "Vennlig hilsen",
           "page_label": "Side", "phone_label": "Telefon"},
    "nn": {"date_label": "Dato", "reference_label": "Vår ref.", "closing": "Vennleg helsing",
           "page_label": "Side", "phone_label": "Telefon"},
    "en": {"date_label": "Date", "reference_label": "Our ref.", "closing": "Kind regards",
           "page_label": "Page", "phone_label": "Phone"},
}


@dataclasses.dataclass(frozen=True)
class Letter:
    lang: str
    recipient: list[str]
    title: str
    body: str
    reference: str
    date: dt.date
    signature: list[str]
    qr_url: str = ""
    qr_caption: str = ""
    note: str = ""


def body_blocks(text: str) -> list[dict]:
    """Plain text to paragraphs, subheadings and bulleted lists."""
    blocks: list[dict] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        paragraph: list[str] = []

        def flush() -> None:
            if paragraph:
                blocks.append({"kind": "p", "text": " ".join(paragraph)})
                paragraph.clear()

        for line in lines:
            stripped = line.strip()
            if stripped.startswith("## "):
                flush()
                blocks.append({"kind": "h", "text": stripped[3:].strip()})
            elif stripped.startswith(("- ", "* ")):
                flush()
                if blocks and blocks[-1]["kind"] == "list" and not paragraph:
                    blocks[-1]["items"].append(stripped[2:].strip())
                else:
                    blocks.append({"kind": "list", "items": [stripped[2:].strip()]})
            else:
                paragraph.append(stripped)
        flush()
    return blocks


def _sender() -> dict:
    return {"municipality": settings.MUNICIPALITY_NAME, "unit": settings.HOUSING_OFFICE_NAME,
            "address": settings.HOUSING_OFFICE_ADDRESS, "phone": settings.HOUSING_OFFICE_PHONE}


def _letter_data(letter: Letter, sender: dict) -> dict:
    labels = LABELS.get(letter.lang, LABELS["nb"])
    return {
        **labels,
        "lang": letter.lang if letter.lang in LABELS else "nb",
        "sender": {**sender, "phone_label": labels["phone_label"]},
        "recipient": letter.recipient,
        "date": letter.date.strftime("%d.%m.%Y"),
        "reference": letter.reference,
        "title": letter.title,
        "blocks": body_blocks(letter.body),
        "signature": letter.signature,
        "qr": qr_svg(letter.qr_url) if letter.qr_url else None,
        "qr_caption": letter.qr_caption,
        "note": letter.note,
    }


def letters_pdf(letters: list[Letter], *, duplex: bool = False, timestamp: dt.datetime | None = None,
                title: str = "") -> bytes:
    """One PDF/A-2b with the letters in order. `duplex` starts each letter on a front page, for a
    print shop's two-sided printing. The compiler is kept between calls: fonts and the layout are
    loaded once per process, which is most of the time a single letter takes."""
    if not letters:
        raise ValueError("letters_pdf needs at least one letter")
    sender = _sender()
    data = {"letters": [_letter_data(letter, sender) for letter in letters], "duplex": duplex,
            "title": title or letters[0].title, "author": settings.MUNICIPALITY_NAME}
    stamp = int((timestamp or dt.datetime.now(dt.UTC)).timestamp())
    return LAYOUT.pdf(data, timestamp=stamp)
