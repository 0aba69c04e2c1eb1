from django import template

register = template.Library()


@register.filter
def kr(amount) -> str:
    """Whole kroner with a thin space between thousands, as Norwegians write money: 2 450 000."""
    if amount is None or amount == "":
        return ""
    return f"{int(round(float(amount))):,}".replace(",", "\u00a0").replace("-", "−")


@register.filter
def slider(sliders: dict, name: str):
    return sliders.get(name)


@register.filter
def parameter_name(kind: str) -> str:
    """A parameter set's name in Norwegian («skattesatser»), never its key («tax»)."""
    from boligvei.finance.assess import PARAMETER_NAMES

    name = PARAMETER_NAMES.get(kind, "")
    return name[:1].upper() + name[1:]
