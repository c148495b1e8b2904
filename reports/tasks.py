from celery import shared_task

from .services import render


@shared_task(name="reports.render", soft_time_limit=10 * 60, time_limit=11 * 60)
def render_report(report_id: int) -> str:
    """Render a long PDF in a worker (the `reports` queue); the page follows the row's progress."""
    report = render(report_id=report_id)
    return report.state if report else "skipped"
