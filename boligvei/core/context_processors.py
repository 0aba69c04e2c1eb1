from django.conf import settings


def boligvei(request):
    return {"municipality_name": settings.MUNICIPALITY_NAME}
