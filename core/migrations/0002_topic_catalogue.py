"""Fill the competence catalogue with the Covenant of Mayors themes.

The names are marked for translation here, so the catalogues carry them and Topic.__str__
shows them in the reader's language. Administrators may edit or add topics afterwards.
"""

from django.db import migrations
from django.utils.translation import gettext_noop

TOPICS = [
    (
        "seap-secap",
        gettext_noop("SEAP/SECAP development"),
        "Preparing a Sustainable Energy (and Climate) Action Plan: scope, targets, actions.",
    ),
    (
        "baseline-inventory",
        gettext_noop("Baseline emission inventory"),
        "Collecting energy and emission data for the base year.",
    ),
    (
        "monitoring-reporting",
        gettext_noop("Monitoring and reporting"),
        "Monitoring the plan's implementation and reporting to the Covenant.",
    ),
    (
        "financing",
        gettext_noop("Financing (EU funds, ESCO, energy performance contracts)"),
        "Funding actions: EU programmes, third-party financing, ESCOs and EPCs.",
    ),
    ("public-buildings", gettext_noop("Public buildings"), "Energy efficiency and renovation of municipal buildings."),
    ("public-lighting", gettext_noop("Public lighting"), "Efficient street and public lighting."),
    ("renewable-energy", gettext_noop("Renewable energy"), "Local renewable production and supply."),
    ("mobility", gettext_noop("Mobility"), "Sustainable transport and mobility planning."),
    (
        "adaptation-risk",
        gettext_noop("Adaptation and risk"),
        "Climate risk and vulnerability assessment and adaptation actions.",
    ),
    (
        "engagement",
        gettext_noop("Citizen and stakeholder engagement"),
        "Involving citizens, businesses and stakeholders.",
    ),
    ("green-procurement", gettext_noop("Green public procurement"), "Environmental criteria in public tenders."),
    ("energy-poverty", gettext_noop("Energy poverty"), "Identifying and alleviating energy poverty."),
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("core", "Topic")
    for order, (code, name, description) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "order": order * 10}
        )


def remove_topics(apps, schema_editor):
    apps.get_model("core", "Topic").objects.filter(code__in=[code for code, *_rest in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
