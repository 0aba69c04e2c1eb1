from django.http import HttpResponse

from boligvei.reports.access import reports_required


@reports_required
def dashboard(request):
    return HttpResponse("Rapporter kommer.")
