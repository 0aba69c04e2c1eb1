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
