"""QR codes as SVG (segno), to print beside an address in letters and on the flyer."""

import io

import segno


def qr_svg(text: str) -> str:
    """The QR code for `text` as a standalone SVG document (error correction M, quiet zone 4)."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", xmldecl=False, border=4, scale=4)
    return out.getvalue().decode("ascii")
