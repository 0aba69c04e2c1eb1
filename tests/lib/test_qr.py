import segno

from boligvei.lib import qr


def test_the_same_link_is_encoded_once(monkeypatch):
    qr.qr_svg.cache_clear()
    encoded = []
    real_make = segno.make

    def counting_make(text, **kwargs):
        encoded.append(text)
        return real_make(text, **kwargs)

    monkeypatch.setattr(segno, "make", counting_make)
    first = qr.qr_svg("https://fjordvik.example.com/interesse/")
    again = qr.qr_svg("https://fjordvik.example.com/interesse/")
    other = qr.qr_svg("https://fjordvik.example.com/selvsjekk/")
    assert encoded == ["https://fjordvik.example.com/interesse/", "https://fjordvik.example.com/selvsjekk/"]
    assert first == again and first != other
    assert first.startswith("<svg") and "</svg>" in first
