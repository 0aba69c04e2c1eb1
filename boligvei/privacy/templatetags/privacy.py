import json

from django import template

from boligvei.core.audit import ACTION_LABELS
from boligvei.privacy.selectors import actor_name as _actor_name

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


@register.filter
def actor_name(event) -> str:
    return _actor_name(event)


@register.filter
def as_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
