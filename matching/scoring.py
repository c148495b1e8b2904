"""From needs and profiles to scores: the formulas, as plain functions (no database).

Tutor score of a trainee t with a tutor u (None = the pair is not allowed)::

    not allowed when they share no language, or (option) when both work for the same organisation
    score = Σ over topics  weight(priority) × covered
            covered = min(gap, max(0, expertise_u − current_t)),  gap = max(0, required_t − current_t)
            weight  = 1 (low or unanswered), 2 (medium), 3 (high)
          + COUNTRY_BONUS when the option "prefer the same country" is on and both are from one country

So a tutor scores on a topic only by the levels of the gap their expertise lies above the
trainee's current level: an expert at level 5 covers all of a 2 → 4 gap (2 levels), a tutor at 3
covers one level of it, a tutor at 2 none.

Peer affinity of two participants p, q in a module (symmetric)::

    need(x, topic) = weight(priority) × gap        (0 without an answer)
    affinity = Σ over the module's topics (all topics if it has none) min(need(p), need(q))   shared interests
             + MODULE_POINTS × (number of other modules both chose)
             + for an "even" module: SITUATION_POINTS if same size band, SITUATION_POINTS if same plan status
             − SAME_ORGANISATION_PENALTY when both work for one organisation (peers learn from other councils)
             − NO_LANGUAGE_PENALTY when they share no language

For a "mixed" module the solver also puts at least one experienced participant (a municipality
with a SECAP or a monitoring report submitted) with less experienced ones in every group where the
counts allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PRIORITY_WEIGHT = {1: 1, 2: 2, 3: 3}
COUNTRY_BONUS = 1.0
MODULE_POINTS = 1.0
SITUATION_POINTS = 1.0
SAME_ORGANISATION_PENALTY = 2.0
NO_LANGUAGE_PENALTY = 100.0
EXPERIENCED_PLAN_STATUSES = frozenset({"secap", "monitoring"})
# Population bands for "comparable situations".
SIZE_BANDS = ((10_000, "lt10k"), (50_000, "lt50k"), (250_000, "lt250k"))


def size_band(population: int | None) -> str:
    if population is None:
        return ""
    for limit, band in SIZE_BANDS:
        if population < limit:
            return band
    return "gte250k"


@dataclass(frozen=True)
class Need:
    current: int
    required: int
    priority: int | None = None

    @property
    def gap(self) -> int:
        return max(0, self.required - self.current)

    @property
    def weight(self) -> int:
        return PRIORITY_WEIGHT.get(self.priority or 1, 1)


@dataclass
class Person:
    """What the formulas know of one participant (an enrolment)."""

    key: int
    organisation: int
    country: str = ""
    languages: frozenset[str] = frozenset()
    needs: dict[int, Need] = field(default_factory=dict)  # topic id -> need
    expertise: dict[int, int] = field(default_factory=dict)  # topic id -> level 1-5
    modules: frozenset[int] = frozenset()
    size_band: str = ""
    plan_status: str = ""
    answered: bool = False  # has a submitted needs assessment

    @property
    def experienced(self) -> bool:
        return self.plan_status in EXPERIENCED_PLAN_STATUSES

    def need(self, topic: int) -> float:
        need = self.needs.get(topic)
        return float(need.weight * need.gap) if need else 0.0


@dataclass(frozen=True)
class Options:
    forbid_same_organisation: bool = True
    prefer_same_country: bool = False


@dataclass(frozen=True)
class TopicPoints:
    topic: int
    points: float
    gap: int
    tutor_level: int
    weight: int


@dataclass(frozen=True)
class Scored:
    score: float
    topics: tuple[TopicPoints, ...]
    languages: tuple[str, ...]
    same_country: bool

    def reasons(self) -> dict:
        """What a pair keeps of its score, to say why (JSON)."""
        return {
            "topics": [
                {"topic": t.topic, "points": t.points, "gap": t.gap, "tutor_level": t.tutor_level, "weight": t.weight}
                for t in self.topics
            ],
            "languages": list(self.languages),
            "same_country": self.same_country,
        }


def excluded_because(trainee: Person, tutor: Person, options: Options) -> str:
    """Why this pair is not allowed ("" when it is): "no_language" or "own_organisation"."""
    if not (trainee.languages & tutor.languages):
        return "no_language"
    if options.forbid_same_organisation and trainee.organisation == tutor.organisation:
        return "own_organisation"
    return ""


def tutor_score(trainee: Person, tutor: Person, options: Options) -> Scored | None:
    if excluded_because(trainee, tutor, options):
        return None
    topics = []
    for topic, need in trainee.needs.items():
        if need.gap <= 0:
            continue
        level = tutor.expertise.get(topic, 0)
        covered = min(need.gap, max(0, level - need.current))
        if covered:
            topics.append(TopicPoints(topic, float(need.weight * covered), need.gap, level, need.weight))
    topics.sort(key=lambda t: (-t.points, t.topic))
    same_country = bool(trainee.country) and trainee.country == tutor.country
    score = sum(t.points for t in topics)
    if options.prefer_same_country and same_country:
        score += COUNTRY_BONUS
    return Scored(score, tuple(topics), tuple(sorted(trainee.languages & tutor.languages)), same_country)


def peer_affinity(p: Person, q: Person, topics: frozenset[int] | None, policy: str) -> float:
    """The affinity of two peers in a module with these topics (None: all topics)."""
    shared_topics = topics if topics else set(p.needs) | set(q.needs)
    value = sum(min(p.need(t), q.need(t)) for t in shared_topics)
    value += MODULE_POINTS * max(0, len(p.modules & q.modules) - 1)
    if policy == "even":
        if p.size_band and p.size_band == q.size_band:
            value += SITUATION_POINTS
        if p.plan_status and p.plan_status == q.plan_status:
            value += SITUATION_POINTS
    if p.organisation == q.organisation:
        value -= SAME_ORGANISATION_PENALTY
    if not (p.languages & q.languages):
        value -= NO_LANGUAGE_PENALTY
    return float(value)


def affinity_matrix(people: list[Person], topics: frozenset[int] | None, policy: str) -> list[list[float]]:
    n = len(people)
    matrix = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j] = matrix[j][i] = peer_affinity(people[i], people[j], topics, policy)
    return matrix


def group_reasons(members: list[Person], topics: frozenset[int] | None, policy: str) -> dict:
    """Why these people are together: the topics most of them need, common languages, the policy."""
    counts: dict[int, int] = {}
    for person in members:
        for topic, need in person.needs.items():
            if need.gap > 0 and (not topics or topic in topics):
                counts[topic] = counts.get(topic, 0) + 1
    shared = sorted((t for t, c in counts.items() if c >= 2), key=lambda t: (-counts[t], t))[:5]
    languages = frozenset.intersection(*(m.languages for m in members)) if members else frozenset()
    return {
        "topics": [{"topic": t, "members": counts[t]} for t in shared],
        "languages": sorted(languages),
        "policy": policy,
        "experienced": sum(1 for m in members if m.experienced),
        "size_bands": sorted({m.size_band for m in members if m.size_band}),
        "organisations": len({m.organisation for m in members}),
    }
