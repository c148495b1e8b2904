"""The barriers the method names (guidelines 2.3 and 3.3), as the first entries of every register.

Likelihood and impact are starting estimates for the coordinator to adjust; none reaches the
high score, so a new programme opens without risk warnings until someone raises one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .enums import Barrier, RiskCategory


@dataclass(frozen=True)
class SeedRisk:
    code: str
    category: str
    likelihood: int
    impact: int
    description: Promise
    mitigation: Promise

    @property
    def title(self) -> Promise:
        return Barrier(self.code).label


BARRIERS: tuple[SeedRisk, ...] = (
    SeedRisk(
        code=Barrier.KEY_ORGANISATION_SUPPORT,
        category=RiskCategory.ORGANISATIONAL_SUPPORT,
        likelihood=2,
        impact=5,
        description=_(
            "The key organisations do not approve their employees' participation, or do not share real "
            "information on their capacities, needs and goals, so the training misses its target."
        ),
        mitigation=_(
            "Meet the decision makers of each key organisation before the start; agree on the goals, the "
            "data they provide and the staff they send; ask for the approval of every participant early."
        ),
    ),
    SeedRisk(
        code=Barrier.COMMON_GOALS,
        category=RiskCategory.GOALS_AND_FOCUS,
        likelihood=2,
        impact=4,
        description=_(
            "Tutors and trainees, or the peers of a group, do not work towards shared goals; without "
            "two-way communication long-term cooperation does not develop."
        ),
        mitigation=_(
            "Write the programme's goals from the needs assessment, share them with every participant, "
            "adapt sessions to the group's level and plan time for discussion in each one."
        ),
    ),
    SeedRisk(
        code=Barrier.FINANCIAL_RESOURCES,
        category=RiskCategory.FINANCIAL,
        likelihood=3,
        impact=4,
        description=_("Without assured funding the training cannot reach the quality or the results expected."),
        mitigation=_(
            "Estimate every cost in advance, secure the funding sources before committing, look beyond own "
            "funds (EU, national, partners, sponsors) and share costs with events on the same theme."
        ),
    ),
    SeedRisk(
        code=Barrier.PARTICIPANT_PROFILE,
        category=RiskCategory.PARTICIPANTS_AND_MATCHING,
        likelihood=3,
        impact=3,
        description=_(
            "Participants lack the competence or the shared interests the programme needs, or tutors and "
            "groups are matched poorly, so the support is not productive."
        ),
        mitigation=_(
            "Select experts who can apply and pass on what they learn; match on the needs-assessment gaps, "
            "shared interests and comparable situations, and let participants choose their module."
        ),
    ),
    SeedRisk(
        code=Barrier.PEER_OPENNESS,
        category=RiskCategory.COOPERATION_AND_OPENNESS,
        likelihood=2,
        impact=3,
        description=_(
            "Relevant to peer-to-peer programmes: peers are not fully open to each other about the topics "
            "they work on, or their decision makers do not open their resources to the group."
        ),
        mitigation=_(
            "Agree on openness and confidentiality at the first workshop, keep participation voluntary, and "
            "involve the decision makers of each partner from the start."
        ),
    ),
)
