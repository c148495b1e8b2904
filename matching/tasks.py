from celery import shared_task

from .services import run_execute


@shared_task(name="matching.run")
def run_matching(run_id: int) -> str:
    """Solve a programme's matching and save the draft; progress is on the run row."""
    run = run_execute(run_id=run_id)
    return run.state if run else "skipped"
