"""Matching in the application: run, review, lock, re-run, publish, answer, export."""

import csv
import io

import pytest
from django.urls import reverse

from matching.enums import Answer, GroupPolicy, RunState, UnmatchedReason
from matching.models import GroupMember, MatchingPlan, Module, ModuleChoice, Pair, PeerGroup, Unmatched
from matching.selectors import plan_for
from notifications.models import Notification
from programmes.enums import EnrolmentRole
from risks.readiness import readiness_warnings

from .cohort import build_cohort, enrol, expertise, needs

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    c = build_cohort()
    enrol(c, "Hugo", EnrolmentRole.TUTOR, country="NL")
    enrol(c, "Fiona", EnrolmentRole.TUTOR, country="BE")
    expertise(c, "Hugo", {0: 5})
    expertise(c, "Fiona", {1: 5, 0: 2})
    enrol(c, "Anna", EnrolmentRole.TRAINEE)
    enrol(c, "Bert", EnrolmentRole.TRAINEE)
    enrol(c, "Carla", EnrolmentRole.TRAINEE, languages=("hr",))
    needs(c, "Anna", {0: (1, 4, 3)})  # Hugo covers 3 levels × 3 = 9; Fiona (level 2) covers 1 × 3 = 3
    needs(c, "Bert", {1: (2, 4, 2)})  # Fiona covers 2 × 2 = 4
    needs(c, "Carla", {0: (1, 5, 3)})
    plan = plan_for(c.programme)
    plan.default_capacity = 1
    plan.save()
    return c


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the matching as the coordinator does, the task running when the request commits."""

    def run(client, cohort):
        client.force_login(cohort.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("matching:run", args=[cohort.programme.pk]))
        assert response.status_code == 302
        return MatchingPlan.objects.get(programme=cohort.programme).runs.first()

    return run


def pairs_by_name(cohort):
    return {
        (p.trainee.person.full_name, p.tutor.person.full_name): p
        for p in Pair.objects.filter(plan__programme=cohort.programme).select_related(
            "trainee__person", "tutor__person"
        )
    }


def test_run_assigns_the_best_tutors_and_says_why(client, cohort, run):
    finished = run(client, cohort)
    assert (finished.state, finished.progress, finished.summary["pairs"], finished.summary["score"]) == (
        RunState.DONE,
        100,
        2,
        13.0,
    )
    pairs = pairs_by_name(cohort)
    assert set(pairs) == {("Anna", "Hugo"), ("Bert", "Fiona")}
    anna = pairs["Anna", "Hugo"]
    assert anna.score == 9.0
    assert anna.reasons["topics"] == [
        {"topic": cohort.topics[0].pk, "points": 9.0, "gap": 3, "tutor_level": 5, "weight": 3}
    ]
    assert anna.reasons["languages"] == ["en"]
    left = Unmatched.objects.get(plan__programme=cohort.programme)
    assert (left.enrolment.person.full_name, left.reason) == ("Carla", UnmatchedReason.NO_LANGUAGE)
    page = client.get(reverse("matching:programme", args=[cohort.programme.pk])).content.decode()
    assert "Heat pumps: +9" in page
    assert "No tutor shares a language with this trainee." in page


def test_same_organisation_is_forbidden_by_default_and_allowed_by_the_option(client, cohort, run):
    hugo = cohort.enrolments["Hugo"]
    Pair.objects.all().delete()
    anna = cohort.enrolments["Anna"]
    anna.organisation = hugo.organisation
    anna.save()
    run(client, cohort)
    assert ("Anna", "Hugo") not in pairs_by_name(cohort)
    plan = plan_for(cohort.programme)
    plan.forbid_same_organisation = False
    plan.save()
    run(client, cohort)
    assert ("Anna", "Hugo") in pairs_by_name(cohort)


def test_capacity_leaves_a_trainee_out_with_the_reason(client, cohort, run):
    enrol(cohort, "Dora", EnrolmentRole.TRAINEE)
    needs(cohort, "Dora", {0: (1, 2, 1)})
    run(client, cohort)
    reasons = dict(
        Unmatched.objects.filter(plan__programme=cohort.programme).values_list("enrolment__person__full_name", "reason")
    )
    assert reasons == {"Carla": UnmatchedReason.NO_LANGUAGE, "Dora": UnmatchedReason.CAPACITY}


def test_move_shows_the_score_change_locks_and_survives_a_rerun(client, cohort, run):
    run(client, cohort)
    plan = plan_for(cohort.programme)
    plan.default_capacity = 2
    plan.save()
    anna = cohort.enrolments["Anna"]
    fiona = cohort.enrolments["Fiona"]
    form_page = client.get(reverse("matching:trainee_tutor", args=[anna.pk])).content.decode()
    assert "score 3.0 (−6.0)" in form_page
    response = client.post(reverse("matching:trainee_tutor", args=[anna.pk]), {"tutor": fiona.pk}, follow=True)
    assert "score 9.0 → 3.0" in response.content.decode()
    pair = pairs_by_name(cohort)["Anna", "Fiona"]
    assert (pair.locked, pair.score) == (True, 3.0)
    run(client, cohort)
    assert set(pairs_by_name(cohort)) == {("Anna", "Fiona"), ("Bert", "Fiona")}
    # Unlocked, the re-run goes back to the best.
    client.post(reverse("matching:pair_lock", args=[pair.pk]), {"locked": "0"})
    run(client, cohort)
    assert set(pairs_by_name(cohort)) == {("Anna", "Hugo"), ("Bert", "Fiona")}


def test_move_refuses_a_full_tutor_and_a_forbidden_pair_on_the_page(client, cohort, run):
    run(client, cohort)
    anna, carla = cohort.enrolments["Anna"], cohort.enrolments["Carla"]
    fiona, hugo = cohort.enrolments["Fiona"], cohort.enrolments["Hugo"]
    full = client.post(reverse("matching:trainee_tutor", args=[anna.pk]), {"tutor": fiona.pk})
    assert full.status_code == 400 and "has no free place (capacity 1)" in full.content.decode()
    language = client.post(reverse("matching:trainee_tutor", args=[carla.pk]), {"tutor": hugo.pk})
    assert language.status_code == 400 and "shares no language" in language.content.decode()
    bad = client.post(reverse("matching:trainee_tutor", args=[anna.pk]), {"tutor": "x"})
    assert bad.status_code == 400
    assert set(pairs_by_name(cohort)) == {("Anna", "Hugo"), ("Bert", "Fiona")}


def test_publish_notifies_both_sides_and_a_decline_frees_the_place(client, cohort, run):
    run(client, cohort)
    client.post(reverse("matching:publish", args=[cohort.programme.pk]))
    told = set(Notification.objects.filter(kind="match_pair").values_list("recipient__full_name", flat=True))
    assert told == {"Anna", "Hugo", "Bert", "Fiona"}
    again = client.post(reverse("matching:publish", args=[cohort.programme.pk]), follow=True)
    assert "Nothing new to publish." in again.content.decode()
    assert Notification.objects.filter(kind="match_pair").count() == 4
    pair = pairs_by_name(cohort)["Anna", "Hugo"]
    client.force_login(cohort.person("Hugo"))
    mine = client.get(reverse("matching:mine")).content.decode()
    assert "Your trainee: Anna" in mine
    client.post(reverse("matching:pair_answer", args=[pair.pk]), {"answer": "decline"})
    pair.refresh_from_db()
    assert (pair.tutor_answer, pair.is_declined) == (Answer.DECLINED, True)
    assert plan_for(cohort.programme).needs_rerun is True
    # The re-run does not propose the declined pair again: Anna goes to Fiona once Fiona has room.
    plan = plan_for(cohort.programme)
    plan.default_capacity = 2
    plan.save()
    run(client, cohort)
    active = {k for k, p in pairs_by_name(cohort).items() if not p.is_declined}
    assert active == {("Anna", "Fiona"), ("Bert", "Fiona")}
    assert plan_for(cohort.programme).needs_rerun is False


def test_someone_else_cannot_answer_a_pair(client, cohort, run):
    run(client, cohort)
    client.post(reverse("matching:publish", args=[cohort.programme.pk]))
    pair = pairs_by_name(cohort)["Anna", "Hugo"]
    client.force_login(cohort.person("Bert"))
    assert client.post(reverse("matching:pair_answer", args=[pair.pk]), {"answer": "decline"}).status_code == 404
    pair.refresh_from_db()
    assert (pair.trainee_answer, pair.tutor_answer) == (Answer.PENDING, Answer.PENDING)


def _peers(cohort, count, module, **org_fields):
    for index in range(count):
        name = f"Peer {index:02d}"
        enrolment = enrol(cohort, name, EnrolmentRole.PEER, **org_fields)
        ModuleChoice.objects.create(module=module, enrolment=enrolment)
        needs(cohort, name, {0: (1, 1 + index % 4, 2)})


def test_groups_form_per_module_within_bounds_with_reasons(client, cohort, run):
    module = Module.objects.create(programme=cohort.programme, title="Heat", min_size=3, max_size=4)
    module.topics.set([cohort.topics[0]])
    _peers(cohort, 7, module)
    run(client, cohort)
    groups = list(PeerGroup.objects.filter(module=module).prefetch_related("members"))
    assert sorted(len(g.members.all()) for g in groups) == [3, 4]
    placed = [m.enrolment_id for g in groups for m in g.members.all()]
    assert len(placed) == len(set(placed)) == 7
    assert all(g.reasons["policy"] == GroupPolicy.EVEN for g in groups)
    assert readiness_warnings(cohort.programme) == [] or all(
        w.code != "group_size" for w in readiness_warnings(cohort.programme)
    )
    summary = plan_for(cohort.programme).runs.first().summary["modules"][0]
    assert summary["groups"] == 2 and summary["bound"] >= summary["objective"]


def test_member_move_locks_and_readiness_warns_outside_bounds(client, cohort, run):
    module = Module.objects.create(programme=cohort.programme, title="Heat", min_size=3, max_size=4)
    _peers(cohort, 7, module)
    run(client, cohort)
    small, large = sorted(PeerGroup.objects.filter(module=module), key=lambda g: g.members.count())
    mover = small.members.first()
    choice = ModuleChoice.objects.get(module=module, enrolment=mover.enrolment)
    page = client.get(reverse("matching:peer_group", args=[choice.pk])).content.decode()
    assert "outside the size bounds" in page
    client.post(reverse("matching:peer_group", args=[choice.pk]), {"group": large.pk})
    mover.refresh_from_db()
    assert (mover.group_id, mover.locked) == (large.pk, True)
    codes = [w.code for w in readiness_warnings(cohort.programme)]
    assert codes.count("group_size") == 2  # 2 members left in one group, 5 in the other
    # A re-run keeps the locked member in its group and repairs the sizes around it.
    run(client, cohort)
    mover.refresh_from_db()
    assert mover.locked
    sizes = sorted(g.members.count() for g in PeerGroup.objects.filter(module=module))
    assert sizes == [3, 4]
    assert "group_size" not in [w.code for w in readiness_warnings(cohort.programme)]


def test_too_few_peers_are_listed_with_the_reason(client, cohort, run):
    module = Module.objects.create(programme=cohort.programme, title="Heat", min_size=6, max_size=8)
    _peers(cohort, 5, module)
    run(client, cohort)
    reasons = set(Unmatched.objects.filter(module=module).values_list("reason", flat=True))
    assert reasons == {UnmatchedReason.GROUP_SIZE}
    assert not PeerGroup.objects.filter(module=module).exists()


def test_group_decline_takes_the_member_out_and_flags_a_rerun(client, cohort, run):
    module = Module.objects.create(programme=cohort.programme, title="Heat", min_size=3, max_size=4)
    _peers(cohort, 7, module)
    run(client, cohort)
    client.post(reverse("matching:publish", args=[cohort.programme.pk]))
    assert Notification.objects.filter(kind="match_group").count() == 7
    member = GroupMember.objects.filter(module=module).select_related("enrolment__person").first()
    client.force_login(member.enrolment.person)
    client.post(reverse("matching:member_answer", args=[member.pk]), {"answer": "decline"})
    assert plan_for(cohort.programme).needs_rerun
    run(client, cohort)
    placed = GroupMember.objects.filter(module=module).exclude(answer=Answer.DECLINED)
    assert member.enrolment_id not in set(placed.values_list("enrolment_id", flat=True))
    assert Unmatched.objects.filter(module=module, reason=UnmatchedReason.DECLINED).count() == 1


def test_export_lists_pairs_groups_and_people_left_out(client, cohort, run):
    module = Module.objects.create(programme=cohort.programme, title="Heat", min_size=3, max_size=4)
    _peers(cohort, 7, module)
    run(client, cohort)
    client.force_login(cohort.project_manager)
    response = client.get(reverse("matching:export", args=[cohort.programme.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    kinds = [row[0] for row in rows[1:]]
    assert (kinds.count("Tutor pair"), kinds.count("Peer group"), kinds.count("Left out")) == (2, 7, 1)
    anna = next(row for row in rows if row[3] == "Anna")
    assert anna[5:8] == ["Hugo", "9.0", "Heat pumps +9"]


def test_project_manager_reads_but_cannot_run(client, cohort, run):
    client.force_login(cohort.project_manager)
    assert client.get(reverse("matching:programme", args=[cohort.programme.pk])).status_code == 200
    assert client.post(reverse("matching:run", args=[cohort.programme.pk])).status_code == 404


def test_published_match_e_mails_say_who_and_link_to_my_matches(client, cohort, run, mailoutbox):
    from notifications.services import notification_send

    module = Module.objects.create(programme=cohort.programme, title="Heat", min_size=3, max_size=4)
    _peers(cohort, 7, module)
    hugo = cohort.person("Hugo")
    hugo.preferred_language = "nl"
    hugo.save()
    run(client, cohort)
    client.post(reverse("matching:publish", args=[cohort.programme.pk]))
    for notification in Notification.objects.filter(kind__in=["match_pair", "match_group"]):
        assert notification_send(notification_id=notification.pk) == "sent"
    to_anna = next(m for m in mailoutbox if m.to == [cohort.person("Anna").email])
    assert to_anna.subject == "“Covenant coaching”: your tutoring match"
    assert "Your tutor: Hugo" in to_anna.body and "/matching/mine/" in to_anna.body
    to_hugo = next(m for m in mailoutbox if m.to == [hugo.email])
    assert "Anna" in to_hugo.body and "Hugo" not in to_hugo.body.split("Anna")[1]
    to_peer = next(m for m in mailoutbox if m.subject.endswith("your peer group"))
    assert "Module “Heat”, group" in to_peer.body and to_peer.body.count("Town of Peer") >= 3


def test_export_never_hands_a_spreadsheet_a_formula(client, cohort, run):
    anna = cohort.person("Anna")
    anna.full_name = '=HYPERLINK("http://evil.example","x")'
    anna.save()
    run(client, cohort)
    response = client.get(reverse("matching:export", args=[cohort.programme.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[3] for row in rows if "HYPERLINK" in row[3]] == ['\'=HYPERLINK("http://evil.example","x")']


def test_coordinator_records_module_peers_and_readiness_says_who_is_missing(client, cohort, run):
    module = Module.objects.create(programme=cohort.programme, title="Heat", min_size=3, max_size=4)
    peers = [enrol(cohort, f"Peer {i}", EnrolmentRole.PEER) for i in range(8)]
    codes = [w.code for w in readiness_warnings(cohort.programme)]
    assert "peers_without_module" in codes
    warning = next(w for w in readiness_warnings(cohort.programme) if w.code == "peers_without_module")
    assert warning.text.startswith("8 peers have not chosen a module yet")
    client.force_login(cohort.coordinator)
    url = reverse("matching:module_members", args=[module.pk])
    assert "Peer 7 (Town of Peer 7)" in client.get(url).content.decode()
    client.post(url, {"peers": [p.pk for p in peers[:7]]})
    assert set(module.choices.values_list("enrolment_id", flat=True)) == {p.pk for p in peers[:7]}
    warning = next(w for w in readiness_warnings(cohort.programme) if w.code == "peers_without_module")
    assert warning.text.startswith("1 peer has not chosen a module yet")
    run(client, cohort)
    left = next(w for w in readiness_warnings(cohort.programme) if w.code == "left_unmatched")
    assert left.text.startswith("1 person is left without a tutor or a group")  # Carla: no shared language
    # Taking a grouped peer out of the module takes them out of their group too.
    client.post(url, {"peers": [p.pk for p in peers[1:7]]})
    assert not GroupMember.objects.filter(module=module, enrolment=peers[0]).exists()
    bad = client.post(url, {"peers": ["nope"]})
    assert bad.status_code == 400 and module.choices.count() == 6


def test_a_peer_chooses_modules_and_dropping_one_leaves_its_group(client, cohort, run):
    heat = Module.objects.create(programme=cohort.programme, title="Heat", min_size=3, max_size=4)
    money = Module.objects.create(programme=cohort.programme, title="Money", min_size=3, max_size=4)
    _peers(cohort, 6, heat)
    me = enrol(cohort, "Me", EnrolmentRole.PEER)
    client.force_login(me.person)
    mine = client.get(reverse("matching:mine")).content.decode()
    assert reverse("matching:choose", args=[cohort.programme.pk]) in mine
    client.post(reverse("matching:choose", args=[cohort.programme.pk]), {"modules": [heat.pk, money.pk]})
    assert set(ModuleChoice.objects.filter(enrolment=me).values_list("module__title", flat=True)) == {"Heat", "Money"}
    run(client, cohort)
    assert GroupMember.objects.filter(module=heat, enrolment=me).exists()
    client.force_login(me.person)
    client.post(reverse("matching:choose", args=[cohort.programme.pk]), {"modules": [money.pk]})
    assert not GroupMember.objects.filter(module=heat, enrolment=me).exists()
    assert list(ModuleChoice.objects.filter(enrolment=me).values_list("module__title", flat=True)) == ["Money"]
    # A trainee is no peer: the page is not theirs.
    client.force_login(cohort.person("Anna"))
    assert client.get(reverse("matching:choose", args=[cohort.programme.pk])).status_code == 404
