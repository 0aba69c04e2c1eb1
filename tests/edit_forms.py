"""Edit forms as two people have them open: the data a browser tab would post."""

from django import forms


def form_as_shown(client, url: str, context_name: str = "form") -> dict:
    """The POST data of the form `url` shows, as the page showed it (hidden version included):
    a form loaded in one browser tab, to be changed and posted later."""
    form = client.get(url).context[context_name]
    data = {}
    for field in form:
        value = field.value()
        if isinstance(field.field, forms.BooleanField):
            if value:
                data[field.html_name] = "on"
        elif value is not None:
            data[field.html_name] = value
    return data
