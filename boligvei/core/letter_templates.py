"""Versioned letter templates: the one way outreach's letters and the case's decision letters keep
the texts the municipality edits.

A template is a row per saved version (kind × language × number), never changed; the texts
Boligvei ships are version 1, created the first time they are needed; saving makes the next
number, and a letter keeps the version it was written from. Each app has its own model with
`kind`, `language`, `number`, `title`, `body` and `created_by`; these functions work on either.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils.translation import gettext

from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User


def templates_in_force(model: type[Model], kind: str, shipped: dict[str, dict]) -> dict[str, Model]:
    """The newest version of each language's template of this kind; a language with no saved
    version gets the shipped text (`shipped[language]` with `title` and `body`) as version 1."""
    for language, text in shipped.items():
        model.objects.get_or_create(kind=kind, language=language, number=1,
                                    defaults={"title": text["title"], "body": text["body"]})
    latest: dict[str, Model] = {}
    for version in model.objects.filter(kind=kind).order_by("language", "-number"):
        latest.setdefault(version.language, version)
    return latest


def template_text_checked(model: type[Model], *, kind: str, language: str, title: str, body: str,
                          errors_of) -> tuple[str, str]:
    """The title and body stripped, or the reasons in Norwegian why they cannot be a template of
    this model: an unknown kind or language, an empty text, or a merge field `errors_of` refuses."""
    if kind not in dict(model._meta.get_field("kind").choices) or language not in dict(
            model._meta.get_field("language").choices):
        raise DomainError(gettext("Ukjent brevtype eller språk."))
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise DomainError(gettext("Brevet må ha både overskrift og tekst."))
    errors = errors_of(title) + errors_of(body)
    if errors:
        raise DomainError(errors)
    return title, body


@transaction.atomic
def template_version_save(model: type[Model], *, actor: User, kind: str, language: str, title: str, body: str,
                          errors_of, action: str, **fields) -> Model:
    """Save a new version of a template. Refused, with the reasons in Norwegian, if the kind or
    language is unknown, a text is empty or `errors_of` finds a merge field it may not use."""
    title, body = template_text_checked(model, kind=kind, language=language, title=title, body=body,
                                        errors_of=errors_of)
    current = model.objects.filter(kind=kind, language=language).aggregate(n=Max("number"))["n"] or 0
    try:
        with transaction.atomic():
            version = model.objects.create(kind=kind, language=language, number=current + 1, title=title, body=body,
                                           created_by=actor, **fields)
    except IntegrityError as exc:
        raise DomainError(gettext("Noen andre lagret malen samtidig. Last siden på nytt og prøv igjen.")) from exc
    audit_record(actor=actor, action=action, obj=version,
                 changes={"kind": kind, "language": language, "version": version.number})
    return version
