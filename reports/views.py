from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views import View

from core.scope import get_or_404

from .documents import DOCUMENTS
from .models import Report, ReportState
from .services import report_for


def _document(kind: str):
    document = DOCUMENTS.get(kind)
    if document is None:
        raise Http404
    return document


class DocumentView(View):
    """The PDF of an object: downloaded when ready, otherwise a page that follows its rendering."""

    def get(self, request, kind, pk):
        document = _document(kind)
        obj = document.get_object(request.user, pk)
        report = report_for(document=document, obj=obj, user=request.user)
        if report.state == ReportState.READY:
            response = FileResponse(report.file.open("rb"), content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{document.filename(obj)}.pdf"'
            return response
        context = {"report": report, "obj": obj, "kind": kind, "poll": True}
        status = 200 if report.state == ReportState.FAILED else 202  # 202: accepted, being made
        return render(request, "reports/status_page.html", context, status=status)

    def post(self, request, kind, pk):
        """Try a failed rendering again."""
        document = _document(kind)
        obj = document.get_object(request.user, pk)
        Report.objects.filter(kind=kind, object_id=obj.pk, state=ReportState.FAILED).delete()
        return redirect("reports:document", kind=kind, pk=obj.pk)


class ReportStatusView(View):
    """The state of one rendering, polled by its page."""

    def get(self, request, pk):
        report = get_or_404(Report.objects.all(), pk=pk)
        document = _document(report.kind)
        obj = document.get_object(request.user, report.object_id)  # the same scope as the document
        return render(
            request, "reports/includes/status.html", {"report": report, "obj": obj, "kind": report.kind, "poll": True}
        )
