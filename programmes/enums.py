from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    TUTORING = "tutoring", _("Tutoring")
    PEER = "peer", _("Peer-to-peer")
    BOTH = "both", _("Tutoring and peer-to-peer")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEEDS_ASSESSMENT = "needs_assessment", _("Needs assessment")
    MATCHING = "matching", _("Matching")
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Closed")


S = ProgrammeStatus
# The workflow: forward one step, back one step where work may need redoing, closing from evaluation,
# reopening a closed programme for a late evaluation.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.NEEDS_ASSESSMENT,),
    S.NEEDS_ASSESSMENT: (S.MATCHING, S.DRAFT),
    S.MATCHING: (S.PLANNED, S.NEEDS_ASSESSMENT),
    S.PLANNED: (S.RUNNING, S.MATCHING),
    S.RUNNING: (S.EVALUATION,),
    S.EVALUATION: (S.CLOSED, S.RUNNING),
    S.CLOSED: (S.EVALUATION,),
}


class EnrolmentRole(models.TextChoices):
    TUTOR = "tutor", _("Tutor")
    TRAINEE = "trainee", _("Trainee")
    PEER = "peer", _("Peer")
    FACILITATOR = "facilitator", _("Facilitator")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class AcceptanceStatus(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class SessionKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    WORKING_SESSION = "working_session", _("Working session")
    WORKSHOP = "workshop", _("Workshop")
    STUDY_VISIT = "study_visit", _("Study visit")
    ONLINE_MEETING = "online_meeting", _("Online meeting")
    EMAIL_EXCHANGE = "email_exchange", _("E-mail exchange")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO_CALL = "video_call", _("Video call")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    OTHER = "other", _("Other")


class TaskStatus(models.TextChoices):
    TO_DO = "to_do", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class MaterialKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
