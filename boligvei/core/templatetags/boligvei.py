from django import template

register = template.Library()


@register.inclusion_tag("core/forms/errors.html")
def error_summary(*forms):
    """One error summary for the forms of a page, in the order they appear on it. A form the page
    does not have (the household form's person part, when editing) is an empty string here."""
    return {"forms": [form for form in forms if form and form.errors]}
