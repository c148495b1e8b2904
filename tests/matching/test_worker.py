"""A matching run on a real Celery worker: the page follows its progress, then shows the draft."""

import time

import pytest
from django.urls import reverse

from matching import services
from matching.enums import RunState
from matching.models import MatchingRun, Module, ModuleChoice, PeerGroup
from matching.selectors import plan_for
from programmes.enums import EnrolmentRole

from ..celery_worker import celery_worker
from .cohort import build_cohort, enrol, expertise, needs


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_run_on_a_worker_reports_progress_and_saves_the_draft(client):
    cohort = build_cohort()
    enrol(cohort, "Hugo", EnrolmentRole.TUTOR)
    expertise(cohort, "Hugo", {0: 5})
    for index in range(3):
        enrol(cohort, f"Trainee {index}", EnrolmentRole.TRAINEE)
        needs(cohort, f"Trainee {index}", {0: (1, 2 + index, 2)})
    module = Module.objects.create(programme=cohort.programme, title="Heat", min_size=6, max_size=8)
    for index in range(40):
        peer = enrol(cohort, f"Peer {index}", EnrolmentRole.PEER)
        ModuleChoice.objects.create(module=module, enrolment=peer)
        needs(cohort, f"Peer {index}", {index % 3: (1, 2 + index % 4, 1 + index % 3)})
    client.force_login(cohort.coordinator)
    with celery_worker() as worker:
        run = services.run_request(plan=plan_for(cohort.programme), user=cohort.coordinator, queue=worker.queue)
        seen = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            response = client.get(reverse("matching:run_status", args=[run.pk]), headers={"HX-Request": "true"})
            run.refresh_from_db()
            seen.append((run.state, run.progress))
            if not run.is_active:
                break
            assert 'hx-trigger="every 1s"' in response.content.decode()
            time.sleep(0.2)
    run = MatchingRun.objects.get(pk=run.pk)
    assert run.state == RunState.DONE, (run.error, worker.output)
    assert response["HX-Refresh"] == "true"
    progress = [p for _state, p in seen]
    assert progress == sorted(progress) and progress[-1] == 100
    assert (run.summary["pairs"], run.summary["modules"][0]["groups"]) == (3, 5)
    sizes = [g.members.count() for g in PeerGroup.objects.filter(module=module)]
    assert sum(sizes) == 40 and all(6 <= size <= 8 for size in sizes)
