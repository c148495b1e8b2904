import datetime

import factory
from django.utils import timezone

from core.enums import OrganisationKind, Role
from core.models import Expertise, Membership, Organisation, Topic, User
from programmes.enums import EnrolmentRole, Method
from programmes.models import Enrolment, Programme, Session


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.LOCAL_GOVERNMENT
    country = "BE"


class CoordinatorOrganisationFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Energy agency {n}")
    kind = OrganisationKind.COORDINATOR


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    languages = factory.LazyFunction(lambda: ["en"])
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.LG_STAFF


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    code = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
    order = factory.Sequence(lambda n: 1000 + n)


class ExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expertise

    user = factory.SubFactory(UserFactory)
    topic = factory.SubFactory(TopicFactory)
    level = 3


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title = factory.Sequence(lambda n: f"Programme {n}")
    organisation = factory.SubFactory(CoordinatorOrganisationFactory)
    method = Method.TUTORING
    start_date = datetime.date(2027, 1, 1)
    end_date = datetime.date(2027, 6, 30)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    programme = factory.SubFactory(ProgrammeFactory)
    person = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = EnrolmentRole.TRAINEE


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    location = "Town hall"


def member(organisation: Organisation, role: str, **user_fields) -> User:
    """A new person working for an organisation in a role."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "risks.Risk"

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    category = "other"
    likelihood = 3
    impact = 3


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "budget.CostLine"

    programme = factory.SubFactory(ProgrammeFactory)
    category = "catering"
    description = factory.Sequence(lambda n: f"Cost {n}")
    planned_amount = "100.00"  # saved as an exact Decimal; pass a Decimal to compare the attribute


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "budget.FundingSource"

    programme = factory.SubFactory(ProgrammeFactory)
    kind = "own"
    name = factory.Sequence(lambda n: f"Fund {n}")
    amount = "100.00"  # saved as an exact Decimal; pass a Decimal to compare the attribute
    status = "granted"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "logistics.Venue"

    organisation = factory.SubFactory(CoordinatorOrganisationFactory)
    name = factory.Sequence(lambda n: f"Venue {n}")
    address = "Grote Markt 1, Leuven"
    capacity = 30


class SessionLogisticsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "logistics.SessionLogistics"

    session = factory.SubFactory(SessionFactory)
    venue = factory.SubFactory(VenueFactory, organisation=factory.SelfAttribute("..session.programme.organisation"))
    catering_headcount = 10


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "logistics.ChecklistTemplate"

    organisation = factory.SubFactory(CoordinatorOrganisationFactory)
    name = factory.Sequence(lambda n: f"Template {n}")


class ChecklistTemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "logistics.ChecklistTemplateItem"

    template = factory.SubFactory(ChecklistTemplateFactory)
    section = "procedures"
    title = factory.Sequence(lambda n: f"Template task {n}")
    order = factory.Sequence(lambda n: n)


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "logistics.ChecklistItem"

    programme = factory.SubFactory(ProgrammeFactory)
    section = "procedures"
    title = factory.Sequence(lambda n: f"Task {n}")
    order = factory.Sequence(lambda n: n)


class SwotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "logistics.Swot"

    programme = factory.SubFactory(ProgrammeFactory, method=Method.PEER)
    organisation = factory.SubFactory(OrganisationFactory)


class SwotEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "logistics.SwotEntry"

    swot = factory.SubFactory(SwotFactory)
    quadrant = "strengths"
    text = factory.Sequence(lambda n: f"Entry {n}")


class SwotCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "logistics.SwotComment"

    swot = factory.SubFactory(SwotFactory)
    text = factory.Sequence(lambda n: f"Comment {n}")


class WorkshopSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.WorkshopSeries"

    programme = factory.SubFactory(ProgrammeFactory, method=Method.PEER)
    title = factory.Sequence(lambda n: f"Workshop series {n}")


class PracticalTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.PracticalTask"

    programme = factory.SubFactory(ProgrammeFactory, method=Method.PEER)
    title = factory.Sequence(lambda n: f"Task {n}")
    due_date = datetime.date(2027, 3, 1)


class LinkMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.Material"

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"Reading {n}")
    kind = "link"
    url = factory.Sequence(lambda n: f"https://docs.example.org/reading-{n}")


class FileMaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programmes.Material"

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"Slides {n}")
    kind = "file"
    file = factory.django.FileField(filename="slides.pdf", data=b"%PDF-1.4 slides")
