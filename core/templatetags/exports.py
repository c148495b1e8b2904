"""`{% export_links %}`: the CSV and XLSX downloads of the list on screen, with its current filters."""

from django import template

from core.exports import EXPORT_PARAMETER, FORMATS

register = template.Library()


@register.inclusion_tag("includes/export_links.html", takes_context=True)
def export_links(context):
    request = context["request"]
    links = []
    for fmt in FORMATS:
        query = request.GET.copy()
        query.pop("page", None)
        query[EXPORT_PARAMETER] = fmt
        links.append((fmt.upper(), f"{request.path}?{query.urlencode()}"))
    return {"links": links}
