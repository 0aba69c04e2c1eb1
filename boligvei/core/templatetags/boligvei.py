from django import template

register = template.Library()


@register.inclusion_tag("core/forms/errors.html")
def error_summary(*forms):
    """One error summary for the forms of a page, in the order they appear on it."""
    return {"forms": [form for form in forms if form is not None and form.errors]}
