"""Preparation materials: which uploads are accepted, and where they are kept.

Files live under MEDIA_ROOT in an unguessable folder and have no public address: the only way to
read one is the download view, which checks that the person belongs to the session.
"""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

ALLOWED_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "png", "jpg", "zip")
NAME_MAX_CHARS = 150


class PrivateStorage(FileSystemStorage):
    """Files kept under MEDIA_ROOT that no URL serves."""

    def url(self, name):
        raise ValueError("A private file has no public URL; link to its download view.")


_private = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _private


def material_upload_to(instance, filename: str) -> str:
    """materials/<year>/<month>/<random>/<the uploaded name, made safe>."""
    stem, extension = os.path.splitext(os.path.basename(filename))
    name = get_valid_filename(stem)[: NAME_MAX_CHARS - len(extension)] + extension.lower()
    return f"materials/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}/{name}"


validate_material_extension = FileExtensionValidator(
    allowed_extensions=ALLOWED_EXTENSIONS,
    message=_("Files of type “%(extension)s” cannot be uploaded. Allowed types: %(allowed_extensions)s."),
)


def validate_material_size(file) -> None:
    limit = settings.MATERIAL_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; a material may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
