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
