"""Organisation logos: PNG or JPEG pictures of at most 2 MB, kept privately.

A logo has no public address (it lives in the private storage, like session materials); it is
shown only inside documents, which embed it through the PDF renderer's `upload:` scheme.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_EXTENSIONS = ("png", "jpg", "jpeg")
# What the file must really be, whatever its name says.
LOGO_FORMATS = {"PNG", "JPEG"}


def logo_upload_to(instance, filename: str) -> str:
    """logos/<random>/logo.<png|jpg>: an unguessable folder and a plain name."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    extension = "jpg" if extension == "jpeg" else extension
    return f"logos/{secrets.token_urlsafe(16)}/logo.{extension}"


validate_logo_extension = FileExtensionValidator(
    allowed_extensions=LOGO_EXTENSIONS,
    message=_("A logo must be a PNG or JPEG picture, not “%(extension)s”."),
)


def validate_logo(file) -> None:
    """At most 2 MB, and a picture that really is PNG or JPEG (checked with Pillow)."""
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s; it may be at most %(limit)s."),
            code="logo_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(LOGO_MAX_BYTES)},
        )
    from PIL import Image, UnidentifiedImageError

    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        kind = None
    finally:
        file.seek(position)
    if kind not in LOGO_FORMATS:
        raise ValidationError(_("The logo is not a PNG or JPEG picture."), code="logo_not_image")
