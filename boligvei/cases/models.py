from django.db import models
from django.db.models import F, Q

from boligvei.cases.funnel import Stage
from boligvei.cases.pipeline import CLOSED_STATUSES, Status
from boligvei.core.models import Team, TimestampedModel, User
from boligvei.housing.models import ContractType
from boligvei.people.models import Household


class Channel(models.TextChoices):
    """How the household came into the programme (the referral channel)."""

    LETTER = "letter", "Invitasjonsbrev"
    SERVICE_CENTRE = "service_centre", "Servicetorget"
    NAV = "nav", "NAV"
    OTHER_AGENCY = "other_agency", "Annen instans"
    USER_ORGANISATION = "user_organisation", "Brukerorganisasjon"
    FLYER = "flyer", "Flygeblad"
    SELF_REFERRAL = "self_referral", "Tok kontakt selv"


class Case(TimestampedModel):
    """A household's case in the programme, followed by one caseworker in a team.

    A household has at most one open case (a database constraint). `version` increases with
    every change, so that a change made from a page that is no longer current is refused
    rather than silently overwriting someone else's.
    """

    household = models.ForeignKey(Household, verbose_name="husstand", on_delete=models.PROTECT, related_name="cases")
    caseworker = models.ForeignKey(User, verbose_name="saksbehandler", on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, verbose_name="team", null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField("status", max_length=30, choices=Status.choices, default=Status.INVITED)
    status_changed_at = models.DateTimeField("status endret")
    invite_again_on = models.DateField("inviter igjen", null=True, blank=True)
    channel = models.CharField("kom inn via", max_length=20, choices=Channel.choices, default=Channel.LETTER)
    referred_by = models.CharField("henvist av", max_length=200, blank=True,
                                   help_text="Hvem som henviste: person og instans.")
    area = models.CharField("område", max_length=100, blank=True,
                            help_text="Området husstanden leide i da saken ble åpnet (for rapportene).")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-status_changed_at", "-id"]
        verbose_name = "sak"
        verbose_name_plural = "saker"
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=~Q(status__in=sorted(CLOSED_STATUSES)),
                name="case_one_open_per_household",
                violation_error_message="Husstanden har allerede en åpen sak."),
        ]
        indexes = [
            models.Index(fields=["caseworker", "status"]),
            models.Index(fields=["caseworker", "-status_changed_at"], name="case_mine_order"),
            models.Index(fields=["-status_changed_at", "-id"], name="case_list_order"),
        ]

    def __str__(self) -> str:
        return f"Sak {self.pk}: {self.household}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES


class EventKind(models.TextChoices):
    OPENED = "opened", "Sak opprettet"
    STATUS = "status", "Status endret"
    REOPENED = "reopened", "Sak gjenåpnet"
    NOTE = "note", "Notat"
    CONTACT = "contact", "Svar til husstanden"
    ASSIGNED = "assigned", "Ny saksbehandler"
    TASK_DONE = "task_done", "Oppgave fullført"
    LETTER = "letter", "Brev"
    MEETING = "meeting", "Møte"
    REFERRAL = "referral", "Henvendelse"


class CaseEvent(models.Model):
    """One thing that happened in a case: who, when, what, and why. Never changed afterwards;
    the case's history, and the programme's reports, are built from these rows."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("tidspunkt", db_index=True)
    actor = models.ForeignKey(User, verbose_name="utført av", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("hendelse", max_length=20, choices=EventKind.choices)
    from_status = models.CharField("fra", max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField("til", max_length=30, choices=Status.choices, blank=True)
    text = models.TextField("begrunnelse eller notat", blank=True)
    invite_again_on = models.DateField("inviter igjen", null=True, blank=True)
    # Who had the case after this event (set on openings, moves and reassignments), so that the
    # history tells whose case it was on any date.
    caseworker = models.ForeignKey(User, verbose_name="saksbehandler", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "sakshendelse"
        verbose_name_plural = "sakshendelser"
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d.%m.%Y}"


class CaseMilestone(models.Model):
    """The first time a case reached a stage of the funnel (`cases.funnel`), and whose case it
    was then. Derived from the case events, written with them, never changed afterwards."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="milestones")
    stage = models.PositiveSmallIntegerField("trinn", choices=Stage.choices)
    at = models.DateTimeField("nådd")
    caseworker = models.ForeignKey(User, verbose_name="saksbehandler", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case", "stage"]
        verbose_name = "trinn nådd"
        verbose_name_plural = "trinn nådd"
        constraints = [models.UniqueConstraint(fields=["case", "stage"], name="milestone_once_per_stage")]
        indexes = [models.Index(fields=["stage", "at"], name="milestone_stage_at")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.at:%d.%m.%Y}"


class PurchaseChecklistVersion(models.Model):
    """One saved version of the municipality's checklist for the purchase process (help to buy):
    ordered items, each a title, short guidance for the caseworker and the days from the start
    to its due date. Never changed: saving makes a new version, and a case keeps the version its
    tasks were made from. Version 1 is shipped (`cases/checklist_defaults.py`)."""

    number = models.PositiveIntegerField("versjon", unique=True)
    items = models.JSONField("punkter")
    created_by = models.ForeignKey(User, verbose_name="lagret av", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("lagret", auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = "sjekkliste for kjøpsprosessen"
        verbose_name_plural = "sjekklister for kjøpsprosessen"

    def __str__(self) -> str:
        return f"Sjekkliste for kjøpsprosessen, versjon {self.number}"


class CaseChecklist(models.Model):
    """The purchase-process checklist on a case: once per case (a database constraint), from
    the version in force when it was added, by the financing approval or by hand."""

    case = models.OneToOneField(Case, verbose_name="sak", on_delete=models.CASCADE, related_name="checklist")
    version = models.ForeignKey(PurchaseChecklistVersion, verbose_name="versjon", on_delete=models.PROTECT,
                                related_name="+")
    added_by = models.ForeignKey(User, verbose_name="lagt til av", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField("lagt til")
    by_hand = models.BooleanField("lagt til for hånd", default=False)

    class Meta:
        verbose_name = "sjekkliste i saken"
        verbose_name_plural = "sjekklister i saker"

    def __str__(self) -> str:
        return f"Sjekkliste for kjøpsprosessen i sak {self.case_id}"


class FollowUpTask(TimestampedModel):
    """One step in the household's follow-up plan: what, by when, and who does it. A step of
    the purchase-process checklist carries the checklist and its guidance."""

    case = models.ForeignKey(Case, verbose_name="sak", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("oppgave", max_length=200)
    guidance = models.TextField("veiledning", blank=True)
    checklist = models.ForeignKey(CaseChecklist, verbose_name="sjekkliste", null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="tasks")
    due_on = models.DateField("frist")
    assignee = models.ForeignKey(User, verbose_name="ansvarlig", on_delete=models.PROTECT, related_name="tasks")
    created_by = models.ForeignKey(User, verbose_name="opprettet av", on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField("fullført", null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        verbose_name = "oppgave"
        verbose_name_plural = "oppgaver"
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"])]

    def __str__(self) -> str:
        return self.title


class PaymentTrouble(models.TextChoices):
    NONE = "none", "Ingen betalingsproblemer"
    LATE = "late", "Betaler for sent"
    STARTLAN_ARREARS = "startlan_arrears", "Restanse på startlånet"
    OTHER_DEBT = "other_debt", "Andre gjeldsproblemer"


class FurtherHelp(models.TextChoices):
    DEBT_COUNSELLING = "debt_counselling", "Gjeldsrådgivning (økonomisk rådgivning)"
    NAV = "nav", "NAV"
    OTHER = "other", "Annen hjelp"


class PurchaseFollowUp(TimestampedModel):
    """A planned follow-up after the purchase (for example 3 and 12 months after the takeover)
    and, once recorded, what was found: how the household is doing, payment trouble and the
    help arranged. Recorded once and not changed afterwards, so the reports stay the same."""

    case = models.ForeignKey(Case, verbose_name="sak", on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField("måneder etter kjøpet")
    due_on = models.DateField("frist")
    done_on = models.DateField("gjennomført", null=True, blank=True)
    recorded_by = models.ForeignKey(User, verbose_name="registrert av", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("registrert", null=True, blank=True)
    wellbeing = models.TextField("hvordan det går med husstanden", blank=True)
    payment_trouble = models.CharField("betalingsproblemer", max_length=20, choices=PaymentTrouble.choices,
                                       blank=True)
    payment_notes = models.TextField("om betalingene", blank=True)
    help_arranged = models.JSONField("hjelp som er avtalt", default=list, blank=True)
    help_notes = models.TextField("om hjelpen", blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "oppfølging etter kjøp"
        verbose_name_plural = "oppfølginger etter kjøp"
        constraints = [
            models.UniqueConstraint(fields=["case", "months"], name="follow_up_once_per_case_and_month"),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | (~Q(payment_trouble="") & Q(recorded_at__isnull=False)),
                name="follow_up_done_says_what_was_found"),
        ]
        indexes = [models.Index(fields=["due_on", "done_on"], name="follow_up_due")]

    def __str__(self) -> str:
        return f"Oppfølging {self.months} måneder etter kjøpet"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def has_payment_trouble(self) -> bool:
        return self.payment_trouble not in ("", PaymentTrouble.NONE)

    @property
    def help_arranged_labels(self) -> list[str]:
        return [FurtherHelp(value).label for value in self.help_arranged if value in FurtherHelp.values]


class Mapping(models.Model):
    """A saved mapping conversation (kartlegging): the answers and the form version they answer.
    Never changed; a new conversation is a new mapping."""

    case = models.ForeignKey(Case, verbose_name="sak", on_delete=models.CASCADE, related_name="mappings")
    form_version = models.PositiveSmallIntegerField("skjemaversjon")
    answers = models.JSONField("svar")
    created_by = models.ForeignKey(User, verbose_name="utført av", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("tidspunkt", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "kartlegging"
        verbose_name_plural = "kartlegginger"

    def __str__(self) -> str:
        return f"Kartlegging {self.created_at:%d.%m.%Y}"


class DecisionKind(models.TextChoices):
    STARTLAN = "startlan", "Innstilling om startlån"
    PRICE = "price", "Pris for salg av boligen til leietaker"
    GRANT = "grant", "Tilskudd til etablering"
    OTHER = "other", "Annet vedtak"


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", "Innvilget"
    PARTIAL = "partial", "Delvis innvilget"
    REFUSED = "refused", "Avslått"


class Decision(TimestampedModel):
    """Something the municipality decides in a case: a caseworker recommends (innstiller) and a
    different person with authority (fullmaktshaver) decides. Two people, always: the service
    refuses the same person in both roles, and so does the database."""

    case = models.ForeignKey(Case, verbose_name="sak", on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField("type", max_length=20, choices=DecisionKind.choices)
    amount = models.PositiveIntegerField("beløp (kr)", null=True, blank=True)
    recommendation = models.TextField("innstilling")
    recommended_by = models.ForeignKey(User, verbose_name="innstilt av", on_delete=models.PROTECT, related_name="+")
    recommended_at = models.DateTimeField("innstilt")
    outcome = models.CharField("vedtak", max_length=20, choices=DecisionOutcome.choices, blank=True)
    grounds = models.TextField("begrunnelse", blank=True)
    # The grounds of an individual decision (forvaltningsloven §§ 24–25), as the letter gives them:
    # the rules it applies, the facts it builds on, the main considerations (`grounds`) and, for a
    # household with children, how the children's best interests were weighed.
    approved_amount = models.PositiveIntegerField("innvilget beløp (kr)", null=True, blank=True)
    rules = models.TextField("regler vedtaket bygger på", blank=True)
    facts = models.TextField("faktiske forhold", blank=True)
    children_interests = models.TextField("barnets beste", blank=True)
    decided_by = models.ForeignKey(User, verbose_name="vedtatt av", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField("vedtatt", null=True, blank=True)
    # What the recommendation lacked when it was sent (cases.decisions.recommendation_missing),
    # and the recommender's reason for sending it anyway: shown to the approver.
    missing = models.JSONField("manglet da innstillingen ble sendt", default=list, blank=True)
    override_reason = models.TextField("begrunnelse for å sende likevel", blank=True)
    # The municipality's guidelines the recommendation, and then the decision, rests on: the
    # version in force on the day and the paragraphs cited (cases/guideline_citations.py).
    guideline = models.ForeignKey("guidelines.GuidelineVersion", verbose_name="retningslinjer", null=True,
                                  blank=True, on_delete=models.PROTECT, related_name="+")
    guideline_paragraphs = models.JSONField("paragrafer i retningslinjene", default=list, blank=True)

    class Meta:
        ordering = ["-recommended_at", "-id"]
        verbose_name = "vedtak"
        verbose_name_plural = "vedtak"
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("recommended_by")),
                name="decision_two_different_people",
                violation_error_message="Den som innstiller, kan ikke også fatte vedtaket."),
            models.CheckConstraint(
                condition=Q(outcome="") | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="decision_outcome_has_decider"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_outcome_display() or 'til beslutning'})"

    @property
    def is_pending(self) -> bool:
        return not self.outcome


class Purchase(TimestampedModel):
    """The outcome the programme exists for: the household bought a home.

    Either the dwelling it rented (which then leaves the municipal stock, sold) or another one
    (its tenancy ends and the municipal dwelling is freed for the waiting list).
    """

    case = models.OneToOneField(Case, verbose_name="sak", on_delete=models.PROTECT, related_name="purchase")
    completed_on = models.DateField("overtakelsesdato")
    price = models.PositiveIntegerField("kjøpesum (kr)")
    common_debt = models.PositiveIntegerField("andel fellesgjeld (kr)", default=0)
    startlan = models.PositiveIntegerField("startlån (kr)", default=0)
    bank_loan = models.PositiveIntegerField("banklån (kr)", default=0)
    grant = models.PositiveIntegerField("tilskudd (kr)", default=0)
    equity = models.PositiveIntegerField("egenkapital (kr)", default=0)
    bought_rented_dwelling = models.BooleanField("kjøpte boligen husstanden leide")
    dwelling = models.ForeignKey("housing.Dwelling", verbose_name="kjøpt kommunal bolig", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    freed_dwelling = models.ForeignKey("housing.Dwelling", verbose_name="frigjort kommunal bolig", null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    address = models.CharField("adresse til den nye boligen", max_length=200, blank=True)

    class Meta:
        verbose_name = "boligkjøp"
        verbose_name_plural = "boligkjøp"
        constraints = [
            models.CheckConstraint(
                condition=Q(bought_rented_dwelling=False) | Q(dwelling__isnull=False),
                name="purchase_of_rented_dwelling_names_it",
                violation_error_message="Et kjøp av boligen husstanden leide må vise til boligen."),
        ]

    def __str__(self) -> str:
        return f"Kjøp {self.completed_on:%d.%m.%Y}"

    @property
    def financing_total(self) -> int:
        return self.startlan + self.bank_loan + self.grant + self.equity


class LetterKind(models.TextChoices):
    """The letters a decision sends to the household; each has a template per language."""

    APPROVED = "approved", "Vedtak om innvilgelse"
    PARTIAL = "partial", "Vedtak om delvis innvilgelse"
    REFUSED = "refused", "Vedtak om avslag"
    CERTIFICATE = "certificate", "Finansieringsbevis"
    LETTING = "letting", "Vedtak om tildeling av bolig"


class LetterLanguage(models.TextChoices):
    BOKMAL = "nb", "Bokmål"
    NYNORSK = "nn", "Nynorsk"
    ENGLISH = "en", "Engelsk"


class DecisionLetterTemplate(models.Model):
    """One saved version of a decision letter's template (kind × language). Never changed:
    saving makes a new version, and each letter keeps the version it was written from."""

    kind = models.CharField("brevtype", max_length=20, choices=LetterKind.choices)
    language = models.CharField("språk", max_length=2, choices=LetterLanguage.choices)
    number = models.PositiveIntegerField("versjon")
    title = models.CharField("overskrift", max_length=200)
    body = models.TextField("tekst")
    created_by = models.ForeignKey(User, verbose_name="lagret av", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("lagret", auto_now_add=True)

    class Meta:
        ordering = ["kind", "language", "-number"]
        verbose_name = "vedtaksbrevmal"
        verbose_name_plural = "vedtaksbrevmaler"
        constraints = [models.UniqueConstraint(fields=["kind", "language", "number"],
                                               name="decision_template_version_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_language_display().lower()}), versjon {self.number}"


class FinancingCertificate(TimestampedModel):
    """A financing certificate (finansieringsbevis): the frame within which the household may buy,
    issued with an approved startlån. Extended or renewed with a reason (`CertificateChange`)."""

    case = models.ForeignKey(Case, verbose_name="sak", on_delete=models.CASCADE, related_name="certificates")
    decision = models.OneToOneField(Decision, verbose_name="vedtak", on_delete=models.CASCADE,
                                    related_name="certificate")
    amount = models.PositiveIntegerField("startlån inntil (kr)")
    price_frame = models.PositiveIntegerField("kjøpesum inntil (kr)")
    conditions = models.TextField("vilkår", blank=True)
    issued_on = models.DateField("utstedt")
    valid_until = models.DateField("gyldig til")
    issued_by = models.ForeignKey(User, verbose_name="utstedt av", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "finansieringsbevis"
        verbose_name_plural = "finansieringsbevis"
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=F("issued_on")), name="certificate_valid_after_issue"),
            models.CheckConstraint(condition=Q(price_frame__gte=F("amount")), name="certificate_frame_covers_loan",
                                   violation_error_message="Kjøpesummen kan ikke være lavere enn startlånet."),
        ]
        indexes = [models.Index(fields=["valid_until"]), models.Index(fields=["issued_on"])]

    def __str__(self) -> str:
        return f"Finansieringsbevis {self.issued_on:%d.%m.%Y}"


class CertificateChangeKind(models.TextChoices):
    EXTENDED = "extended", "Forlenget"
    RENEWED = "renewed", "Fornyet"


class CertificateChange(models.Model):
    """One extension or renewal of a certificate: from which date to which, why and by whom."""

    certificate = models.ForeignKey(FinancingCertificate, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField("endring", max_length=20, choices=CertificateChangeKind.choices)
    valid_until_before = models.DateField("gyldig til før")
    valid_until = models.DateField("gyldig til")
    reason = models.TextField("begrunnelse")
    changed_by = models.ForeignKey(User, verbose_name="endret av", on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField("endret")

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = "endring av finansieringsbevis"
        verbose_name_plural = "endringer av finansieringsbevis"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} til {self.valid_until:%d.%m.%Y}"


class LettingStatus(models.TextChoices):
    PROPOSED = "proposed", "Venter på godkjenning"
    DECIDED = "decided", "Vedtatt"
    REJECTED = "rejected", "Ikke godkjent"


class Letting(TimestampedModel):
    """The letting of a municipal dwelling to a household on the waiting list: an individual
    decision (enkeltvedtak, boligsosialloven § 6) with its grounds and a letter to the household.

    It belongs to the household and its place on the waiting list, not to a rent-to-own case: a
    household waiting for a dwelling often has none. Where the household has an open case, the
    letting and its letter also go on that case's timeline (`case`). When the municipality requires
    a second person (`LETTING_REQUIRES_SECOND_APPROVER`, kept on the row as `second_approval`), a
    proposed letting takes effect only when another person with approver authority approves it;
    the database refuses the proposer as the approver too."""

    household = models.ForeignKey(Household, verbose_name="husstand", on_delete=models.PROTECT,
                                  related_name="lettings")
    entry = models.ForeignKey("housing.WaitingListEntry", verbose_name="plass på ventelisten",
                              on_delete=models.PROTECT, related_name="lettings")
    dwelling = models.ForeignKey("housing.Dwelling", verbose_name="bolig", on_delete=models.PROTECT,
                                 related_name="lettings")
    case = models.ForeignKey(Case, verbose_name="sak", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="lettings")
    start_date = models.DateField("innflytting")
    end_date = models.DateField("siste dag i leieforholdet", null=True, blank=True)
    contract_type = models.CharField("kontraktstype", max_length=20, choices=ContractType.choices)
    rent_monthly = models.PositiveIntegerField("husleie per måned (kr)", null=True, blank=True)
    rules = models.TextField("regler vedtaket bygger på")
    facts = models.TextField("faktiske forhold")
    grounds = models.TextField("hovedhensyn")
    children_interests = models.TextField("barnets beste", blank=True)
    proposed_by = models.ForeignKey(User, verbose_name="foreslått av", on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField("foreslått")
    second_approval = models.BooleanField("krever godkjenning av en annen", default=False)
    status = models.CharField("status", max_length=20, choices=LettingStatus.choices, default=LettingStatus.PROPOSED)
    decided_by = models.ForeignKey(User, verbose_name="vedtatt av", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField("vedtatt", null=True, blank=True)
    rejection_reason = models.TextField("begrunnelse for ikke å godkjenne", blank=True)
    tenancy = models.OneToOneField("housing.Tenancy", verbose_name="leieforhold", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="letting")

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = "tildeling"
        verbose_name_plural = "tildelinger"
        constraints = [
            models.CheckConstraint(
                condition=Q(second_approval=False) | Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="letting_second_approver_differs",
                violation_error_message="Den som foreslo tildelingen, kan ikke også godkjenne den."),
            models.CheckConstraint(
                condition=Q(status="proposed") | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="letting_decision_has_decider"),
            models.CheckConstraint(condition=~Q(status="decided") | Q(tenancy__isnull=False),
                                   name="letting_decided_has_tenancy"),
            models.UniqueConstraint(fields=["dwelling"], condition=Q(status="proposed"),
                                    name="letting_one_proposal_per_dwelling",
                                    violation_error_message="Boligen er allerede foreslått tildelt."),
        ]
        indexes = [models.Index(fields=["status", "proposed_at"])]

    def __str__(self) -> str:
        return f"Tildeling av {self.dwelling} ({self.get_status_display().lower()})"

    @property
    def reference(self) -> str:
        """What the household quotes when it gets in touch: the case number where there is a case."""
        return f"{self.case_id}-T{self.pk}" if self.case_id else f"T{self.pk}"


class DecisionLetter(models.Model):
    """A letter the household gets about a decision: a decision in its case (or the financing
    certificate it issued), or the letting of a dwelling (which may have no case). Merged and set
    as PDF/A once, and kept, so it prints the same later."""

    decision = models.ForeignKey(Decision, verbose_name="vedtak", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="letters")
    letting = models.ForeignKey(Letting, verbose_name="tildeling", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="letters")
    certificate = models.ForeignKey(FinancingCertificate, verbose_name="finansieringsbevis", null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="letters")
    template = models.ForeignKey(DecisionLetterTemplate, verbose_name="brevmal", on_delete=models.PROTECT,
                                 related_name="+")
    kind = models.CharField("brevtype", max_length=20, choices=LetterKind.choices)
    language = models.CharField("språk", max_length=2, choices=LetterLanguage.choices)
    recipient = models.JSONField("mottaker")
    title = models.CharField("overskrift", max_length=200)
    body = models.TextField("tekst")
    # Printed above the text when the letter is not in the language the household asked for.
    note = models.TextField("merknad om språk", blank=True)
    pdf = models.BinaryField("PDF", editable=False)
    created_by = models.ForeignKey(User, verbose_name="laget av", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("laget")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "vedtaksbrev"
        verbose_name_plural = "vedtaksbrev"
        constraints = [
            models.CheckConstraint(
                condition=(Q(decision__isnull=False) & Q(letting__isnull=True))
                | (Q(decision__isnull=True) & Q(letting__isnull=False)),
                name="decision_letter_about_one_thing"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%d.%m.%Y}"

    @property
    def reference(self) -> str:
        if self.letting_id:
            return self.letting.reference
        return f"{self.decision.case_id}-V{self.decision_id}"

    @property
    def household_id(self) -> int:
        return self.letting.household_id if self.letting_id else self.decision.case.household_id

    @property
    def case_id(self) -> int | None:
        return self.letting.case_id if self.letting_id else self.decision.case_id
