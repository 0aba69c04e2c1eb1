"""Every field renders as Designsystemet markup (boligvei/core/forms.py, core/forms/field.html)."""

import pytest


@pytest.mark.django_db
def test_checkbox_and_radio_groups_are_fieldsets_with_each_box_beside_its_label(alice_client):
    # They rendered as Django's default list: every box on a line above its label, the group
    # named by a <label> pointing at nothing.
    html = alice_client.get("/utsendelser/ny/").content.decode()
    assert '<fieldset class="ds-fieldset ds-field"' in html
    assert '<legend class="ds-label">Husstandstype</legend>' in html
    assert ('<div class="ds-field__checkbox"><input type="checkbox" name="household_types" value="single" '
            in html)
