"""The items of the default administrative checklist, by section.

Written in English and marked for translation; they are copied into an organisation's
default template in the language active when it is first needed, and from then on the
organisation edits them as its own text.
"""

from django.utils.translation import gettext_lazy as _

from .enums import ChecklistSection

DEFAULT_TEMPLATE_NAME = _("Standard checklist")

DEFAULT_ITEMS = {
    ChecklistSection.TEAM: [
        _("Name the programme coordinator and a deputy"),
        _("Agree who is responsible for content, logistics, communication and finance"),
        _("Confirm the tutors and facilitators and their availability"),
        _("Share the contact list and the meeting schedule of the organising team"),
    ],
    ChecklistSection.PROCEDURES: [
        _("Obtain the internal approval of the programme and its budget"),
        _("Have each participant's organisation approve their participation"),
        _("Collect the participants' consent to the processing of their personal data"),
        _("Check the reporting and documentation rules of the funders"),
    ],
    ChecklistSection.CORRESPONDENCE: [
        _("Invite the partner organisations in writing"),
        _("Ask the key organisations for a letter of support"),
        _("Send the participants the agenda, venue and travel information"),
        _("Send thank-you letters and certificates after the programme"),
    ],
    ChecklistSection.PROCUREMENT: [
        _("Venue rental"),
        _("Catering"),
        _("Interpretation services"),
        _("Travel and accommodation"),
        _("Printing of materials"),
    ],
    ChecklistSection.MATERIALS: [
        _("Agenda of each session"),
        _("Preparation materials for the participants"),
        _("Presentations of the tutors"),
        _("Attendance sheets"),
        _("Evaluation questionnaires"),
        _("Certificates of participation"),
    ],
}
