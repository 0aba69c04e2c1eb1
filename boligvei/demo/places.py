"""The areas (bydeler) of Fjordvik, the fictional demo municipality.

Fjordvik is modelled on a Telemark town of Skien's size. Place names, streets and postal codes
are invented for the demo: the codes sit in the 37xx range so that they look like Telemark, but
they do not describe real addresses (a real place may use the same code elsewhere). Prices per
m² follow the Telemark level for used homes, about 25 000–40 000 kr/m² from the outskirts to
the waterfront (Eiendom Norge's regional statistics; a demo level, not a valuation).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    name: str
    postal_code: str
    postal_place: str
    price_per_m2: int
    weight: int  # share of the municipal stock in the area
    north: bool  # served by the team "Bydel Nord"
    streets: tuple[str, ...]


AREAS: tuple[Area, ...] = (
    Area("Sentrum", "3770", "Fjordvik", 37_000, 13, False,
         ("Storgata", "Kirkegata", "Torggata", "Tollbodgata", "Rådhusgata", "Bryggegata",
          "Prestegata", "Kongens gate")),
    Area("Havna", "3771", "Fjordvik", 40_000, 5, False,
         ("Havnegata", "Kaiveien", "Fergeveien", "Sjøbodveien", "Losveien")),
    Area("Nordbyen", "3772", "Fjordvik", 31_000, 15, True,
         ("Nordbyveien", "Bjørkeveien", "Lindeveien", "Asalveien", "Hasselveien", "Eikeveien",
          "Rognebakken", "Ospeveien")),
    Area("Lia", "3774", "Fjordvik", 28_000, 12, True,
         ("Liaveien", "Furulia", "Granlia", "Solbakken", "Lyngveien", "Einerveien")),
    Area("Myra", "3776", "Fjordvik", 27_000, 12, False,
         ("Myrveien", "Myrhaugen", "Torvstikkerveien", "Blåbærstien", "Tyttebærveien",
          "Multeveien")),
    Area("Sørbyen", "3778", "Fjordvik", 32_000, 14, False,
         ("Sørbyveien", "Elvegata", "Bruveien", "Skolegata", "Verkstedveien", "Smiebakken",
          "Jernbanegata")),
    Area("Elvedalen", "3780", "Elvedalen", 26_000, 9, False,
         ("Elvedalsveien", "Fossveien", "Damveien", "Kverndalen", "Laksestien")),
    Area("Skogheim", "3782", "Skogheim", 25_000, 7, False,
         ("Skogheimveien", "Gransvingen", "Tømmerveien", "Sagbruksveien")),
    Area("Vestheim", "3784", "Vestheim", 29_000, 8, False,
         ("Vestheimveien", "Kløverveien", "Rugveien", "Åkerveien", "Havreveien")),
    Area("Strandvik", "3786", "Fjordvik", 34_000, 5, False,
         ("Strandveien", "Måkeveien", "Badeveien", "Skjærgårdsveien")),
)
