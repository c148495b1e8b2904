"""`{% load pk_urls %}{% pk_url "app:name" object.pk %}`: `{% url %}` for a URL taking one `pk`, cheap in a loop."""

from django import template

from core import reversing

register = template.Library()


@register.simple_tag
def pk_url(viewname, pk):
    return reversing.pk_url(viewname, pk)
