from django.conf import settings

from boligvei.core.sso import sso_enabled


def boligvei(request):
    return {"municipality_name": settings.MUNICIPALITY_NAME, "sso_enabled": sso_enabled()}
