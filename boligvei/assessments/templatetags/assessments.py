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
