import pytest
from django.core.cache import cache
from django.urls import reverse

from boligvei.assessments.models import Assessment
from boligvei.core.models import AuditEvent

FORM = {"adults": "2", "children_ages": "4, 9", "net_income_monthly": "52000", "debt_payments_monthly": "1500",
        "equity": "100000", "price": "2500000", "common_costs_monthly": "2500"}


def test_anyone_can_open_the_self_check(client, db):
    page = client.get(reverse("assessments:self_check")).content.decode()
    assert "Kan jeg kjøpe bolig?" in page and "ingenting du skriver blir lagret" in page


def test_it_answers_without_storing_or_logging_anything(client, db):
    page = client.post(reverse("assessments:self_check"), FORM).content.decode()
    assert "Du kan kanskje kjøpe bolig til" in page
    assert not Assessment.objects.exists() and not AuditEvent.objects.exists()


def test_more_income_never_gives_a_lower_answer(client, db):
    def max_price(income):
        page = client.post(reverse("assessments:self_check"), {**FORM, "net_income_monthly": income},
                           headers={"HX-Request": "true"}).content.decode()
        figure = page.split('class="figure">')[1].split(" kr")[0]
        return int(figure.replace("\u00a0", "").replace("−", "-"))

    assert max_price("30000") < max_price("45000") < max_price("60000")


def test_children_ages_must_be_whole_years_under_18(client, db):
    page = client.post(reverse("assessments:self_check"), {**FORM, "children_ages": "4, tolv"}).content.decode()
    assert "Skriv alder i hele år fra 0 til 17" in page


def test_the_login_page_points_tenants_to_the_self_check(client, db):
    assert reverse("assessments:self_check") in client.get(reverse("login")).content.decode()


def test_an_empty_form_sent_in_place_says_what_is_missing(client, db):
    # htmx swaps only the answer: the form's own error summary is not in what comes back, so
    # the answer must say what is missing (it said nothing).
    page = client.post(reverse("assessments:self_check"), {}, headers={"HX-Request": "true"}).content.decode()
    assert "Vi trenger litt mer for å regne ut" in page
    assert 'href="#id_net_income_monthly"' in page


def test_the_answer_points_to_the_interest_form(client, db):
    for data in ({}, FORM):
        page = client.post(reverse("assessments:self_check"), data, headers={"HX-Request": "true"}).content.decode()
        assert reverse("referrals:interest") in page
@pytest.fixture
def _empty_rate_limits(db):
    cache.clear()  # the rate limits count in the shared cache


def test_over_the_rate_limit_the_self_check_answers_no_more_and_keeps_the_input(client, settings, _empty_rate_limits):
    settings.SELF_CHECK_RATE = "3/h"
    for _ in range(3):
        assert client.post(reverse("assessments:self_check"), FORM).status_code == 200
    response = client.post(reverse("assessments:self_check"), {**FORM, "price": "2750000"})
    page = response.content.decode()
    assert response.status_code == 429
    assert "Vi har regnet mye for samme nettverk" in page and "Du kan kanskje kjøpe bolig til" not in page
    assert 'value="2750000"' in page
    assert client.get(reverse("assessments:self_check")).status_code == 200  # reading the page is not limited
    # Another address still gets its answer.
    other = client.post(reverse("assessments:self_check"), FORM, REMOTE_ADDR="192.0.2.7")
    assert "Du kan kanskje kjøpe bolig til" in other.content.decode()


def test_over_the_rate_limit_an_htmx_update_shows_the_message_as_the_result(client, settings, _empty_rate_limits):
    settings.SELF_CHECK_RATE = "1/h"
    client.post(reverse("assessments:self_check"), FORM, headers={"HX-Request": "true"})
    response = client.post(reverse("assessments:self_check"), FORM, headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps no 4xx answer into the page
    assert "Vi har regnet mye for samme nettverk" in response.content.decode()


def test_behind_the_proxy_the_self_check_counts_each_citizen_apart(client, settings, _empty_rate_limits):
    settings.BEHIND_TLS_PROXY = True
    settings.SELF_CHECK_RATE = "1/h"
    pages = [client.post(reverse("assessments:self_check"), FORM, REMOTE_ADDR="10.20.0.5",
                         HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").content.decode() for n in range(5)]
    assert all("Du kan kanskje kjøpe bolig til" in page for page in pages)
def test_the_answer_is_the_price_that_can_be_financed_within_the_banks_rules(client, db):
    from django.utils import timezone

    from boligvei.assessments.public import SelfCheckForm
    from boligvei.assessments.selectors import assessment_year
    from boligvei.finance.assess import assess_json

    page = client.post(reverse("assessments:self_check"), FORM, headers={"HX-Request": "true"}).content.decode()
    figure = int(page.split('class="figure">')[1].split(" kr")[0].replace("\u00a0", ""))
    form = SelfCheckForm(FORM)
    assert form.is_valid()
    answer = assess_json(form.engine_request(year=assessment_year(timezone.localdate())))
    assert figure == answer["headline"]["price"] < answer["max_price"]
    assert "innenfor reglene bankene må følge" in page
