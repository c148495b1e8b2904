"""The programme report: everything a funder asks about one programme, in one PDF.

Cover, contents, summary, goals, participants, the needs heat map, matches and groups, the work
programme, logistics, budget against funding, risks and readiness, evaluation results and
knowledge gain. The charts are the very SVG the web pages draw (the same view helpers), so a
chart in the report is the chart on the page. Every section reads through the apps' selectors.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable

from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from core.scope import get_or_404, roles_of
from programmes.enums import AcceptanceStatus, EnrolmentRole
from programmes.models import Programme

from .documents import Document, register

# Rough page budget of each part, measured on rendered reports (see docs/reports.md).
SESSIONS_PER_PAGE = 25
PARTICIPANTS_PER_PAGE = 30
ROWS_PER_PAGE = 30


# --------------------------------------------------------------------------- access


def programme_for_report(user, pk) -> Programme:
    """The programme, for its organisation's coordinators and project managers; 404 for anyone else."""
    programmes = Programme.objects.filter(organisation_id__in=roles_of(user).managed)
    return get_or_404(programmes.select_related("organisation"), pk=pk)


def load(pk) -> Programme:
    return Programme.objects.select_related("organisation").get(pk=pk)


def filename(programme: Programme) -> str:
    return f"programme-report-{slugify(programme.title)[:60] or programme.pk}"


def allowed_uploads(programme: Programme) -> tuple[str, ...]:
    """The organisation's logo is the only upload the report may embed."""
    logo = programme.organisation.logo
    return (logo.name,) if logo else ()


# --------------------------------------------------------------------------- cache key


def _rows(model, path: str):
    """Rows of `model` belonging to the outer programme (`path` leads from the row to it)."""
    return model.objects.filter(**{path: OuterRef("pk")}).order_by().values(path)


def _count(model, path: str, condition: Q | None = None) -> Subquery:
    rows = _rows(model, path)
    if condition is not None:
        rows = rows.filter(condition)
    return Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField())


def _latest(model, path: str, field: str) -> Subquery:
    return Subquery(_rows(model, path).annotate(m=Max(field)).values("m"))


def _fingerprint_columns() -> dict:
    """Counts and latest change times of every table the report reads, as subqueries of one query."""
    from assessments.models import Campaign, Response
    from budget.models import CostLine, FundingSource, ProgrammeBudget
    from evaluation.models import Evaluation, Invitee, Submission
    from logistics.models import ChecklistItem, SessionLogistics
    from matching.models import GroupMember, MatchingPlan, Pair, PeerGroup
    from programmes.models import Enrolment, Session
    from risks.models import Risk

    declined = ~Pair.ACTIVE
    return {
        "enrolments": _count(Enrolment, "programme"),
        "enrolments_created": _latest(Enrolment, "programme", "created"),
        "enrolments_approved": _latest(Enrolment, "programme", "approved_at"),
        "enrolments_accepted": _latest(Enrolment, "programme", "accepted_at"),
        "sessions": _count(Session, "programme"),
        "sessions_updated": _latest(Session, "programme", "updated"),
        "cost_lines": _count(CostLine, "programme"),
        "cost_lines_updated": _latest(CostLine, "programme", "updated"),
        "funding": _count(FundingSource, "programme"),
        "funding_updated": _latest(FundingSource, "programme", "updated"),
        "budget_updated": _latest(ProgrammeBudget, "programme", "updated"),
        "risks": _count(Risk, "programme"),
        "risks_updated": _latest(Risk, "programme", "updated"),
        "checklist": _count(ChecklistItem, "programme"),
        "checklist_updated": _latest(ChecklistItem, "programme", "updated"),
        "logistics": _count(SessionLogistics, "session__programme"),
        "logistics_updated": _latest(SessionLogistics, "session__programme", "updated"),
        "campaigns": _count(Campaign, "programme"),
        "campaigns_created": _latest(Campaign, "programme", "created"),
        "campaigns_closed": _latest(Campaign, "programme", "closed_at"),
        "responses": _count(Response, "invitation__campaign__programme"),
        "responses_updated": _latest(Response, "invitation__campaign__programme", "updated"),
        "plan_updated": _latest(MatchingPlan, "programme", "updated"),
        "pairs": _count(Pair, "plan__programme"),
        "pairs_created": _latest(Pair, "plan__programme", "created"),
        "pairs_declined": _count(Pair, "plan__programme", declined),
        "groups": _count(PeerGroup, "plan__programme"),
        "members": _count(GroupMember, "group__plan__programme"),
        "members_created": _latest(GroupMember, "group__plan__programme", "created"),
        "evaluations": _count(Evaluation, "programme"),
        "evaluations_created": _latest(Evaluation, "programme", "created"),
        "evaluations_closed": _latest(Evaluation, "programme", "closed_at"),
        "invitees": _count(Invitee, "evaluation__programme"),
        "submissions": _count(Submission, "evaluation__programme"),
        "submissions_last": _latest(Submission, "evaluation__programme", "pk"),
    }


def fingerprint(programme: Programme) -> str:
    """A hash that changes whenever the data the report shows changes: one query.

    The day is part of it too: readiness warnings and overdue reviews depend on today's date."""
    columns = _fingerprint_columns()
    columns = {f"fp_{name}": column for name, column in columns.items()}  # clear of the model's fields
    row = (
        Programme.objects.filter(pk=programme.pk)
        .annotate(**columns)
        .values_list("updated", "organisation__name", "organisation__logo", *columns)
        .get()
    )
    key = repr((row, timezone.localdate().isoformat()))
    return hashlib.sha256(key.encode()).hexdigest()


def estimate_pages(programme: Programme) -> int:
    """A cheap guess of the report's length (one query), to send long ones to a worker."""
    from budget.models import CostLine
    from evaluation.models import Evaluation
    from logistics.models import ChecklistItem
    from matching.models import Pair
    from programmes.models import Enrolment, Session
    from risks.models import Risk

    columns = {
        "sessions": _count(Session, "programme"),
        "participants": _count(Enrolment, "programme"),
        "evaluations": _count(Evaluation, "programme"),
        "rows": _count(CostLine, "programme"),
        "risks": _count(Risk, "programme"),
        "checklist": _count(ChecklistItem, "programme"),
        "pairs": _count(Pair, "plan__programme"),
    }
    values = (
        Programme.objects.filter(pk=programme.pk)
        .annotate(**{f"n_{name}": column for name, column in columns.items()})
        .values_list(*(f"n_{name}" for name in columns))
        .get()
    )
    counts = dict(zip(columns, values, strict=True))
    counts = {name: value or 0 for name, value in counts.items()}
    table_rows = counts["rows"] + counts["risks"] + counts["checklist"] + counts["pairs"]
    return int(
        6  # cover, contents, summary and goals, needs, budget chart, knowledge gain
        + 2 * counts["sessions"] / SESSIONS_PER_PAGE  # work programme and logistics
        + counts["participants"] / PARTICIPANTS_PER_PAGE
        + 2 * counts["evaluations"]
        + table_rows / ROWS_PER_PAGE
    )


# --------------------------------------------------------------------------- sections


def _participants(programme: Programme) -> dict:
    from programmes.selectors import programme_enrolments

    enrolments = list(programme_enrolments(programme).order_by("organisation__name", "role", "person__full_name"))
    roles = EnrolmentRole.values
    per_org: dict[int, dict] = {}
    for enrolment in enrolments:
        row = per_org.setdefault(
            enrolment.organisation_id, {"organisation": enrolment.organisation, "counts": Counter(), "total": 0}
        )
        if enrolment.acceptance != AcceptanceStatus.DECLINED:
            row["counts"][enrolment.role] += 1
            row["total"] += 1
    table = [
        {"organisation": row["organisation"], "cells": [row["counts"][role] for role in roles], "total": row["total"]}
        for row in per_org.values()
    ]
    totals = [sum(row["cells"][i] for row in table) for i in range(len(roles))]
    return {
        "enrolments": enrolments,
        "role_labels": [EnrolmentRole(role).label for role in roles],
        "by_organisation": table,
        "role_totals": totals,
        "participant_total": sum(totals),
    }


def _needs(programme: Programme) -> dict:
    from assessments.enums import CampaignKind
    from assessments.selectors import campaign_analysis
    from assessments.views import analysis_charts  # the same charts as the analysis page

    campaign = (
        programme.campaigns.filter(kind=CampaignKind.BASELINE).order_by("-created", "-pk").first()
        or programme.campaigns.order_by("-created", "-pk").first()
    )
    if campaign is None:
        return {"campaign": None}
    analysis = campaign_analysis(campaign)
    drawn = analysis_charts(analysis) if analysis.submitted else {}
    return {
        "campaign": campaign,
        "analysis": analysis,
        "heatmap": drawn.get("by_organisation"),
        "ranking_chart": drawn.get("ranking"),
        "top_needs": analysis.ranking[:5],
    }


def _top_topics(reasons: dict, names: dict[int, str], key: str, limit: int = 3) -> list[str]:
    topics = sorted(reasons.get("topics", []), key=lambda t: -float(t.get(key, 0) or 0))[:limit]
    return [names.get(t.get("topic"), "?") for t in topics]


def _matching(programme: Programme) -> dict:
    from matching.enums import Answer
    from matching.models import MatchingPlan
    from matching.selectors import plan_groups, plan_pairs, topic_names

    plan = MatchingPlan.objects.filter(programme=programme).first()
    if plan is None:
        return {"plan": None, "pairs": [], "groups": []}
    pairs = [pair for pair in plan_pairs(plan) if not pair.is_declined]
    groups = list(plan_groups(plan))
    ids = [t["topic"] for item in (*pairs, *groups) for t in item.reasons.get("topics", [])]
    names = topic_names(ids)
    for pair in pairs:
        pair.top_topics = _top_topics(pair.reasons, names, "points")
    for group in groups:
        group.top_topics = _top_topics(group.reasons, names, "members")
        group.people = [member for member in group.members.all() if member.answer != Answer.DECLINED]
    return {"plan": plan, "pairs": pairs, "groups": groups}


def _work_programme(programme: Programme) -> dict:
    from programmes.selectors import (
        planned_hours,
        planned_hours_by_topic,
        programme_sessions,
        programme_tasks,
        timeline_sessions,
    )

    sessions = list(timeline_sessions(programme_sessions(programme)))
    return {
        "sessions": sessions,
        "planned_hours": planned_hours(programme.sessions.all()),
        "hours_by_topic": planned_hours_by_topic(programme.sessions.all()),
        "tasks": list(programme_tasks(programme)) if programme.is_peer else [],
    }


def _logistics(programme: Programme) -> dict:
    from logistics.selectors import checklist_items, checklist_progress, group_by_section, programme_session_rows

    return {
        "session_rows": programme_session_rows(programme),
        "progress": checklist_progress(programme),
        "checklist": [group for group in group_by_section(checklist_items(programme)) if group.items],
    }


def _budget(programme: Programme) -> dict:
    from budget.selectors import budget_summary, programme_funding_sources
    from budget.views import budget_charts  # the budget page's own bar charts

    summary = budget_summary(programme)
    return {
        "summary": summary,
        "currency": summary.currency,
        "charts": budget_charts(summary),
        "funding_sources": list(programme_funding_sources(programme)),
    }


def _risks(programme: Programme) -> dict:
    from risks.readiness import readiness_warnings
    from risks.selectors import programme_risks, risk_counts

    return {
        "risks": list(programme_risks(programme)),
        "counts": risk_counts(programme),
        "warnings": readiness_warnings(programme),
    }


def _ids_of(svg: str, prefix: str) -> str:
    """The chart with `prefix` before its element ids: the analysis page draws one evaluation, the
    report several of the same questionnaire, whose charts would otherwise share ids."""

    def prefixed(match: re.Match) -> str:
        return f'{match[1]}="{" ".join(prefix + name for name in match[2].split())}"'

    return re.sub(r'\b(id|aria-labelledby)="([^"]*)"', prefixed, svg)


def _evaluations(programme: Programme) -> list[dict]:
    from evaluation.analysis import evaluation_analysis
    from evaluation.selectors import programme_evaluations
    from evaluation.views_analysis import scale_chart  # the same chart as the analysis page

    result = []
    for evaluation in programme_evaluations(programme).order_by("opens_at", "pk"):
        analysis = evaluation_analysis(evaluation, text_cap=0)
        scales = [
            {
                "result": row,
                "chart": mark_safe(_ids_of(scale_chart(row), f"e{evaluation.pk}-")) if row.summary.n else None,
            }
            for row in analysis.results
            if row.is_scale
        ]
        result.append({"evaluation": evaluation, "analysis": analysis, "scales": scales})
    return result


def _knowledge_gain(programme: Programme) -> dict:
    from evaluation.analysis import knowledge_gain, knowledge_gain_chart

    gain = knowledge_gain(programme)
    chart = knowledge_gain_chart(gain) if gain.topics else None  # the same chart as the knowledge-gain page
    return {"gain": gain, "chart": mark_safe(chart) if chart else None}


def context(programme: Programme, progress: Callable[[int], None] = lambda percent: None) -> dict:
    """The template context of the report (in the active language); reports progress up to 55 %."""
    steps = [
        ("participants", _participants),
        ("needs", _needs),
        ("matching", _matching),
        ("work", _work_programme),
        ("logistics", _logistics),
        ("budget", _budget),
        ("risks", _risks),
        ("evaluations", _evaluations),
        ("knowledge", _knowledge_gain),
    ]
    result = {
        "programme": programme,
        "organisation": programme.organisation,
        "logo": programme.organisation.logo.name if programme.organisation.logo else "",
        "today": timezone.localdate(),
    }
    for index, (name, build) in enumerate(steps, start=1):
        result[name] = build(programme)
        progress(5 + 50 * index // len(steps))
    budget = result["budget"]["summary"]
    campaign = result["needs"].get("analysis")
    result["facts"] = {
        "participants": result["participants"]["participant_total"],
        "sessions": len(result["work"]["sessions"]),
        "hours": result["work"]["planned_hours"],
        "planned": budget.planned,
        "actual": budget.actual,
        "secured": budget.funding.secured,
        "requested": budget.funding.requested,
        "gap": budget.gap,
        "needs_rate": round(100 * campaign.response_rate) if campaign else None,
        "evaluation_rates": [(item["evaluation"], item["analysis"].rate) for item in result["evaluations"]],
    }
    return result


PROGRAMME_REPORT = register(
    Document(
        code="programme",
        template="reports/programme.html",
        get_object=programme_for_report,
        load=load,
        fingerprint=fingerprint,
        context=context,
        filename=filename,
        estimate_pages=estimate_pages,
        allowed_uploads=allowed_uploads,
    )
)
