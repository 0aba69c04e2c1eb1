"""No personal data in error reports or log lines (boligvei.core.logging).

A view that fails with a name, an identity number and a phone number both in the POST data and in
its local variables: neither the e-mail to the administrators (text and HTML), nor Django's
technical 500 page (DEBUG), nor the log lines of the request carry any of them.
"""

import datetime as dt
import logging
import logging.config
import sys

import pytest
from django.core import mail
from django.test import Client
from django.urls import path, reverse
from django.utils.log import AdminEmailHandler
from django.views.decorators.csrf import csrf_exempt

from tests.people.factories import synthetic_number

IDENTITY_NUMBER = synthetic_number(dt.date(1984, 3, 9)).value
NAME, PHONE = "Solveig Fjellstrand", "412 98 765"
PERSONAL = (IDENTITY_NUMBER, IDENTITY_NUMBER[6:], "Fjellstrand", "98 765", "98765")
POSTED = {"name": NAME, "identity_number": IDENTITY_NUMBER, "phone": PHONE}


@csrf_exempt
def failing_view(request):
    person = {"name": request.POST["name"], "identity_number": request.POST["identity_number"]}
    phone = request.POST["phone"]
    raise RuntimeError("the register could not be reached")  # the message itself names no one


urlpatterns = [path("feil/", failing_view, name="failing")]


def _without_personal_data(text: str) -> None:
    for value in PERSONAL:
        assert value not in text


@pytest.mark.urls(__name__)
def test_the_error_mail_to_the_administrators_masks_posted_fields_and_local_variables(db, settings, caplog):
    settings.ADMINS = [("Drift", "drift@kommune.example.no")]  # Django's mail_admins handler sends to them
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.DEBUG):
        response = client.post(reverse("failing"), POSTED)
    assert response.status_code == 500
    (message,) = mail.outbox
    assert "the register could not be reached" in message.body and "failing_view" in message.body
    assert "identity_number = '********************'" in message.body  # the report is there, masked
    for text in (message.subject, message.body, caplog.text):
        _without_personal_data(text)


@pytest.mark.urls(__name__)
def test_an_html_error_mail_masks_them_too(db, settings):
    settings.ADMINS = [("Drift", "drift@kommune.example.no")]
    handler = AdminEmailHandler(include_html=True)  # an installation that asks for the HTML report
    logging.getLogger("django.request").addHandler(handler)
    try:
        Client(raise_request_exception=False).post(reverse("failing"), POSTED)
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    html = [alternative for m in mail.outbox for alternative, _ in m.alternatives]
    assert html and all("failing_view" in page for page in html)
    for page in html:
        _without_personal_data(page)


@pytest.mark.urls(__name__)
def test_the_technical_error_page_masks_them_too(db, settings):
    settings.DEBUG = True  # a developer's machine, or a misconfigured server
    response = Client(raise_request_exception=False).post(reverse("failing"), POSTED)
    page = response.content.decode()
    assert response.status_code == 500 and "RuntimeError" in page and "person" in page
    _without_personal_data(page)


def test_a_refused_public_form_logs_nothing_of_what_was_sent(client, db, caplog):
    """A form refused for a wrong value: the log lines name the path at most."""
    posted = {**POSTED, "email": "not an address", "channel": "flyer", "message": IDENTITY_NUMBER}
    with caplog.at_level(logging.DEBUG):
        response = client.post(reverse("referrals:interest"), posted)
        client.post("/finnes-ikke/", posted)  # a 404 is logged as a warning
    assert response.status_code == 200 and "ds-error-summary" in response.content.decode()
    assert "Not Found: /finnes-ikke/" in caplog.text
    _without_personal_data(caplog.text)


def test_an_event_with_a_traceback_is_logged_on_one_line():
    from django.conf import settings as django_settings

    formatter = logging.config.DictConfigurator(django_settings.LOGGING).configure_formatter(
        django_settings.LOGGING["formatters"]["plain"])
    try:
        raise ValueError("first line\nsecond line")
    except ValueError:
        record = logging.LogRecord("boligvei", logging.ERROR, __file__, 1, "Failed:\n%s", ("detail",),
                                   sys.exc_info())
    line = formatter.format(record)
    assert "\n" not in line
    assert "Failed:\\ndetail" in line and "Traceback (most recent call last)" in line
    assert "ValueError: first line\\nsecond line" in line
