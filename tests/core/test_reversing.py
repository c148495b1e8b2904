import pytest
from django.urls import reverse, set_script_prefix

from core.reversing import pk_url
from core.templatetags.pk_urls import pk_url as pk_url_tag

NAMES = ["programmes:detail", "programmes:session_edit", "programmes:enrolment_remove", "logistics:session"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("pk", [0, 7, 1234567890123, "42"])
def test_pk_url_is_what_reverse_gives(name, pk):
    assert pk_url(name, pk) == reverse(name, kwargs={"pk": pk}) == pk_url_tag(name, pk)


def test_pk_url_follows_the_script_prefix():
    try:
        set_script_prefix("/mia/")
        assert pk_url("programmes:detail", 3) == "/mia/programmes/3/" == reverse("programmes:detail", args=[3])
    finally:
        set_script_prefix("/")
    assert pk_url("programmes:detail", 3) == reverse("programmes:detail", args=[3])
